// The one interface every sender (http, udp, icecast) implements: the vss hands each of them the
// same timed stream, and the `sender` command reaches them by name.
import type { FormatName } from '../afs/formats/types.js';

/** A live mount a sender serves and how many listen to it. */
export interface MountListeners {
  path: string;
  listeners: number;
}

/** What a sender learns when a file starts streaming. */
export interface StreamFile {
  /** counts the files streamed since the server started; new with every file */
  seq: number;
  format: FormatName;
  path: string;
  /** "artist - title", or the basename when the file has no tags (ICY StreamTitle, logs) */
  title: string;
  /** what a listener needs before any other chunk (ogg, flac, wma); undefined for mp3 and aac */
  header: Uint8Array | undefined;
  /** play time of one chunk: chunk n is due n * chunkTimeUs after the start of the run */
  chunkTimeUs: number;
  chunksTotal: number;
  /** format data for re-framing, e.g. the AAC AudioSpecificConfig of an m4a file */
  extra: Uint8Array | undefined;
  /** kbit/s */
  bitrate: number;
  /** Hz */
  frequency: number;
  channels: number;
}

export interface StreamChunk {
  /** index in the file; chunk 0 of a header format is the header */
  index: number;
  /** chunks sent since the stream (re)started: 0 is the first chunk of a run */
  sent: number;
  /** the chunk bytes (may be empty: ogg tables have empty chunks) */
  data: Uint8Array;
  /** when the chunk was due, microseconds on the vss clock (vss/clock.ts) */
  dueUs: number;
}

/**
 * Why the stream stops flowing: `eof` the file ended (the next one may follow at once), `next`
 * the file was skipped, `stop` streaming stopped, `pause` paused (same file and position on
 * resume), `repos` ff/jmp (the next chunk is not the one after the last).
 */
export type StreamBreak = 'eof' | 'next' | 'stop' | 'pause' | 'repos';

/** What the `sender` command and the dashboard need of a sender, on whatever thread it runs. */
export interface SenderControl {
  /** the name in `sender <name> ...`: http, udp, ... */
  readonly name: string;
  /** listening / sending; `sender <name> on|off` and --<name>-no-autostart switch it */
  readonly isOn: boolean;
  /** subcommands besides help and status, with the number of arguments each takes */
  readonly subcommands: Readonly<Record<string, number>>;
  help(): string;
  status(): string | Promise<string>;
  /** how many receive the stream now: connected listeners (http), targets (udp) */
  listenerCount(): number;
  /** the live mounts it serves (http: /live.mp3, ...) with their listeners (part of listenerCount) */
  mountListeners?(): MountListeners[];
  /**
   * Runs a subcommand whose name and argument count were checked. Resolves to its output, or
   * to undefined when an argument is malformed (the caller then shows help(), as paraslash does).
   */
  command(sub: string, args: readonly string[]): Promise<string | undefined>;
  /** the port it listens on, for a sender that listens (http) */
  readonly port?: number;
  /** how much audio the listener connected with `?listen=<id>` got at once (http; web player) */
  burstMs?(listenId: string): number | undefined | Promise<number | undefined>;
}

/** A sender as the stream engine drives it. */
export interface Sender extends SenderControl {
  /** A new file starts: every later chunk belongs to it. Called while off too. */
  fileStart(file: StreamFile): void;
  /** A chunk is due now. Must not throw and must return quickly (runs on the stream clock). */
  chunk(chunk: StreamChunk): void;
  /** The stream stops flowing (see StreamBreak). */
  streamBreak(reason: StreamBreak): void;
  status(): string;
  /** on: open sockets */
  start(): Promise<void>;
  /** off: close sockets and disconnect every client */
  stop(): Promise<void>;
}
