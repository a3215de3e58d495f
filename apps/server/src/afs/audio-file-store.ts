// Persistence of the audio file table: hand-written multi-row SQL for the bulk paths (Prisma's
// createMany manages ~1,200 rows/s here), the Prisma client for everything else.
import os from 'node:os';
import type { Database } from '../db/index.js';
import { yieldToEventLoop } from '../event-loop.js';
import { inList, ph, valuesList } from '../db/index.js';
import { dropOffsetPieces, loadOffsets, storeOffsets } from './chunk-table-pieces.js';
import type { AudioFileRecord, Afhi, Afsi } from './audio-file.js';
import { AFHI_KEYS, fromDbMask, toDbMask } from './audio-file.js';

const LITTLE_ENDIAN = os.endianness() === 'LE';

/** Everything but the id, in column order. */
const COLUMNS = [
  'path',
  'hash',
  'size',
  'lastPlayed',
  'attributes',
  'numPlayed',
  'imageId',
  'lyricsId',
  'amp',
  'loudness',
  ...AFHI_KEYS,
] as const;
type Column = (typeof COLUMNS)[number];

const q = (c: string): string => `"${c}"`;
/** rows per query when the whole table is read (start, reload) */
const LOAD_PAGE_ROWS = 2_000;
const AFSI_COLUMNS = [
  'lastPlayed',
  'attributes',
  'numPlayed',
  'imageId',
  'lyricsId',
  'amp',
  'loudness',
] as const;

/** A change of one file's afs info: what to set, which bits to set or clear, plays to add. */
export interface AfsiChange {
  id: number;
  /** these fields get these values */
  set?: Partial<Afsi>;
  /** attribute bits set (after `set.attributes`, if given) */
  setBits?: bigint;
  /** attribute bits cleared (after setBits) */
  clearBits?: bigint;
  /** added to num_played (after `set.numPlayed`, if given) */
  addPlayed?: number;
}

/** The SET list of one change, with its parameters (numbered from 1). */
function afsiAssignments(
  kind: Database['kind'],
  c: AfsiChange,
): { assignments: string[]; params: unknown[] } {
  const params: unknown[] = [];
  const p = (v: unknown): string => {
    params.push(v);
    return ph(kind, params.length);
  };
  const mask = (v: bigint): string => `CAST(${p(toDbMask(v))} AS BIGINT)`;
  const assignments: string[] = [];
  const set = c.set ?? {};
  for (const col of AFSI_COLUMNS) {
    const value = set[col];
    let expr =
      value === undefined
        ? undefined
        : p(
            typeof value === 'bigint'
              ? toDbMask(value)
              : col === 'lastPlayed' && value !== null
                ? BigInt(value)
                : value,
          );
    if (col === 'attributes' && expr !== undefined) expr = `CAST(${expr} AS BIGINT)`;
    if (col === 'attributes' && c.setBits) expr = `(${expr ?? q(col)} | ${mask(c.setBits)})`;
    if (col === 'attributes' && c.clearBits) expr = `(${expr ?? q(col)} & ~${mask(c.clearBits)})`;
    if (col === 'numPlayed' && c.addPlayed) expr = `${expr ?? q(col)} + ${p(c.addPlayed)}`;
    if (expr !== undefined) assignments.push(`${q(col)} = ${expr}`);
  }
  return { assignments, params };
}
const ROWS_PER_INSERT = 30; // 30 x 25 parameters stays far below every engine's limit

export type NewAudioFile = Omit<AudioFileRecord, 'id' | 'loudness'> & {
  /** measured later, by the first rendition */
  loudness?: number | null;
  chunkTable: Uint32Array;
  extra?: Uint8Array | undefined;
};

function columnValue(f: Omit<NewAudioFile, 'chunkTable'>, c: Column): unknown {
  if (c === 'loudness') return f.loudness ?? null;
  if (c === 'attributes') return toDbMask(f.attributes);
  if (c === 'size' || c === 'lastPlayed') return BigInt(f[c]);
  return f[c];
}

