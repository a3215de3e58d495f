// The server's three senders, built from the configuration (on the stream thread): a malformed
// --udp-target or --icecast-target throws E_CONFIG naming it, so a bad config fails at boot.
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { SeqEntries } from './hls/index.js';
import { HlsHttp, HlsOutput } from './hls/index.js';
import { HttpSender } from './http/index.js';
import type { ListenerTap } from './listener-tap.js';
import { IcecastSender } from './icecast/index.js';
import { isMountSink } from './mounts/mount-stream.js';
import type { MountConfig } from './mounts/profiles.js';
import type { MountCodec, MountSink } from './mounts/types.js';
import { mountProfiles } from './mounts/profiles.js';
import { SenderTable } from './table.js';
import { UdpSender } from './udp/index.js';

/** The options of the senders (and of the stream engine): what the stream thread is told. */
export type SenderConfig = Pick<
  Config,
  | 'httpPort'
  | 'httpListenAddress'
  | 'httpDefaultDeny'
  | 'httpAccess'
  | 'httpMaxClients'
  | 'httpMaxConnections'
  | 'httpMaxConnectionsPerAddress'
  | 'httpMaxLag'
  | 'httpFlushMs'
  | 'httpNoAutostart'
  | 'hlsDisable'
  | 'hlsTargetDuration'
  | 'hlsListSize'
  | 'hlsDir'
  | 'afsDatabaseDir'
  | keyof MountConfig
  | 'udpTarget'
  | 'udpDefaultPort'
  | 'udpNoAutostart'
  | 'udpHeaderInterval'
  | 'udpTtl'
  | 'udpMcastIface'
  | 'icecastTarget'
  | 'icecastStandbyTarget'
  | 'icecastAdmin'
  | 'icecastNoAutostart'
  | 'icecastName'
  | 'icecastDescription'
  | 'icecastPublic'
>;

export interface ServerSenders {
  table: SenderTable;
  http: HttpSender;
  udp: UdpSender;
  icecast: IcecastSender;
  /** the HLS output: a MountSink for the live mounts, served by `http` under /hls/ */
  hls: HlsOutput | undefined;
  /** what the live mounts' chunks go to: the senders that serve mounts, and HLS */
  mountSinks(): readonly MountSink[];
  /** switches on what the configuration says; returns each sender's line for `tasks` */
  autostart(): Promise<{ name: string; status: string }[]>;
  stop(): Promise<void>;
}

/** HLS under a playout leader (PostgreSQL): stand by until told to lead, share the sequence */
export interface HlsLeadOptions {
  followsLead: boolean;
  share?: ((entries: SeqEntries) => void) | undefined;
  onServed?: ((codec: MountCodec, seq: number, disc: number) => void) | undefined;
}

/** `tap` hears of listener sessions (the audience, issue #17). */
export function buildSenders(
  config: SenderConfig,
  logger: Logger,
  tap?: ListenerTap,
  hlsLead?: HlsLeadOptions,
): ServerSenders {
  const table = new SenderTable();
  const http = new HttpSender({
    port: config.httpPort,
    listenAddresses: config.httpListenAddress,
    defaultDeny: config.httpDefaultDeny,
    access: config.httpAccess,
    maxClients: config.httpMaxClients,
    // 0: derived from the open-file limit
    maxConnections: config.httpMaxConnections === 0 ? undefined : config.httpMaxConnections,
    maxConnectionsPerAddress: config.httpMaxConnectionsPerAddress,
    maxLagS: config.httpMaxLag,
    flushMs: config.httpFlushMs,
    mounts: mountProfiles(config),
    tap,
    log: logger,
  });
  table.add(http);
  http.standby = hlsLead?.followsLead ?? false;
  let hls: HlsOutput | undefined;
  if (!config.hlsDisable) {
    hls = new HlsOutput({
      targetS: config.hlsTargetDuration,
      listSize: config.hlsListSize,
      stateDir: config.afsDatabaseDir,
      segmentDir: config.hlsDir,
      ...hlsLead,
      log: logger.child({ sender: 'hls' }),
    });
    http.hls = new HlsHttp({
      output: hls,
      maxClients: () => config.httpMaxClients,
      otherListeners: () => http.clientCount,
      tap,
    });
  }
  const udp = new UdpSender({
    targets: config.udpTarget,
    defaultPort: config.udpDefaultPort,
    noAutostart: config.udpNoAutostart,
    headerIntervalMs: config.udpHeaderInterval,
    ttl: config.udpTtl,
    mcastIface: config.udpMcastIface,
    log: logger.child({ sender: 'udp' }),
  });
  table.add(udp);
  const icecast = new IcecastSender({
    targets: config.icecastTarget,
    standbyTargets: config.icecastStandbyTarget,
    admin: config.icecastAdmin,
    noAutostart: config.icecastNoAutostart,
    name: config.icecastName,
    description: config.icecastDescription,
    public: config.icecastPublic,
    mounts: mountProfiles(config),
    log: logger.child({ sender: 'icecast' }),
    tap,
  });
  table.add(icecast);
  const sinks: MountSink[] = [...table.all().filter(isMountSink), ...(hls ? [hls] : [])];
  return {
    table,
    http,
    udp,
    icecast,
    hls,
    mountSinks: () => sinks,
    async autostart() {
      // a busy port leaves the sender off (sender http on retries) rather than the server down
      if (!config.httpNoAutostart) {
        await http
          .start()
          .catch((err: unknown) => logger.error({ err }, 'http sender not started'));
      }
      if (udp.autostart) await udp.start();
      if (icecast.autostart) await icecast.start();
      return [
        { name: 'http sender', status: http.isOn ? `listening on port ${http.port}` : 'off' },
        { name: 'udp sender', status: udp.autostart ? 'on' : 'off' },
        { name: 'icecast sender', status: icecast.autostart ? 'on' : 'off' },
      ];
    },
    async stop() {
      for (const s of [icecast, udp, http])
        await s
          .stop()
          .catch((err: unknown) => logger.error({ err }, `${s.name} sender: stop failed`));
      await hls?.settled();
    },
  };
}
