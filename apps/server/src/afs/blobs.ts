// The four blob tables (docs/paraslash/afs.md §2.6): images, lyrics, moods, playlists. Ids come from the
// database's autoincrement, so they are never reused; id 0 means "none".
import crypto from 'node:crypto';
import type { BlobData, BlobIo, BlobReader, Database } from '../db/index.js';
import { dropPiecesOfRows, inList, ph } from '../db/index.js';
import { ParaError } from '../errors.js';
import type { AfsEvents } from './events.js';
import { inspectImage } from './images.js';
import { matchesAny } from './patterns/index.js';
import { sha1 } from './reader/index.js';

/** bytes enough for any image's header (a JPEG's frame header may follow large APP segments) */
const IMAGE_HEAD = 4 << 20;

function sha1Of(data: BlobData): string {
  if (!Array.isArray(data)) return sha1(data);
  const h = crypto.createHash('sha1');
  for (const part of data) h.update(part);
  return h.digest('hex');
}

/** the first `max` bytes of the data (all of them if there are fewer) */
function headOf(data: BlobData, max: number): Uint8Array {
  if (!Array.isArray(data)) return data.subarray(0, max);
  const out: Uint8Array[] = [];
  let n = 0;
  for (const part of data) {
    if (n >= max) break;
    out.push(part.subarray(0, max - n));
    n += out[out.length - 1]!.length;
  }
  return Buffer.concat(out);
}

export const BLOB_TABLES = {
  img: { table: 'Image', noun: 'image' },
  lyr: { table: 'Lyrics', noun: 'lyrics' },
  mood: { table: 'Mood', noun: 'mood' },
  pl: { table: 'Playlist', noun: 'playlist' },
} as const;
export type BlobKind = keyof typeof BLOB_TABLES;

/** longest blob name, in UTF-8 bytes (paraslash names are file-name-like) */
export const MAX_BLOB_NAME = 255;

export interface BlobEntry {
  id: number;
  name: string;
}

export class BlobTable {
  /** id -> name, kept in memory for listings (the data stays in the database) */
  private readonly names = new Map<number, string>();
  /** images: content hash -> id (see addPicture) */
  private readonly byHash = new Map<string, number>();
  private readonly table: string;
  readonly noun: string;

  constructor(
    readonly kind: BlobKind,
    private readonly db: Database,
    private readonly events: AfsEvents,
    /** blob data goes in and out through the driver (db/blob-io.ts), not Prisma */
    private readonly io: () => BlobIo,
  ) {
    this.table = BLOB_TABLES[kind].table;
    this.noun = BLOB_TABLES[kind].noun;
  }

  async load(): Promise<void> {
    const rows = await this.db.prisma.$queryRawUnsafe<
      { id: number | bigint; name: string; hash?: string | null }[]
    >(`SELECT id, name${this.kind === 'img' ? ', hash' : ''} FROM "${this.table}"`);
    this.names.clear();
    this.byHash.clear();
    for (const r of rows) {
      this.names.set(Number(r.id), r.name);
      if (r.hash) this.byHash.set(r.hash, Number(r.id));
    }
  }

  /** The image with this content (SHA-1 hex), if one is stored (images only). */
  idOfHash(hash: string): number | undefined {
    return this.byHash.get(hash);
  }

  /**
   * Stores a picture found in audio files once: the image of the same content if there is one,
   * else a new image named `hint` plus the start of its hash (never replacing another image).
   */
  async addPicture(data: Uint8Array, hint: string): Promise<number> {
    const hash = sha1(data);
    const known = this.byHash.get(hash);
    if (known !== undefined) return known;
    const suffix = ` ${hash.slice(0, 8)}`;
    let base = hint.trim() || 'cover';
    while (Buffer.byteLength(base + suffix) > MAX_BLOB_NAME - 8) base = base.slice(0, -1);
    base += suffix;
    let name = base;
    for (let k = 2; this.idOf(name) !== undefined; k++) name = `${base} (${k})`;
    return (await this.add(name, data)).id;
  }

  nameOf(id: number): string | undefined {
    return this.names.get(id);
  }

  idOf(name: string): number | undefined {
    for (const [id, n] of this.names) if (n === name) return id;
    return undefined;
  }

