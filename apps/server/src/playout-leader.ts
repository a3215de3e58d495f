// The playout leader wired to the stream (issue #21). On PostgreSQL the server processes of one
// database elect a leader (leader/); only the leader streams: with --autoplay it starts playing
// when it gains the lead, and a process that loses the lead stops at once, so two never stream.
// SQLite is one box: no election, --autoplay as before.
import type { Config } from './config.js';
import { isPostgresUrl } from './db/index.js';
import { Election } from './leader/index.js';
import type { Logger } from './log.js';
import type { StatusItems } from './status/items.js';
import type { VssControl } from './vss/index.js';

export interface PlayoutLeader {
  election: Election;
  /** the status items leader and leader_since */
  items(): StatusItems;
  /** a line of `tasks` */
  task(): { name: string; status: string };
  /** resolves after the election's first round */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** whether this configuration elects a leader (then the stream thread does not autoplay itself) */
export const electsLeader = (config: Config): boolean => isPostgresUrl(config.databaseUrl);

export function playoutLeader(
  config: Config,
  vss: VssControl,
  logger: Logger,
  statusChanged: () => void,
): PlayoutLeader | undefined {
  if (!electsLeader(config)) return undefined;
  const election = new Election({
    url: config.databaseUrl,
    node: config.nodeName,
    log: { info: (msg) => logger.info(msg), warn: (msg) => logger.warn(msg) },
  });
  let autoplay: NodeJS.Timeout | undefined;
  const act = (what: string, call: () => void | Promise<void>): void => {
    Promise.resolve()
      .then(call)
      .catch((err: unknown) => logger.error({ err }, `playout leader: ${what} failed`));
  };
  election.on((e) => {
    if (e.type === 'gained' && config.autoplay) {
      autoplay = setTimeout(() => {
        if (election.isLeader) act('play', () => vss.play());
      }, config.autoplayDelay);
    } else if (e.type === 'lost') {
      clearTimeout(autoplay);
      act('stop', () => vss.stop());
    }
    statusChanged();
  });
  return {
    election,
    items: () => [
      ['leader', election.leader?.node ?? ''],
      ['leader_since', election.leader?.since.toISOString() ?? ''],
    ],
    task: () => ({
      name: `playout leader (${election.node})`,
      status: election.isLeader
        ? `leads since ${election.since?.toISOString()}`
        : `standby; ${election.leader ? `${election.leader.node} leads` : 'no node leads'}`,
    }),
    start: () => election.start(),
    close: () => {
      clearTimeout(autoplay);
      return election.close();
    },
  };
}
