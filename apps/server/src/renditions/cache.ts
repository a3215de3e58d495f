// The rendition cache on disk (<database dir>/renditions/): per entry the encoded bytes
// (<key>.bin) and a JSON sidecar (<key>.json: chunk table, timing, loudness). Both are written to
// a temporary name and renamed, the sidecar last, so an entry exists only once it is whole. The
// last use is the sidecar's mtime (touched on use), so the LRU order survives a restart; past the
// size limit the least recently used entries go. An entry that does not read back whole (bad JSON,
// a table that does not fit the bytes) is dropped, and made again by the caller.
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { MOUNT_CODECS } from '../senders/mounts/types.js';

/** 2: the frame trimming of chunks.ts changed; entries of 1 are made again */
export const FORMAT_VERSION = 2;

export const sidecarSchema = z.object({
  version: z.literal(FORMAT_VERSION),
  key: z.string(),
  hash: z.string(),
  /** the file's path when the entry was made (for `rendition ls`; the hash is the identity) */
  path: z.string(),
  profile: z.string(),
  codec: z.enum(MOUNT_CODECS),
  bitrate: z.number(),
  frequency: z.number().int().positive(),
  channels: z.number().int().positive(),
  chunkTimeUs: z.number().positive(),
  chunkTable: z.array(z.number().int().nonnegative()).min(2),
  preSkip: z.number().int().nonnegative().optional(),
  loudness: z.number().optional(),
  outputLoudness: z.number().optional(),
  madeAt: z.number(),
});
export type Sidecar = z.infer<typeof sidecarSchema>;

export interface CacheEntry {
  key: string;
  meta: Sidecar;
  /** bytes on disk: bin + sidecar */
  size: number;
  /** ms since the epoch */
  lastUse: number;
}

export class CacheError extends Error {
  override readonly name = 'CacheError';
}

function ioMessage(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOSPC') return 'no space left on the cache disk';
  if (e.code === 'EACCES' || e.code === 'EROFS' || e.code === 'EPERM')
    return `the cache directory is not writable (${e.code})`;
  return e.message ?? String(err);
}

export class RenditionCache {
  private readonly entries = new Map<string, CacheEntry>();
  private loaded: Promise<void> | undefined;
  private tmpSeq = 0;
  /** last use stamps, strictly increasing so that two uses in one millisecond keep their order */
  private clock = 0;

  constructor(
    readonly dir: string,
    public limitBytes: number,
    private readonly warn: (msg: string) => void = () => {},
  ) {}

  /** Reads the directory once: every whole entry, stray temporaries removed. */
  load(): Promise<void> {
    return (this.loaded ??= this.scan());
  }

  private async scan(): Promise<void> {
    let names: string[];
    try {
      await fs.mkdir(this.dir, { recursive: true });
      names = await fs.readdir(this.dir);
    } catch (err) {
      this.warn(`rendition cache ${this.dir}: ${ioMessage(err)}`);
      return;
    }
    for (const name of names) {
      const full = path.join(this.dir, name);
      if (name.includes('.tmp-')) {
        await fs.rm(full, { force: true }).catch(() => {});
        continue;
      }
      if (!name.endsWith('.json')) continue;
      const key = name.slice(0, -'.json'.length);
      try {
        const [meta, st, bin] = await Promise.all([
          fs.readFile(full, 'utf8').then((t) => sidecarSchema.parse(JSON.parse(t))),
          fs.stat(full),
          fs.stat(this.binPath(key)),
        ]);
        if (meta.key !== key || meta.chunkTable.at(-1) !== bin.size) throw new Error('bad table');
        this.entries.set(key, { key, meta, size: bin.size + st.size, lastUse: st.mtimeMs });
        this.clock = Math.max(this.clock, st.mtimeMs);
      } catch {
        this.warn(`rendition cache: dropping the damaged entry ${key}`);
        await this.remove(key);
      }
    }
  }

  private binPath(key: string): string {
    return path.join(this.dir, `${key}.bin`);
  }

  private jsonPath(key: string): string {
    return path.join(this.dir, `${key}.json`);
  }

  private now(): number {
    this.clock = Math.max(Date.now(), this.clock + 1);
    return this.clock;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  list(): CacheEntry[] {
    return [...this.entries.values()];
  }

  get totalBytes(): number {
    let sum = 0;
    for (const e of this.entries.values()) sum += e.size;
    return sum;
  }

  /** The entry's bytes, checked against its table; undefined (and dropped) if damaged or gone. */
  async read(key: string): Promise<{ meta: Sidecar; data: Uint8Array } | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    let data: Buffer;
    try {
      data = await fs.readFile(this.binPath(key));
    } catch {
      data = Buffer.alloc(0);
    }
    const table = entry.meta.chunkTable;
    let ok = data.length === table.at(-1);
    for (let k = 1; ok && k < table.length; k++) ok = table[k]! > table[k - 1]!;
    if (!ok) {
      this.warn(`rendition cache: dropping the damaged entry ${key}`);
      await this.remove(key);
      return undefined;
    }
    entry.lastUse = this.now();
    const when = new Date(entry.lastUse);
    await fs.utimes(this.jsonPath(key), when, when).catch(() => {});
    return { meta: entry.meta, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  }

  /** Writes an entry atomically, then evicts past the limit. Throws CacheError (e.g. disk full). */
  async write(meta: Sidecar, data: Uint8Array): Promise<void> {
    const key = meta.key;
    const suffix = `.tmp-${process.pid}-${++this.tmpSeq}`;
    const bin = this.binPath(key);
    const json = this.jsonPath(key);
    const text = JSON.stringify(meta);
    try {
      await fs.mkdir(this.dir, { recursive: true });
      await fs.writeFile(bin + suffix, data);
      await fs.writeFile(json + suffix, text);
      await fs.rename(bin + suffix, bin);
      await fs.rename(json + suffix, json);
    } catch (err) {
      await fs.rm(bin + suffix, { force: true }).catch(() => {});
      await fs.rm(json + suffix, { force: true }).catch(() => {});
      throw new CacheError(`cannot write the rendition cache: ${ioMessage(err)}`);
    }
    const size = data.length + Buffer.byteLength(text);
    this.entries.set(key, { key, meta, size, lastUse: this.now() });
    await this.evict(key);
  }

  /** Drops least recently used entries until the cache fits its limit (never `keep`). */
  async evict(keep?: string): Promise<string[]> {
    const gone: string[] = [];
    let total = this.totalBytes;
    if (total <= this.limitBytes) return gone;
    const byAge = this.list().sort((a, b) => a.lastUse - b.lastUse);
    for (const e of byAge) {
      if (total <= this.limitBytes) break;
      if (e.key === keep) continue;
      await this.remove(e.key);
      total -= e.size;
      gone.push(e.key);
    }
    return gone;
  }

  async remove(key: string): Promise<void> {
    this.entries.delete(key);
    await fs.rm(this.jsonPath(key), { force: true }).catch(() => {});
    await fs.rm(this.binPath(key), { force: true }).catch(() => {});
  }
}
