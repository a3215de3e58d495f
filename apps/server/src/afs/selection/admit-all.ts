// A mode evaluated over every file in slices of a few milliseconds, with the event loop given
// back between them: a costly mood over a large library delays its own answer, never the
// command port, the API or the stream's next file.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ParaError } from '../../errors.js';
import type { AudioFileRecord } from '../audio-file.js';

/** Files between two looks at the clock. */
const CHECK_EVERY = 16;

export interface Admitted {
  f: AudioFileRecord;
  /** the mood's share of the score */
  ms: number;
}

export interface AdmitOptions {
  /** how long one slice may hold the event loop (default 10 ms) */
  sliceMs?: number;
  /** ends the work early (the asker went away) with E_CANCELLED */
  signal?: AbortSignal;
  /**
   * Files that changed (or went) while the slices ran, as the caller's event handlers note
   * them: evaluated again, as they are at the end, by `get`.
   */
  changed?: { ids: ReadonlySet<number>; get(id: number): AudioFileRecord | undefined };
}

/** The admissible files among `files` (taken as they are when called), by id. */
export async function admitAll(
  files: Iterable<AudioFileRecord>,
  admit: (f: AudioFileRecord) => number | undefined,
  opts: AdmitOptions = {},
): Promise<Map<number, Admitted>> {
  const sliceMs = opts.sliceMs ?? 10;
  const all = Array.from(files);
  const out = new Map<number, Admitted>();
  let sliceStart = performance.now();
  for (let i = 0; i < all.length; i++) {
    if (i % CHECK_EVERY === 0 && performance.now() - sliceStart >= sliceMs) {
      await nextTurn();
      if (opts.signal?.aborted) throw new ParaError('E_CANCELLED', 'cancelled');
      sliceStart = performance.now();
    }
    const f = all[i]!;
    const ms = admit(f);
    if (ms !== undefined) out.set(f.id, { f, ms });
  }
  for (const id of opts.changed?.ids ?? []) {
    const f = opts.changed!.get(id);
    const ms = f && admit(f);
    if (f && ms !== undefined) out.set(id, { f, ms });
    else out.delete(id);
  }
  return out;
}
