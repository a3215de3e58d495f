// The audio file selector: owns the database tables in memory and on disk, and the parse workers.
import type { Database } from '../db/index.js';
import type { AddHooks, AddOptions, AddReport } from './add/add.js';
import { addFiles } from './add/add.js';
import { ParsePool } from './add/worker-pool.js';
import { AttributeTable } from './attributes.js';
import { AudioFileStore } from './audio-file-store.js';
import { AudioFileTable } from './audio-file-table.js';
import type { BlobKind } from './blobs.js';
import { BlobTable } from './blobs.js';
import { AfsEvents } from './events.js';
import type { MoodContext } from './mood/index.js';
import { MoodSyntaxError, parseMood } from './mood/index.js';
import { formulaScore, scoreStats } from './score.js';
import type { OpenedFile } from './selection/opened-file.js';

export class Afs {
  readonly events = new AfsEvents();
  readonly files: AudioFileTable;
  readonly attributes: AttributeTable;
  readonly blobs: Record<BlobKind, BlobTable>;
  private pool: ParsePool | undefined;

  private constructor(readonly db: Database) {
    this.files = new AudioFileTable(new AudioFileStore(db), this.events);
    this.attributes = new AttributeTable(db, this.files, this.events);
    this.blobs = {
      img: new BlobTable('img', db, this.events),
      lyr: new BlobTable('lyr', db, this.events),
      mood: new BlobTable('mood', db, this.events),
      pl: new BlobTable('pl', db, this.events),
    };
  }

  /** Loads every table of an already migrated database into memory. */
  static async open(db: Database): Promise<Afs> {
    const afs = new Afs(db);
    await afs.reload();
    return afs;
  }

  async reload(): Promise<void> {
    await this.files.load();
    await this.attributes.load();
    for (const t of Object.values(this.blobs)) await t.load();
  }

  /**
   * The admissible files of the current mode with their scores. Until moods arrive this is the
   * dummy mood: every file is admissible, scored by the play statistics.
   */
  admissible(now = Math.floor(Date.now() / 1000)): Map<number, number> {
    const files = [...this.files.all()];
    const stats = scoreStats(files);
    return new Map(files.map((f) => [f.id, formulaScore(f, stats, now)]));
  }

  /** The context the mood parser resolves attribute names in. */
  moodContext(): MoodContext {
    return { attributeBit: (name) => this.attributes.bit(name) };
  }

  /** Parses every stored mood; one line per mood with a syntax error (check -m). */
  async checkMoods(): Promise<string[]> {
    const problems: string[] = [];
    for (const { name } of this.blobs.mood.list()) {
      const text = Buffer.from(await this.blobs.mood.get(name)).toString('utf8');
      try {
        parseMood(text, this.moodContext());
      } catch (err) {
        if (!(err instanceof MoodSyntaxError)) throw err;
        problems.push(`mood ${name}: ${err.message}`);
      }
    }
    return problems;
  }

  /**
   * Chooses the next file to stream (playlists-and-selection.md §2): the best admissible one
   * whose file still exists with the stored hash; records the play before returning it.
   * Undefined when nothing is admissible.
   */
  async openNext(log?: (line: string) => void): Promise<OpenedFile | undefined> {
    const skip = new Set<number>();
    for (;;) {
      let best: { id: number; score: number } | undefined;
      for (const [id, score] of this.admissible()) {
        if (skip.has(id)) continue;
        if (!best || score > best.score || (score === best.score && id < best.id))
          best = { id, score };
      }
      if (!best) return undefined;
      const file = this.files.get(best.id)!;
      this.pool ??= new ParsePool();
      const { path, hash, format, headerLen } = file;
      const opened = await this.pool.open({ path, hash, format, headerLen });
      const chunks = opened.ok ? await this.files.chunkTable(file.id) : null;
      if (!opened.ok || !chunks) {
        log?.(`${file.path}: ${opened.ok ? 'no chunk table' : opened.error}, skipped`);
        skip.add(file.id);
        continue;
      }
      const now = Math.floor(Date.now() / 1000);
      const [played] = await this.files.updateAfsi([
        { file, afsi: { ...file, numPlayed: file.numPlayed + 1, lastPlayed: now } },
      ]);
      return {
        file: played ?? file,
        previousLastPlayed: file.lastPlayed,
        score: best.score,
        data: opened.data,
        chunkTable: chunks.offsets,
        extra: chunks.extra ?? undefined,
        header: opened.header,
      };
    }
  }

  /** Workers start on the first add, so a server that never scans never pays for them. */
  add(paths: string[], opts: AddOptions, hooks?: AddHooks): Promise<AddReport> {
    this.pool ??= new ParsePool();
    return addFiles(this.files, this.pool, paths, opts, hooks);
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = undefined;
  }
}
