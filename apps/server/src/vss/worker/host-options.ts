// What the stream thread's host is given (StreamHostOptions) and whom it tells of the audience.
import type { Afs, OpenedFile } from '../../afs/index.js';
import type { Logger } from '../../log.js';
import type { SenderConfig } from '../../senders/build.js';
import type { MountFeeder } from '../../senders/mounts/types.js';
import type { StreamBreak } from '../../senders/types.js';
import type { AudienceBatch } from './audience-batch.js';
import type { HlsFollow } from './protocol.js';

export interface StreamHostOptions {
  afs: Afs;
  senders: SenderConfig;
  /** what the live mounts stream of each file (default: pass-through only, no renditions) */
  feeder?: MountFeeder;
  announceTimeMs: number;
  autoplay?: boolean;
  autoplayDelayMs?: number;
  logger: Logger;
  /** hears the stream thread's audience reports and the plays' starts and ends (issue #17) */
  audience?: StreamAudience | undefined;
  /** PostgreSQL: HLS stands by until hlsLead(true); its reservations and cuts go to hls-leader.ts */
  hls?: HlsFollow;
}

/** What the audience (apps/server/src/audience) hears from the stream thread. */
export interface StreamAudience {
  batch(batch: AudienceBatch): void;
  /** `file` started streaming (the file as chosen); `counted` settles when its play is counted */
  started(file: OpenedFile | undefined, atMs: number, counted?: Promise<unknown>): void;
  /** the stream stopped flowing: the file ended, was skipped or streaming stopped */
  ended(reason: StreamBreak, atMs: number): void;
  /** the stream thread died: its listeners are gone, the file was cut short */
  threadEnded(atMs: number): void;
}
