// What afs hands to the streaming side when a file starts: the checked bytes, the chunk table and
// the header for new listeners.
import type { AudioFileRecord } from '../audio-file.js';

export interface OpenedFile {
  /** the row: after this play was counted (openNext), or as it was when chosen (prepareNext) */
  file: AudioFileRecord;
  /** last_played before this play: the status items show this one (docs/paraslash/afs.md §3) */
  previousLastPlayed: number;
  /** the score the file had when it was chosen */
  score: number;
  /** the whole file, read and hash-checked off the main thread */
  data: Uint8Array;
  /** chunksTotal + 1 byte offsets */
  chunkTable: Uint32Array;
  /** format-specific stream data, e.g. the AAC AudioSpecificConfig */
  extra: Uint8Array | undefined;
  /** what new listeners get first (chunk 0 of header formats); undefined without a header */
  header: Uint8Array | undefined;
  /** chosen for a listener's or operator's request (its id), not by the mode */
  request?: number;
}
