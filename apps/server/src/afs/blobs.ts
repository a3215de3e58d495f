// The four blob tables (docs/paraslash/afs.md §2.6): images, lyrics, moods, playlists. Ids come from the
// database's autoincrement, so they are never reused; id 0 means "none".
import type { Database } from '../db/index.js';
import { inList, ph } from '../db/index.js';
import { ParaError } from '../errors.js';
import type { AfsEvents } from './events.js';
import { matchesAny } from './patterns/index.js';

export const BLOB_TABLES = {
  img: { table: 'Image', noun: 'image' },
  lyr: { table: 'Lyrics', noun: 'lyrics' },
  mood: { table: 'Mood', noun: 'mood' },
  pl: { table: 'Playlist', noun: 'playlist' },
} as const;
export type BlobKind = keyof typeof BLOB_TABLES;

export interface BlobEntry {
  id: number;
  name: string;
}

export class BlobTable {
  /** id -> name, kept in memory for listings (the data stays in the database) */
  private readonly names = new Map<number, string>();
  private readonly table: string;
  readonly noun: string;

  constructor(
    readonly kind: BlobKind,
    private readonly db: Database,
    private readonly events: AfsEvents,
  ) {
    this.table = BLOB_TABLES[kind].table;
    this.noun = BLOB_TABLES[kind].noun;
  }

  async load(): Promise<void> {
    const rows = await this.db.prisma.$queryRawUnsafe<{ id: number | bigint; name: string }[]>(
      `SELECT id, name FROM "${this.table}"`,
    );
    this.names.clear();
    for (const r of rows) this.names.set(Number(r.id), r.name);
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

  /** Stores data under name; an existing blob of that name keeps its id. */
  async add(name: string, data: Uint8Array): Promise<BlobEntry> {
    if (name.length === 0) throw new ParaError('E_INVALID', `empty ${this.noun} name`);
    if (name.includes('\n')) throw new ParaError('E_INVALID', `invalid ${this.noun} name`);
    const { kind, prisma } = this.db;
    // update first: an insert that hits the unique name would still use up an id
    let rows = await prisma.$queryRawUnsafe<{ id: number | bigint }[]>(
      `UPDATE "${this.table}" SET data = ${ph(kind, 1)} WHERE name = ${ph(kind, 2)} RETURNING id`,
      data,
      name,
    );
    if (rows.length === 0) {
      rows = await prisma.$queryRawUnsafe<{ id: number | bigint }[]>(
        `INSERT INTO "${this.table}" (name, data) VALUES (${ph(kind, 1)}, ${ph(kind, 2)}) RETURNING id`,
        name,
        data,
      );
    }
    const id = Number(rows[0]?.id);
    this.names.set(id, name);
    this.events.emit('blob:add', this.kind, name, id);
    return { id, name };
  }

  async get(name: string): Promise<Uint8Array> {
    const rows = await this.db.prisma.$queryRawUnsafe<{ data: Uint8Array }[]>(
      `SELECT data FROM "${this.table}" WHERE name = ${ph(this.db.kind, 1)}`,
      name,
    );
    const row = rows[0];
    if (!row) throw new ParaError('E_NOT_FOUND', `no such ${this.noun}: ${name}`);
    return row.data;
  }

  async getById(id: number): Promise<Uint8Array | undefined> {
    const name = this.names.get(id);
    return name === undefined ? undefined : this.get(name);
  }

  async remove(patterns: string[]): Promise<BlobEntry[]> {
    const victims = this.list(patterns);
    if (victims.length === 0) throw new ParaError('E_NO_MATCH', `no matching ${this.noun}`);
    await this.db.prisma.$executeRawUnsafe(
      `DELETE FROM "${this.table}" WHERE id IN ${inList(this.db.kind, victims.length)}`,
      ...victims.map((v) => v.id),
    );
    for (const v of victims) {
      this.names.delete(v.id);
      this.events.emit('blob:remove', this.kind, v.name, v.id);
    }
    return victims;
  }

  async rename(oldName: string, newName: string): Promise<void> {
    const id = this.idOf(oldName);
    if (id === undefined) throw new ParaError('E_NOT_FOUND', `no such ${this.noun}: ${oldName}`);
    if (newName.length === 0) throw new ParaError('E_INVALID', `empty ${this.noun} name`);
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
