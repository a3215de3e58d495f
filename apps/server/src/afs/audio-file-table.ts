// The audio file table: every row in memory (indexed by id, path and hash) for fast listing and
// selection, written through to the database first so that memory never runs ahead of disk.
import { yieldToEventLoop } from '../event-loop.js';
import type { AudioFileRecord, Afhi } from './audio-file.js';
import { AFHI_KEYS, AFSI_KEYS, afsiOf, present } from './audio-file.js';
import type { AfsiChange, AudioFileStore, NewAudioFile } from './audio-file-store.js';
import type { AfsEvents } from './events.js';
import { matchesAny } from './patterns/index.js';

/** above this many changed files, one bulk event replaces the per-file events */
const BULK = 1000;

export class AudioFileTable {
  private readonly byId = new Map<number, AudioFileRecord>();
  private readonly byPath = new Map<string, AudioFileRecord>();
  private readonly byHash = new Map<string, AudioFileRecord>();

  constructor(
    private readonly store: AudioFileStore,
    private readonly events: AfsEvents,
  ) {}

  async load(): Promise<void> {
    this.byId.clear();
    this.byPath.clear();
    this.byHash.clear();
    for (const rec of await this.store.loadAll()) this.index(rec);
  }

  get size(): number {
    return this.byId.size;
  }

  all(): IterableIterator<AudioFileRecord> {
    return this.byId.values();
  }

  get(id: number): AudioFileRecord | undefined {
    return this.byId.get(id);
  }

  getByPath(path: string): AudioFileRecord | undefined {
    return this.byPath.get(path);
  }

  getByHash(hash: string): AudioFileRecord | undefined {
    return this.byHash.get(hash);
  }

