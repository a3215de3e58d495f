// What the main thread asks a parse worker to do for one file, and what comes back.
import type { AudioFormatInfo } from '../formats/types.js';

export interface ParseJob {
  path: string;
  /** hash of the row already at this path: if the content still has it, parsing is skipped */
  knownHash?: string | undefined;
  force: boolean;
}

export type ParseResult =
  | {
      path: string;
      ok: true;
      hash: string;
      size: number;
      /** undefined when the content is unchanged (knownHash matched and not forced) */
      info?: AudioFormatInfo;
      readMs: number;
      hashMs: number;
      parseMs: number;
    }
  | { path: string; ok: false; error: string };

/** Open a file for streaming: read it, check it still has the stored hash, build the header. */
export interface OpenJob {
  path: string;
  hash: string;
  format: number;
  headerLen: number;
}

export type OpenResult =
  { ok: true; data: Uint8Array; header: Uint8Array | undefined } | { ok: false; error: string };
