// The audio file selector: owns the database tables in memory and on disk, and the file readers.
import type { BlobIo, Database } from '../db/index.js';
import { openBlobIo } from '../db/index.js';
import type { AddHooks, AddOptions, AddReport } from './add/add.js';
import { addFiles } from './add/add.js';
import { AttributeTable } from './attributes.js';
import { AudioFileStore } from './audio-file-store.js';
import { AudioFileTable } from './audio-file-table.js';
import type { BlobKind } from './blobs.js';
import { BlobTable } from './blobs.js';
import { AfsEvents } from './events.js';
import type { MoodContext } from './mood/index.js';
import { MoodSyntaxError, parseMood } from './mood/index.js';
import type { NextChoice, NextFilePolicy, StreamReadOptions } from './next-file.js';
import { NextFileChooser } from './next-file.js';
import { ReaderPool } from './reader/index.js';
import type { OpenedFile } from './selection/index.js';
import { Selector } from './selection/index.js';
import { admitAll } from './selection/admit-all.js';
import { loadMode, parseSpec } from './selection/modes.js';
import type { AudioFileRecord } from './audio-file.js';

export interface AfsOptions {
  /** the stream's reader: its own worker, a deadline per read */
  streamRead?: StreamReadOptions;
}

export class Afs {
  readonly events = new AfsEvents();
  readonly files: AudioFileTable;
  readonly attributes: AttributeTable;
  readonly blobs: Record<BlobKind, BlobTable>;
  readonly selector: Selector;
  /** add's readers; they start on the first add, so a server that never scans never pays */
  private addReader: ReaderPool | undefined;
  private readonly nextFile: NextFileChooser;
  /** blob data I/O: opened on first use */
  private blobIo: BlobIo | undefined;

  private constructor(
    readonly db: Database,
    opts: AfsOptions,
  ) {
    this.files = new AudioFileTable(new AudioFileStore(db), this.events);
    this.attributes = new AttributeTable(db, this.files, this.events);
    const io = (): BlobIo => (this.blobIo ??= openBlobIo(db));
    this.blobs = {
      img: new BlobTable('img', db, this.events, io),
      lyr: new BlobTable('lyr', db, this.events, io),
      mood: new BlobTable('mood', db, this.events, io),
      pl: new BlobTable('pl', db, this.events, io),
    };
    this.selector = new Selector(
      {
        files: this.files,
        attributes: this.attributes,
        moods: this.blobs.mood,
        playlists: this.blobs.pl,
        events: this.events,
      },
      (line) => this.log(line),
    );
    this.nextFile = new NextFileChooser(this.files, this.selector, opts.streamRead);
  }

  /** where afs reports what it does by itself (fallbacks, skipped files) */
  log: (line: string) => void = () => {};

  /** Loads every table of an already migrated database into memory. */
  static async open(db: Database, opts: AfsOptions = {}): Promise<Afs> {
    const afs = new Afs(db, opts);
    await afs.reload();
    return afs;
  }

  /**
   * True while changes made by another server process on the same database are being applied
   * (sync/apply.ts): the events they raise are not this process's own to pass on to its peers.
   */
  applyingRemote = false;

  async reload(): Promise<void> {
    await this.files.load();
    await this.attributes.load();
    for (const t of Object.values(this.blobs)) await t.load();
    await this.selector.reload();
  }

  /** The admissible files of the current mode with their scores. */
  admissible(): Map<number, number> {
    return this.selector.admissible();
  }

  /**
   * The files of a mode (m/<mood>, p/<playlist>, dummy) without activating it, in path order
   * (mood) or playlist order: what `rendition make` renders ahead.
   */
  async filesOf(specText: string, signal?: AbortSignal): Promise<AudioFileRecord[]> {
    const mode = await loadMode(parseSpec(specText), {
      moods: this.blobs.mood,
      playlists: this.blobs.pl,
      attributes: this.attributes,
      fileByPath: (p) => this.files.getByPath(p),
    });
    if (mode.order) return mode.order.flatMap((id) => this.files.get(id) ?? []);
    const admitted = await admitAll(this.files.all(), (f) => mode.admit(f), { signal });
    return [...admitted.values()].map((a) => a.f);
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
   * Chooses the next file to stream (docs/paraslash/playlists-and-selection.md §2): the best admissible one
   * whose file still exists with the stored hash, read and checked, but not yet counted as
   * played (the streaming side may choose it ahead of time: commitPlay() counts it when it
   * starts). Waits through passing read errors (next-file.ts); undefined when nothing is
   * admissible or `signal` aborts.
   */
  prepareNext(log?: (line: string) => void, signal?: AbortSignal): Promise<OpenedFile | undefined> {
    return this.nextFile.next(log, signal);
  }

  /** What the schedule and the request queue add to the choice of the next file. */
  setNextFilePolicy(policy: NextFilePolicy): void {
    this.nextFile.policy = policy;
  }

  /** One attempt of prepareNext: a file, nothing admissible, or when to try again. */
  chooseNext(log?: (line: string) => void): Promise<NextChoice> {
    return this.nextFile.choose(log);
  }

  /** A prepared file starts streaming: num_played + 1, last_played now; returns the new row. */
  async commitPlay(opened: Pick<OpenedFile, 'file' | 'request'>): Promise<OpenedFile['file']> {
    const file = this.files.get(opened.file.id);
    // removed while it was prepared: it streams, but there is no row to count the play in
    if (!file) return opened.file;
    this.selector.played(file);
    const now = Math.floor(Date.now() / 1000);
    const [played] = await this.files.changeAfsi([
      { id: file.id, addPlayed: 1, set: { lastPlayed: now } },
    ]);
    const row = played ?? this.files.get(file.id) ?? file;
    this.events.emit('play:start', row, opened.request);
    return row;
  }

  /** prepareNext() and commitPlay() at once: the next file, counted as played. */
  async openNext(log?: (line: string) => void): Promise<OpenedFile | undefined> {
    const opened = await this.prepareNext(log);
    if (!opened) return undefined;
    return { ...opened, file: await this.commitPlay(opened) };
  }

  add(paths: string[], opts: AddOptions, hooks?: AddHooks): Promise<AddReport> {
    this.addReader ??= new ReaderPool();
    return addFiles(this.files, this.blobs.img, this.addReader, paths, opts, hooks);
  }

  async close(): Promise<void> {
    await Promise.all([this.addReader?.close(), this.nextFile.close(), this.blobIo?.close()]);
    this.addReader = undefined;
    this.blobIo = undefined;
  }
}