export function chunkTableBytes(table: Uint32Array): Uint8Array<ArrayBuffer> {
  // little-endian machines store the table as it is kept: a view, not a 10 MB copy
  if (LITTLE_ENDIAN)
    return new Uint8Array(table.buffer as ArrayBuffer, table.byteOffset, table.byteLength);
  const bytes = new Uint8Array(table.length * 4);
  const view = new DataView(bytes.buffer);
  table.forEach((v, i) => view.setUint32(i * 4, v, true));
  return bytes;
}

export function chunkTableFromBytes(bytes: Uint8Array): Uint32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Uint32Array(bytes.byteLength >>> 2);
  for (let i = 0; i < out.length; i++) out[i] = view.getUint32(i * 4, true);
  return out;
}

/** Prisma wants bytes backed by a plain ArrayBuffer */
const copyBytes = (b: Uint8Array | undefined): Uint8Array<ArrayBuffer> | null =>
  b ? new Uint8Array(b) : null;

type Row = Record<string, unknown>;

function afsiFromRow(r: Row): Afsi {
  return {
    lastPlayed: Number(r.lastPlayed),
    attributes: fromDbMask(r.attributes as bigint | number),
    numPlayed: Number(r.numPlayed),
    imageId: Number(r.imageId),
    lyricsId: Number(r.lyricsId),
    amp: Number(r.amp),
    loudness: r.loudness === null || r.loudness === undefined ? null : Number(r.loudness),
  };
}

function recordFromRow(r: Row): AudioFileRecord {
  const num = (k: string): number => Number(r[k]);
  const str = (k: string): string => {
    const v = r[k];
    return typeof v === 'string' ? v : '';
  };
  return {
    id: num('id'),
    path: str('path'),
    hash: str('hash'),
    size: num('size'),
    lastPlayed: num('lastPlayed'),
    attributes: fromDbMask(r.attributes as bigint | number),
    numPlayed: num('numPlayed'),
    imageId: num('imageId'),
    lyricsId: num('lyricsId'),
    amp: num('amp'),
    loudness: r.loudness === null || r.loudness === undefined ? null : num('loudness'),
    format: num('format'),
    secondsTotal: num('secondsTotal'),
    durationMs: num('durationMs'),
    chunksTotal: num('chunksTotal'),
    chunkTimeUs: num('chunkTimeUs'),
    bitrate: num('bitrate'),
    frequency: num('frequency'),
    channels: num('channels'),
    headerLen: num('headerLen'),
    maxChunkSize: num('maxChunkSize'),
    techinfo: str('techinfo'),
    artist: str('artist'),
    title: str('title'),
    year: str('year'),
    album: str('album'),
    comment: str('comment'),
    ...(r.missingSince === null || r.missingSince === undefined
      ? {}
      : { missingSince: Number(r.missingSince) }),
  };
}

export class AudioFileStore {
  constructor(private readonly db: Database) {}

  /**
   * Every row, read in pages by id: one query for all of them held the whole result three times
   * at once (the driver's rows, the query engine's copy, Prisma's objects), 275 MB at the start
   * with 100,000 files, and grew the query engine's WebAssembly memory, which is never given back.
   * The pages are not one snapshot: a peer's change made meanwhile comes on the bus and is applied
   * after the load (afs/sync/sync.ts applies one thing at a time).
   */
  async loadAll(pageRows = LOAD_PAGE_ROWS): Promise<AudioFileRecord[]> {
    const { kind, prisma } = this.db;
    const out: AudioFileRecord[] = [];
    for (let after = 0; ;) {
      const rows = await prisma.$queryRawUnsafe<Row[]>(
        `SELECT id, ${COLUMNS.map(q).join(', ')}, "missingSince" FROM "AudioFile" ` +
          `WHERE id > ${ph(kind, 1)} ORDER BY id LIMIT ${pageRows}`,
        after,
      );
      for (const row of rows) out.push(recordFromRow(row));
      if (rows.length < pageRows) return out;
      after = out[out.length - 1]!.id;
    }
  }

