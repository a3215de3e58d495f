// What the stream engine (engine.ts) is built with and what it shows of itself.
import type { Sender } from '../senders/types.js';
import type { Clock } from './clock.js';
import type { FileSource } from './file-source.js';
import type { VssFlags } from './flags.js';
import type { MountClockOptions } from './mount-clock.js';

export interface EngineOptions {
  source: FileSource;
  /** the senders, in the order they get each chunk */
  senders: () => readonly Sender[];
  /** the live mounts (/live.mp3, ...) and who consumes their streams; none: `/` only */
  mounts?: Omit<MountClockOptions, 'log'>;
  /** how long before the current file ends the next one is chosen (µs; CHOOSE_AHEAD_US) */
  chooseAheadUs?: number;
  /** ms between announcing a stream (status) and its first chunk, when streaming (re)starts */
  announceTimeMs: number;
  /** start playing at start() (--autoplay), after autoplayDelayMs */
  autoplay?: boolean;
  autoplayDelayMs?: number;
  /** the time it streams on (default: the wall clock; tests: a virtual one) */
  clock?: Clock;
  /** something the status shows changed (called synchronously, often several times a turn) */
  onChange: () => void;
  log?: {
    info(msg: string): void;
    error(obj: { err: unknown; sender?: string }, msg: string): void;
  };
}

/** What the status shows of the engine (the afs items come from the file named by `key`). */
export interface EngineSnapshot {
  flags: VssFlags;
  /** position of the current run's first chunk, ms */
  offsetMs: number;
  streamStartUs: number;
  /** the FileSource key of the open file */
  key: number | undefined;
  numPlayed: number;
}

/** How far behind the clock a gapless file change may start before it starts afresh instead. */
export const MAX_CATCH_UP_US = 3_000_000;
/** The next file is chosen this long before the current one ends (a busy afs cannot delay it). */
export const CHOOSE_AHEAD_US = 3_000_000;
/** ... and this long with live mounts on, so that the next file's renditions can be made. */
export const MOUNTS_CHOOSE_AHEAD_US = 60_000_000;
