// Where ff and jmp land (docs/paraslash/vss.md §4). paraslash computes ff in promille of the file; we count in
// chunks, which is exact for short files too (the promille formula is unconfirmed anyway).

/** Parses `ff` arguments: `30` forward, `30-` (0.6) or `-30` (0.7) backward. */
export function parseFfSeconds(arg: string): number | undefined {
  const m = /^(-?)(\d{1,9})(-?)$/.exec(arg.trim());
  if (!m || (m[1] && m[3])) return undefined;
  const n = Number(m[2]);
  return m[1] || m[3] ? -n : n;
}

/** The chunk `ff seconds` lands on, or 'end' when that is past the last chunk (skip the file). */
export function ffTarget(
  currentChunk: number,
  chunksTotal: number,
  chunkTimeUs: number,
  seconds: number,
): number | 'end' {
  const target = currentChunk + Math.round((seconds * 1e6) / chunkTimeUs);
  if (target >= chunksTotal) return 'end';
  return Math.max(0, target);
}

/** The chunk `jmp percent` lands on: percent is clamped to 0..100; 100 is the end of the file. */
export function jmpTarget(chunksTotal: number, percent: number): number {
  const p = Math.min(100, Math.max(0, percent));
  return Math.floor((chunksTotal * p + 50) / 100);
}

/**
 * Where streaming resumes after a reposition to `requested`: the nearest non-empty chunk at or
 * before it (ogg tables have empty chunks). Never the header chunk of a header format: listeners
 * already have the header, and a second one would start a new ogg stream with the same serial.
 */
export function startChunk(table: Uint32Array, requested: number, hasHeader: boolean): number {
  const total = table.length - 1;
  const min = hasHeader ? 1 : 0;
  if (requested >= total) return total;
  let k = Math.max(min, requested);
  while (k > min && table[k + 1] === table[k]) k--;
  return k;
}