  /** The rows of these ids that exist (another process may have changed or removed them). */
  async loadByIds(ids: readonly number[]): Promise<AudioFileRecord[]> {
    const out: AudioFileRecord[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const batch = ids.slice(i, i + 500);
      const rows = await this.db.prisma.$queryRawUnsafe<Row[]>(
        `SELECT id, ${COLUMNS.map(q).join(', ')}, "missingSince" FROM "AudioFile" WHERE id IN ${inList(this.db.kind, batch.length)}`,
        ...batch,
      );
      out.push(...rows.map(recordFromRow));
    }
    return out;
  }

  /** Inserts new files with their chunk tables in one transaction; returns them with ids. */
  async insertMany(files: NewAudioFile[]): Promise<AudioFileRecord[]> {
    const { kind, prisma } = this.db;
    const out: AudioFileRecord[] = [];
    await prisma.$transaction(
      async (tx) => {
        for (let i = 0; i < files.length; i += ROWS_PER_INSERT) {
          const batch = files.slice(i, i + ROWS_PER_INSERT);
          const params = batch.flatMap((f) => COLUMNS.map((c) => columnValue(f, c)));
          const rows = await tx.$queryRawUnsafe<{ id: number | bigint; path: string }[]>(
            `INSERT INTO "AudioFile" (${COLUMNS.map(q).join(', ')}) VALUES ${valuesList(kind, batch.length, COLUMNS.length)} RETURNING id, path`,
            ...params,
          );
          const idByPath = new Map(rows.map((r) => [r.path, Number(r.id)]));
          const chunkParams: unknown[] = [];
          for (const f of batch) {
            const id = idByPath.get(f.path);
            if (id === undefined) throw new Error(`insert of ${f.path} returned no id`);
            const { chunkTable, extra, ...rest } = f;
            out.push({ id, ...rest, loudness: rest.loudness ?? null });
            const { offsets, pieces } = await storeOffsets(tx, kind, chunkTableBytes(chunkTable));
            chunkParams.push(id, offsets, extra ?? null, pieces);
          }
          await tx.$executeRawUnsafe(
            `INSERT INTO "ChunkTable" ("fileId", "offsets", "extra", "pieces") VALUES ${valuesList(kind, batch.length, 4)}`,
            ...chunkParams,
          );
          // SQLite runs synchronously: without this the whole transaction is one long turn
          await yieldToEventLoop();
        }
      },
      { timeout: 60_000 },
    );
    return out;
  }

  /** Replaces afhi, hash, path and size of an existing row (content changed, rename, -f). */
  async replaceFile(
    id: number,
    fields: { path: string; hash: string; size: number; afhi: Afhi },
    chunkTable: Uint32Array,
    extra: Uint8Array | undefined,
  ): Promise<void> {
    const { prisma, kind } = this.db;
    await prisma.$transaction(
      async (tx) => {
        await tx.audioFile.update({
          where: { id },
          data: {
            ...fields.afhi,
            path: fields.path,
            hash: fields.hash,
            size: BigInt(fields.size),
            missingSince: null,
          },
        });
        await dropOffsetPieces(tx, kind, [id]);
        const stored = await storeOffsets(tx, kind, chunkTableBytes(chunkTable));
        await tx.chunkTable.upsert({
          where: { fileId: id },
          create: { fileId: id, ...stored, extra: copyBytes(extra) },
          update: { ...stored, extra: copyBytes(extra) },
        });
      },
      { timeout: 60_000 },
    );
  }

  async setPath(id: number, path: string): Promise<void> {
    await this.db.prisma.audioFile.update({ where: { id }, data: { path, missingSince: null } });
  }