  /** Files whose full path matches one of the patterns (all files for no patterns). */
  match(patterns: readonly string[], pathname = false): AudioFileRecord[] {
    const out: AudioFileRecord[] = [];
    if (patterns.length > 0 && patterns.every((p) => !/[*?[\\]/.test(p))) {
      // plain paths: direct lookups instead of a scan
      for (const p of new Set(patterns)) {
        const rec = this.byPath.get(p);
        if (rec) out.push(rec);
      }
      return out;
    }
    for (const rec of this.byId.values()) {
      if (matchesAny(patterns, rec.path, pathname)) out.push(rec);
    }
    return out;
  }

  async insertMany(files: NewAudioFile[]): Promise<AudioFileRecord[]> {
    if (files.length === 0) return [];
    const added = await this.store.insertMany(files);
    for (const [i, rec] of added.entries()) {
      this.index(rec);
      this.events.emit('audio-file:add', rec);
      // listeners (scores, moods, live changes) do real work per file
      if (i % 100 === 99) await yieldToEventLoop();
    }
    return added;
  }

  /** New content or forced re-read for an existing row; its afsi is kept. */
  async replace(
    rec: AudioFileRecord,
    fields: { path: string; hash: string; size: number; afhi: Afhi },
    chunkTable: Uint32Array,
    extra: Uint8Array | undefined,
  ): Promise<AudioFileRecord> {
    await this.store.replaceFile(rec.id, fields, chunkTable, extra);
    const oldPath = rec.path;
    this.unindex(rec);
    const updated: AudioFileRecord = {
      ...present(rec),
      ...fields.afhi,
      path: fields.path,
      hash: fields.hash,
      size: fields.size,
    };
    this.index(updated);
    if (oldPath !== updated.path) this.events.emit('audio-file:rename', updated, oldPath);
    this.events.emit('afhi:change', updated);
    return updated;
  }

  async rename(rec: AudioFileRecord, path: string): Promise<AudioFileRecord> {
    await this.store.setPath(rec.id, path);
    const oldPath = rec.path;
    this.unindex(rec);
    const updated: AudioFileRecord = { ...present(rec), path };
    this.index(updated);
    this.events.emit('audio-file:rename', updated, oldPath);
    // a missing file found under a new path may be played again
    if (rec.missingSince !== undefined) this.events.emit('afhi:change', updated);
    return updated;
  }

  /**
   * Marks files missing (a watched folder lost them: never chosen for playing) since `since`
   * (seconds since the epoch), or present again (null). The selection follows through the
   * afhi:change event, as it does for any change of what a file is.
   */
  async setMissing(files: readonly AudioFileRecord[], since: number | null): Promise<number> {
    const changing = files.filter((f) => (f.missingSince !== undefined) !== (since !== null));
    if (changing.length === 0) return 0;
    await this.store.setMissing(
      changing.map((f) => f.id),
      since,
    );
    for (const [i, f] of changing.entries()) {
      const current = this.byId.get(f.id);
      if (!current) continue;
      const updated: AudioFileRecord =
        since === null ? present(current) : { ...current, missingSince: since };
      this.index(updated);
      this.events.emit('afhi:change', updated);
      if (i % 100 === 99) await yieldToEventLoop();
    }
    return changing.length;
  }

  /**
   * Writes afsi changes (as changes: see AfsiChange) in one transaction, then takes the rows as
   * the database returned them, so memory also picks up what other processes wrote meanwhile.
   * Returns the files whose afsi differs from what memory held.
   */
  async changeAfsi(changes: readonly AfsiChange[]): Promise<AudioFileRecord[]> {
    if (changes.length === 0) return [];
    const rows = await this.store.changeAfsi(changes);
    const bulk = rows.length > BULK;
    const out: AudioFileRecord[] = [];
    for (const { id, ...afsi } of rows) {
      const current = this.byId.get(id);
      if (!current || AFSI_KEYS.every((k) => current[k] === afsi[k])) continue;
      const updated = { ...current, ...afsi };
      this.index(updated);
      if (!bulk) this.events.emit('afsi:change', updated, afsiOf(current));
      out.push(updated);
    }
    if (bulk && out.length > 0) this.events.emit('files:bulk-change', out.length);
    return out;
  }

  /** Mirrors an attribute removal the attribute table already wrote to the database. */
  clearBitsInMemory(mask: bigint): void {
    let count = 0;
    for (const rec of [...this.byId.values()]) {
      if ((rec.attributes & mask) === 0n) continue;
      this.index({ ...rec, attributes: rec.attributes & ~mask });
      count++;
    }
    if (count > 0) this.events.emit('files:bulk-change', count);
  }

  async remove(files: AudioFileRecord[]): Promise<void> {
    if (files.length === 0) return;
    await this.store.deleteMany(files.map((f) => f.id));
    for (const f of files) {
      const current = this.byId.get(f.id);
      if (!current) continue;
      this.unindex(current);
      this.events.emit('audio-file:remove', current);
    }
  }

  /**
   * Re-reads these rows after another server process changed them (issue: several processes on
   * one PostgreSQL database) and announces what differs, as if the change had been made here.
   */
  async refresh(ids: readonly number[], applying?: (apply: () => void) => void): Promise<void> {
    const rows = new Map((await this.store.loadByIds(ids)).map((r) => [r.id, r]));
    (applying ?? ((apply) => apply()))(() => this.applyRows(ids, rows));
  }

  private applyRows(ids: readonly number[], rows: Map<number, AudioFileRecord>): void {
    for (const id of ids) {
      const mine = this.byId.get(id);
      const theirs = rows.get(id);
      if (!theirs) {
        if (mine) {
          this.unindex(mine);
          this.events.emit('audio-file:remove', mine);
        }
        continue;
      }
      if (!mine) {
        this.index(theirs);
        this.events.emit('audio-file:add', theirs);
        continue;
      }
      this.unindex(mine);
      this.index(theirs);
      if (mine.path !== theirs.path) this.events.emit('audio-file:rename', theirs, mine.path);
      if (
        AFHI_KEYS.some((k) => mine[k] !== theirs[k]) ||
        mine.hash !== theirs.hash ||
        mine.missingSince !== theirs.missingSince
      )
        this.events.emit('afhi:change', theirs);
      if (AFSI_KEYS.some((k) => mine[k] !== theirs[k]))
        this.events.emit('afsi:change', theirs, afsiOf(mine));
    }
  }

  chunkTable(id: number): ReturnType<AudioFileStore['chunkTable']> {
    return this.store.chunkTable(id);
  }

  private index(rec: AudioFileRecord): void {
    this.byId.set(rec.id, rec);
    this.byPath.set(rec.path, rec);
    this.byHash.set(rec.hash, rec);
  }

  private unindex(rec: AudioFileRecord): void {
    this.byId.delete(rec.id);
    if (this.byPath.get(rec.path)?.id === rec.id) this.byPath.delete(rec.path);
    if (this.byHash.get(rec.hash)?.id === rec.id) this.byHash.delete(rec.hash);
  }
}
