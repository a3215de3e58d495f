// Small helpers for the hand-written SQL of the bulk paths, which must work on SQLite and PostgreSQL.
import type { DbKind } from './client.js';

/** The placeholder for the n-th (1-based) parameter. */
export function ph(kind: DbKind, n: number): string {
  return kind === 'postgres' ? `$${n}` : '?';
}

/** "(?, ?, ?), (?, ?, ?)" for rows x cols parameters, numbered from `first`. */
export function valuesList(kind: DbKind, rows: number, cols: number, first = 1): string {
  const out: string[] = [];
  let n = first;
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let c = 0; c < cols; c++) row.push(ph(kind, n++));
    out.push(`(${row.join(', ')})`);
  }
  return out.join(', ');
}

/** "(?, ?, ?)" with n placeholders, for IN lists. */
export function inList(kind: DbKind, count: number, first = 1): string {
  return valuesList(kind, 1, count, first);
}
