// How a sender reports its listeners' sessions (issue #17): one call when a listener starts
// getting audio, one when it goes. The stream thread's tap (vss/worker/audience-tap.ts) only
// gathers them; the main thread records them in batches, so a sender never waits for it.
// Any door with listeners (`/`, `/live.*`, HLS) reports the same way, under its own `output`
// label (OUTPUTS); a door that only knows a count (Icecast's stats) reports the count.
import type { MountCodec } from './mounts/types.js';

/** the `output` label of each door: metrics, sessions and charts use these */
export const OUTPUTS = {
  /** `/`, the pass-through stream (players, para_recv, the admin web player) */
  http: 'http',
  /** HLS sessions (`/hls/...`), whichever variant they play */
  hls: 'hls',
  /** the live mounts `/live.mp3`, `/live.aac`, `/live.opus` */
  mount: (codec: MountCodec): string => `live.${codec}`,
  /** an Icecast target's listeners, as Icecast counts them */
  icecast: (mount: string): string => `icecast:${mount}`,
} as const;

/** Why a listener went: `client` is the player's own doing; the others are drops. */
export type ListenerEnd =
  | 'client'
  | 'overrun'
  | 'lag'
  | 'sender_off'
  | 'stream_stopped'
  | 'format_change'
  | 'end_of_file'
  | 'other';

export interface ListenerStart {
  /** the door: `http`, `live.mp3`, `hls` ... (OUTPUTS) */
  output: string;
  /** the peer's address as people write it (the recorder truncates it as configured) */
  address: string;
  /** the request's User-Agent (reduced to a player family before it is stored) */
  userAgent: string;
  /** the bytes sent to this listener so far (read once a second; must be cheap) */
  bytes: () => number;
}

export interface ListenerTap {
  /** returns the session's id, to be passed to closed() */
  opened(start: ListenerStart): number;
  /** `atMs`: when it really ended, if earlier than now (an HLS session idle since its last poll) */
  closed(id: number, end: ListenerEnd, atMs?: number): void;
  /** listeners a door only counts (Icecast); undefined: the door is gone */
  counted(output: string, listeners: number | undefined): void;
}
