// The SQL of blob data, shared by the SQLite worker (blob-worker.ts, better-sqlite3) and the
// PostgreSQL pool (blob-io.ts). A blob is either whole in its row's `data` or, when large, in
// BlobPiece rows under a key of its own that the row's `pieces` names. Pieces are written first,
// each on its own (a 60 MB write held in one transaction would keep every other writer waiting),
// and the row is pointed at them last, in one transaction with the removal of the old ones.
import type { DbKind } from './client.js';
import { ph } from './sql.js';

/** the blob tables; names are checked against this list before they reach SQL */
export const BLOB_TABLES = ['Image', 'Lyrics', 'Mood', 'Playlist'] as const;
const TABLES = new Set<string>(BLOB_TABLES);
const COLUMNS = new Set(['data', 'hash']);

export type BlobColumns = { data: Uint8Array } & Record<string, Uint8Array | string | null>;

/** Runs one statement; the rows it returns (none for writes without RETURNING). */
export type Query = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;
/** Runs `fn` in one transaction. */
export type Transaction = <T>(fn: () => Promise<T>) => Promise<T>;

/** Where a blob's data is: whole in the row, or in `count` pieces under `key`. */
export type BlobHead = { data: Uint8Array } | { key: string; count: number };

/** what a piecewise write promised: the commit checks the pieces are all there */
export interface PiecesWritten {
  key: string;
  count: number;
  size: number;
}

export function checkBlob(table: string, columns: Record<string, unknown> = {}): void {
  if (!TABLES.has(table)) throw new Error(`not a blob table: ${table}`);
  for (const c of Object.keys(columns))
    if (!COLUMNS.has(c)) throw new Error(`not a blob column: ${c}`);
}

const bytes = (v: unknown): Uint8Array => v as Uint8Array;

export class BlobSql {
  constructor(
    private readonly kind: DbKind,
    private readonly q: Query,
    private readonly tx: Transaction,
  ) {}

  private p(n: number): string {
    return ph(this.kind, n);
  }

  async head(table: string, name: string): Promise<BlobHead | undefined> {
    checkBlob(table);
    const [row] = await this.q(`SELECT data, pieces FROM "${table}" WHERE name = ${this.p(1)}`, [
      name,
    ]);
    if (!row) return undefined;
    if (typeof row.pieces !== 'string') return { data: bytes(row.data) };
    const [n] = await this.q(`SELECT count(*) AS n FROM "BlobPiece" WHERE blob = ${this.p(1)}`, [
      row.pieces,
    ]);
    return { key: row.pieces, count: Number(n!.n) };
  }

  async piece(key: string, seq: number): Promise<Uint8Array | undefined> {
    const [row] = await this.q(
      `SELECT data FROM "BlobPiece" WHERE blob = ${this.p(1)} AND seq = ${this.p(2)}`,
      [key, seq],
    );
    return row ? bytes(row.data) : undefined;
  }

  /** writes a piece; returns its buffer (the SQLite worker hands it back to be used again) */
  async putPiece(key: string, seq: number, data: Uint8Array): Promise<Uint8Array> {
    await this.q(
      `INSERT INTO "BlobPiece" (blob, seq, data) VALUES (${this.p(1)}, ${this.p(2)}, ${this.p(3)})`,
      [key, seq, data],
    );
    return data;
  }

  async dropPieces(key: string): Promise<void> {
    await this.q(`DELETE FROM "BlobPiece" WHERE blob = ${this.p(1)}`, [key]);
  }

  /**
   * Stores the columns under `name` (update, else insert) and returns the row's id. With
   * `pieces` the data is in BlobPiece under that key (columns.data is then empty); the old
   * pieces of the row, if any, are removed in the same transaction.
   */
  commit(
    table: string,
    name: string,
    columns: BlobColumns,
    pieces: PiecesWritten | null,
  ): Promise<number> {
    checkBlob(table, columns);
    const cols = [...Object.keys(columns), 'pieces'];
    const values = [...Object.values(columns), pieces?.key ?? null];
    return this.tx(async () => {
      if (pieces) {
        const [got] = await this.q(
          `SELECT count(*) AS n, coalesce(sum(length(data)), 0) AS size FROM "BlobPiece" WHERE blob = ${this.p(1)}`,
          [pieces.key],
        );
        if (Number(got!.n) !== pieces.count || Number(got!.size) !== pieces.size)
          throw new Error('blob write interrupted: its pieces are not all there');
      }
      const [old] = await this.q(`SELECT pieces FROM "${table}" WHERE name = ${this.p(1)}`, [name]);
      if (typeof old?.pieces === 'string') await this.dropPieces(old.pieces);
      // update first: an insert that hits the unique name would still use up an id
      const set = cols.map((c, i) => `${c} = ${this.p(i + 1)}`).join(', ');
      let [row] = await this.q(
        `UPDATE "${table}" SET ${set} WHERE name = ${this.p(cols.length + 1)} RETURNING id`,
        [...values, name],
      );
      if (!row) {
        const names = ['name', ...cols];
        [row] = await this.q(
          `INSERT INTO "${table}" (${names.join(', ')}) VALUES (${names.map((_, i) => this.p(i + 1)).join(', ')}) RETURNING id`,
          [name, ...values],
        );
      }
      return Number(row!.id);
    });
  }

  /** Removes pieces no blob names: the leftovers of writes cut short (a crash, kill -9). */
  async dropOrphans(): Promise<void> {
    // chunk tables keep their large pieces here too (afs/chunk-table-pieces.ts)
    const named = [...BLOB_TABLES, 'ChunkTable'].map(
      (t) => `SELECT pieces FROM "${t}" WHERE pieces IS NOT NULL`,
    );
    await this.q(`DELETE FROM "BlobPiece" WHERE blob NOT IN (${named.join(' UNION ')})`, []);
  }
}

/** Removal of blob rows' pieces, for the statement that deletes the rows (same transaction). */
export function dropPiecesOfRows(table: string, idList: string): string {
  checkBlob(table);
  return `DELETE FROM "BlobPiece" WHERE blob IN (SELECT pieces FROM "${table}" WHERE id IN ${idList} AND pieces IS NOT NULL)`;
}