  /** Marks files missing since `since` (seconds), or present again (null). */
  async setMissing(ids: readonly number[], since: number | null): Promise<void> {
    const { prisma } = this.db;
    for (let i = 0; i < ids.length; i += 500) {
      await prisma.audioFile.updateMany({
        where: { id: { in: ids.slice(i, i + 500) } },
        data: { missingSince: since === null ? null : BigInt(since) },
      });
    }
  }

  /**
   * Writes afsi changes as changes, in one transaction: bits set and cleared and num_played
   * incremented by the database itself, so that two processes changing one row at once both
   * count (writing the whole row from memory lost one of them). Returns the rows' afsi as the
   * database now has it, changes of other processes included.
   */
  async changeAfsi(changes: readonly AfsiChange[]): Promise<({ id: number } & Afsi)[]> {
    const { prisma, kind } = this.db;
    const out: ({ id: number } & Afsi)[] = [];
    if (changes.length === 0) return out;
    // the same change for many files (setatt, touch, cpsi) is one statement per 500 files
    const groups = new Map<string, { change: AfsiChange; ids: number[] }>();
    for (const c of changes) {
      const key = JSON.stringify({ ...c, id: 0 }, (_k, v: unknown) =>
        typeof v === 'bigint' ? v.toString() : v,
      );
      const g = groups.get(key);
      if (g) g.ids.push(c.id);
      else groups.set(key, { change: c, ids: [c.id] });
    }
    const statements: { sql: string; params: unknown[] }[] = [];
    for (const { change, ids } of groups.values()) {
      const { assignments, params } = afsiAssignments(kind, change);
      if (assignments.length === 0) continue;
      for (let i = 0; i < ids.length; i += 500) {
        const batch = ids.slice(i, i + 500);
        statements.push({
          sql: `UPDATE "AudioFile" SET ${assignments.join(', ')} WHERE id IN ${inList(kind, batch.length, params.length + 1)} RETURNING id, ${AFSI_COLUMNS.map(q).join(', ')}`,
          params: [...params, ...batch],
        });
      }
    }
    const take = (rows: Row[]): void => {
      for (const r of rows) out.push({ id: Number(r.id), ...afsiFromRow(r) });
    };
    // one statement (a play, most commands) is atomic by itself: no transaction to hold open
    if (statements.length === 1) {
      const [only] = statements as [{ sql: string; params: unknown[] }];
      take(await prisma.$queryRawUnsafe<Row[]>(only.sql, ...only.params));
      return out;
    }
    await prisma.$transaction(
      async (tx) => {
        for (const { sql, params } of statements) {
          take(await tx.$queryRawUnsafe<Row[]>(sql, ...params));
          await yieldToEventLoop();
        }
      },
      { timeout: 60_000 },
    );
    return out;
  }

  async deleteMany(ids: number[]): Promise<void> {
    const { prisma, kind } = this.db;
    await prisma.$transaction(
      async (tx) => {
        for (let i = 0; i < ids.length; i += 500) {
          const batch = ids.slice(i, i + 500);
          await dropOffsetPieces(tx, kind, batch);
          await tx.$executeRawUnsafe(
            `DELETE FROM "ChunkTable" WHERE "fileId" IN ${inList(kind, batch.length)}`,
            ...batch,
          );
          await tx.$executeRawUnsafe(
            `DELETE FROM "AudioFile" WHERE id IN ${inList(kind, batch.length)}`,
            ...batch,
          );
          await yieldToEventLoop();
        }
      },
      { timeout: 60_000 },
    );
  }

  async chunkTable(id: number): Promise<{ offsets: Uint32Array; extra: Uint8Array | null } | null> {
    const { prisma, kind } = this.db;
    const row = await prisma.chunkTable.findUnique({ where: { fileId: id } });
    if (!row) return null;
    const bytes = row.pieces === null ? row.offsets : await loadOffsets(prisma, kind, row.pieces);
    return { offsets: chunkTableFromBytes(bytes), extra: row.extra };
  }
}
