// How a sender reports its listeners' sessions (issue #17): one call when a listener starts
// getting audio, one when it goes. The stream thread's tap (vss/worker/audience-tap.ts) only
// gathers them; the main thread records them in batches, so a sender never waits for it.
// Any door with listeners (`/`, `/live.*`, HLS) reports the same way, under its own `output`.

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
  /** the path listeners ask for: `/`, `/live.mp3`, `/hls/main.m3u8` ... */
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
  closed(id: number, end: ListenerEnd): void;
}
