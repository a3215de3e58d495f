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