  list(patterns: readonly string[] = []): BlobEntry[] {
    return [...this.names.entries()]
      .filter(([, name]) => matchesAny(patterns, name))
      .map(([id, name]) => ({ id, name }));
  }

  private checkName(name: string): void {
    if (name.length === 0) throw new ParaError('E_INVALID', `empty ${this.noun} name`);
    if (name.includes('\n')) throw new ParaError('E_INVALID', `invalid ${this.noun} name`);
    if (Buffer.byteLength(name) > MAX_BLOB_NAME)
      throw new ParaError(
        'E_INVALID',
        `${this.noun} name too long (${Buffer.byteLength(name)} bytes, at most ${MAX_BLOB_NAME})`,
      );
  }

  /**
   * Stores data (one buffer, or the parts it arrived in) under name; an existing blob of that
   * name keeps its id. With `handOver` the caller gives up `data`: a large upload is then moved
   * to the writer or let go of piece by piece as it is written, not copied whole.
   */
  async add(name: string, data: BlobData, handOver = false): Promise<BlobEntry> {
    this.checkName(name);
    if (this.kind === 'img') {
      const image = inspectImage(headOf(data, IMAGE_HEAD));
      if (typeof image === 'string') throw new ParaError('E_INVALID', `${name}: ${image}`);
    }
    // images keep their content hash, unless another image has that content already
    const old = this.idOf(name);
    let hash = this.kind === 'img' ? sha1Of(data) : undefined;
    const holder = hash === undefined ? undefined : this.byHash.get(hash);
    if (holder !== undefined && holder !== old) hash = undefined;
    const id = await this.io().put(
      this.table,
      name,
      this.kind === 'img' ? { data, hash: hash ?? null } : { data },
      handOver,
    );
    for (const [h, holderId] of this.byHash) if (holderId === id) this.byHash.delete(h);
    if (hash !== undefined) this.byHash.set(hash, id);
    this.names.set(id, name);
    this.events.emit('blob:add', this.kind, name, id);
    return { id, name };
  }

  async get(name: string): Promise<Uint8Array> {
    const data = await this.io().get(this.table, name);
    if (!data) throw new ParaError('E_NOT_FOUND', `no such ${this.noun}: ${name}`);
    return data;
  }

  async getById(id: number): Promise<Uint8Array | undefined> {
    const name = this.names.get(id);
    return name === undefined ? undefined : this.get(name);
  }

  /** The data of the blob with this id piece by piece (large blobs are never held whole). */
  async readById(id: number): Promise<BlobReader | undefined> {
    const name = this.names.get(id);
    return name === undefined ? undefined : this.io().read(this.table, name);
  }

  async remove(patterns: string[]): Promise<BlobEntry[]> {
    const victims = this.list(patterns);
    if (victims.length === 0) throw new ParaError('E_NO_MATCH', `no matching ${this.noun}`);
    const { prisma, kind } = this.db;
    const ids = victims.map((v) => v.id);
    await prisma.$transaction([
      prisma.$executeRawUnsafe(dropPiecesOfRows(this.table, inList(kind, ids.length)), ...ids),
      prisma.$executeRawUnsafe(
        `DELETE FROM "${this.table}" WHERE id IN ${inList(kind, ids.length)}`,
        ...ids,
      ),
    ]);
    for (const [h, id] of this.byHash) if (victims.some((v) => v.id === id)) this.byHash.delete(h);
    for (const v of victims) {
      this.names.delete(v.id);
      this.events.emit('blob:remove', this.kind, v.name, v.id);
    }
    return victims;
  }

  async rename(oldName: string, newName: string): Promise<void> {
    const id = this.idOf(oldName);
    if (id === undefined) throw new ParaError('E_NOT_FOUND', `no such ${this.noun}: ${oldName}`);
    this.checkName(newName);
    if (this.idOf(newName) !== undefined) {
      throw new ParaError('E_EXISTS', `${this.noun} ${newName} already exists`);
    }
    await this.db.prisma.$executeRawUnsafe(
      `UPDATE "${this.table}" SET name = ${ph(this.db.kind, 1)} WHERE id = ${ph(this.db.kind, 2)}`,
      newName,
      id,
    );
    this.names.set(id, newName);
    this.events.emit('blob:rename', this.kind, oldName, newName, id);
  }
}
