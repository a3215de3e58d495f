// What the main thread asks a reader worker to do, and what comes back.
import type { AudioFormatInfo } from '../formats/types.js';
import type { FailureKind } from './files.js';

/** `add`: hash a file and, unless its content is known, parse it. */
export interface ParseJob {
  path: string;
  /** hash of the row already at this path: if the content still has it, parsing is skipped */
  knownHash?: string | undefined;
  force: boolean;
  /** look for a cover: the picture in the file, else the folder's cover.jpg, folder.jpg, front.* */
  cover?: boolean;
}

export type ParseResult =
  | {
      path: string;
      ok: true;
      hash: string;
      size: number;
      /** undefined when the content is unchanged (knownHash matched and not forced) */
      info?: AudioFormatInfo;
      /** with `cover`: the file's own picture, else its folder's cover image */
      picture?: Uint8Array;
      readMs: number;
      hashMs: number;
      parseMs: number;
    }
  | { path: string; ok: false; error: string };

/** Streaming: read a whole file, check it still has the stored hash, build the header. */
export interface OpenJob {
  path: string;
  hash: string;
  /** audio format id and header length of the row; headerLen 0: no header */
  format: number;
  headerLen: number;
}

export type OpenResult =
  | { ok: true; data: Uint8Array; header: Uint8Array | undefined }
  | { ok: false; error: string; kind: FailureKind };
