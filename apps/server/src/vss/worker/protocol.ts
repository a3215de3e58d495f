// The messages between the main thread (afs, commands, web API) and the stream thread (engine and
// senders). The stream thread asks for files and reports its state; the main thread answers with
// files (their bytes transferred, not copied) and forwards the commands that reach the engine or
// a sender.
import type { ErrorCode } from '../../errors.js';
import type { SenderConfig } from '../../senders/build.js';
import type { SeqEntries } from '../../senders/hls/index.js';
import type { MountListeners } from '../../senders/types.js';
import type { ChunkTiming } from '../chunk-timing.js';
import type { EngineSnapshot } from '../engine.js';
import type { NextFile } from '../file-source.js';
import type { StreamBreak } from '../../senders/types.js';
import type { MountCodec } from '../../senders/mounts/types.js';
import type { AudienceBatch } from './audience-batch.js';

/** What the stream thread is started with (workerData). */
export interface StreamWorkerData {
  senders: SenderConfig;
  announceTimeMs: number;
  autoplay: boolean;
  autoplayDelayMs: number;
  /** pino level name: the stream thread drops what the main logger would drop */
  logLevel: string;
  /** HLS stands by until an hlsLead call (a playout leader is elected: PostgreSQL) */
  hlsFollowsLead: boolean;
}

/** HLS under a playout leader, on the main thread: it stands by until told, and hears of the
 * reservations and the segments served (hls-leader.ts keeps them for the next leader) */
export interface HlsFollow {
  followsLead: boolean;
  onSeq(entries: SeqEntries): void;
  onServed(codec: MountCodec, seq: number, disc: number): void;
}

/** What the main thread learns of a sender: enough for `sender`, `si` and the dashboard. */
export interface SenderInfo {
  name: string;
  subcommands: Record<string, number>;
  help: string;
  isOn: boolean;
  listeners: number;
  port: number | undefined;
  /** the live mounts it serves, with their listeners */
  mounts: MountListeners[];
}

/** Requests to the stream thread, each answered by a reply with the same id. */
type NoArgs =
  'play' | 'pause' | 'stop' | 'next' | 'nomore' | 'start' | 'close' | 'timing' | 'resetTiming';
export type Call =
  | { [O in NoArgs]: { op: O } }[NoArgs]
  | { op: 'ff'; seconds: number }
  | { op: 'jmp'; percent: number }
  /** the playout leader's election moved the lead: the senders' pushes follow (issue #21) */
  | { op: 'lead'; leading: boolean }
  | { op: 'sender'; name: string; sub: string; args: string[] }
  | { op: 'senderStatus'; name: string }
  | { op: 'burst'; name: string; listenId: string }
  /** this node leads (with the last leader's HLS sequence state) or stands by: HLS and the live
   * mounts answer 503 then */
  | { op: 'hlsLead'; lead: boolean; shared?: SeqEntries | undefined };

/** What each call resolves to. */
export interface CallResults {
  play: undefined;
  pause: undefined;
  stop: undefined;
  next: undefined;
  nomore: undefined;
  ff: undefined;
  jmp: undefined;
  lead: undefined;
  sender: string | undefined;
  senderStatus: string;
  burst: number | undefined;
  hlsLead: undefined;
  /** the senders' lines for `tasks` */
  start: { name: string; status: string }[];
  close: undefined;
  timing: ChunkTiming;
  resetTiming: undefined;
}

export type ToWorker =
  | { t: 'call'; id: number; call: Call }
  /** the answer to a `next` request; null: nothing admissible, error: afs failed */
  | { t: 'file'; req: number; next: NextFile | null; error?: string }
  /** the file chosen ahead is stale (FileSource onStale) */
  | { t: 'stale' };

export type FromWorker =
  | { t: 'ready'; senders: SenderInfo[] }
  /** the senders could not be built (a malformed target): the server does not start */
  | { t: 'failed'; code: ErrorCode; message: string }
  | { t: 'reply'; id: number; ok: true; value: unknown }
  | { t: 'reply'; id: number; ok: false; code: ErrorCode; message: string }
  /** choose the next file (FileSource.next) */
  | { t: 'next'; req: number; neededInMs: number }
  /** the file chosen as `key` started streaming (FileSource.started) */
  | { t: 'started'; key: number }
  /** the file being chosen is needed now (FileSource.hurry) */
  | { t: 'hurry' }
  | { t: 'state'; snapshot: EngineSnapshot }
  | { t: 'senders'; senders: SenderInfo[] }
  /** listener sessions, bytes, lateness and loop delay since the last one (audience-tap.ts) */
  | { t: 'audience'; batch: AudienceBatch }
  /** the stream stopped flowing (StreamBreak), at once: the play history's end of a file */
  | { t: 'break'; reason: StreamBreak; atMs: number }
  /** HLS reserved sequence numbers (rarely: once per 64 segments, at a break): keep them */
  | { t: 'hlsSeq'; entries: SeqEntries }
  /** an HLS segment was cut (every few seconds): the standbys hear of it (hls-leader.ts) */
  | { t: 'hlsServed'; codec: MountCodec; seq: number; disc: number }
  /** one pino line (JSON) of the stream thread's log */
  | { t: 'log'; line: string };
