// The current afs mode and its score table: loads moods and playlists, follows every afs event as
// docs/paraslash/moods.md §5.3 says, and picks the next file (docs/paraslash/playlists-and-selection.md §2).
import { ParaError } from '../../errors.js';
import type { AudioFileTable } from '../audio-file-table.js';
import type { AudioFileRecord, Afsi } from '../audio-file.js';
import type { AttributeTable } from '../attributes.js';
import type { BlobTable } from '../blobs.js';
import type { AfsEvents } from '../events.js';
import { formulaScore } from '../score.js';
import type { Admitted } from './admit-all.js';
import { admitAll } from './admit-all.js';
import type { LoadedMode, ModeSpec } from './modes.js';
import { loadMode, parseSpec } from './modes.js';
import type { ScoredFile } from './score-table.js';
import { ScoreTable } from './score-table.js';
import { PlayStatistics } from './statistics.js';

export interface SelectorTables {
  files: AudioFileTable;
  attributes: AttributeTable;
  moods: BlobTable;
  playlists: BlobTable;
  events: AfsEvents;
}

const RECENT_ARTISTS = 1000;
const now = (): number => Math.floor(Date.now() / 1000);

export class Selector {
  private mode: LoadedMode = {
    spec: { kind: 'dummy', spec: 'dummy' },
    admit: () => 0,
    artistSeparation: 0,
    notes: [],
  };
  readonly table = new ScoreTable();
  readonly stats = new PlayStatistics();
  /** mood score per admissible file (v1 moods; 0 otherwise) */
  readonly moodScores = new Map<number, number>();
  /** artists of the files played, newest last (for artist separation) */
  readonly recentArtists: string[] = [];
  /** set while a mode is being (re)loaded: the files changed meanwhile are evaluated again */
  private loading = false;
  private readonly changedWhileLoading = new Set<number>();
  /** one load at a time, in the order asked */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly tables: SelectorTables,
    private readonly log: (line: string) => void = () => {},
  ) {
    const ev = tables.events;
    ev.on('audio-file:add', (f) => this.onChange(f, undefined));
    ev.on('audio-file:remove', (f) => this.onRemove(f));
    ev.on('afsi:change', (f, old) => this.onChange(f, old));
    ev.on('afhi:change', (f) => this.onChange(f, f));
    ev.on('audio-file:rename', (f) => this.onChange(f, f));
    ev.on('files:bulk-change', () => this.reloadInBackground('many files changed'));
    const attributeChange = (): void => {
      if (this.mode.spec.kind === 'mood') this.reloadInBackground('attributes changed');
    };
    ev.on('attribute:add', attributeChange);
    ev.on('attribute:rename', attributeChange);
    ev.on('attribute:remove', attributeChange);
    ev.on('blob:add', (kind, name) => this.onBlob(kind, name, 'add'));
    ev.on('blob:remove', (kind, name) => this.onBlob(kind, name, 'remove'));
    ev.on('blob:rename', (kind, oldName, newName) => this.onBlob(kind, oldName, 'rename', newName));
  }

  get spec(): string {
    return this.mode.spec.spec;
  }

  get artistSeparation(): number {
    return this.mode.artistSeparation;
  }

  /**
   * Loads a mode and makes it current, or throws and leaves the current one as it was. Loads
   * run one after the other; the current mode serves until the new one is complete.
   */
  activate(spec: ModeSpec): Promise<LoadedMode> {
    const run = this.queue.then(() => this.load(spec));
    this.queue = run.catch(() => {});
    return run;
  }

  private async load(spec: ModeSpec): Promise<LoadedMode> {
    this.loading = true;
    this.changedWhileLoading.clear();
    try {
      const mode = await loadMode(spec, {
        moods: this.tables.moods,
        playlists: this.tables.playlists,
        attributes: this.tables.attributes,
        fileByPath: (p) => this.tables.files.getByPath(p),
      });
      if (mode.order)
        this.fillFromPlaylist(
          mode.order.filter((id) => this.tables.files.get(id)?.missingSince === undefined),
        );
      else {
        // in slices: the event loop keeps serving while a mood is tested against every file
        // a file a watched folder lost (missingSince) is never admissible
        const admit = (f: AudioFileRecord): number | undefined =>
          f.missingSince === undefined ? mode.admit(f) : undefined;
        const admitted = await admitAll(this.tables.files.all(), admit, {
          changed: { ids: this.changedWhileLoading, get: (id) => this.tables.files.get(id) },
        });
        this.fillFromMood(admitted.values());
      }
      this.mode = mode;
      this.tables.events.emit('mode:change', mode.spec.spec);
      return mode;
    } finally {
      this.loading = false;
      this.changedWhileLoading.clear();
    }
  }

  private fillFromPlaylist(order: number[]): void {
    this.stats.reset();
    this.moodScores.clear();
    this.table.fill(order.map((id, k) => ({ id, score: -k })));
    for (const id of order) {
      const f = this.tables.files.get(id)!;
      this.stats.add(f.numPlayed, f.lastPlayed);
      this.moodScores.set(id, 0);
    }
  }

  /** Scores the admissible files of a mood into the table, at once. */
  private fillFromMood(admitted: Iterable<Admitted>): void {
    this.stats.reset();
    this.moodScores.clear();
    const all = [...admitted];
    for (const { f, ms } of all) {
      this.stats.add(f.numPlayed, f.lastPlayed);
      this.moodScores.set(f.id, ms);
    }
    const st = this.stats.snapshot();
    const t = now();
    this.table.fill(all.map(({ f, ms }) => ({ id: f.id, score: formulaScore(f, st, t, ms) })));
  }

  /**
   * `select`: activate spec; on failure go back to the previous mode, and if that fails too to
   * the dummy mood. Returns the lines to print; rethrows the original error after a fallback.
   */
  async select(specText: string): Promise<{ lines: string[]; admissible: number }> {
    const spec = parseSpec(specText);
    const previous = this.mode.spec;
    try {
      const mode = await this.activate(spec);
      return { lines: [...mode.notes, this.activatedLine()], admissible: this.table.size };
    } catch (err) {
      const lines: string[] = [];
      try {
        lines.push(`switching back to ${previous.spec}`);
        await this.activate(previous);
      } catch {
        lines.push('activating dummy mood');
        await this.activate({ kind: 'dummy', spec: 'dummy' });
      }
      lines.push(this.activatedLine());
      for (const l of lines) this.log(l);
      throw err instanceof ParaError
        ? new ParaError(err.code, `${err.message}\n${lines.join('\n')}`)
        : err;
    }
  }

  activatedLine(): string {
    const n = this.table.size;
    const name = this.mode.spec.kind === 'dummy' ? 'dummy mood' : this.mode.spec.spec;
    return `activated ${name} (${n} admissible file${n === 1 ? '' : 's'})`;
  }

  /** Reloads the current mode (SIGHUP, changed mood text); falls back to the dummy mood. */
  async reload(): Promise<void> {
    try {
      await this.activate(this.mode.spec);
    } catch (err) {
      this.log(
        `${this.mode.spec.spec}: ${err instanceof Error ? err.message : String(err)}; activating dummy mood`,
      );
      await this.activate({ kind: 'dummy', spec: 'dummy' });
    }
  }

  private reloadInBackground(why: string): void {
    this.reload().catch((err: unknown) => this.log(`reload after ${why} failed: ${String(err)}`));
  }

  private onBlob(
    kind: string,
    name: string,
    what: 'add' | 'remove' | 'rename',
    newName?: string,
  ): void {
    const s = this.mode.spec;
    const mine = (kind === 'mood' && s.kind === 'mood') || (kind === 'pl' && s.kind === 'playlist');
    if (!mine || s.name !== name) return;
    if (what === 'rename' && newName !== undefined) {
      // the mode follows its blob to the new name
      this.mode = { ...this.mode, spec: parseSpec(`${s.kind === 'mood' ? 'm' : 'p'}/${newName}`) };
      return;
    }
    if (what === 'remove') {
      this.log(`${s.spec} was removed; activating dummy mood`);
      this.activate({ kind: 'dummy', spec: 'dummy' }).catch(() => {});
      return;
    }
    this.reloadInBackground(`${s.spec} changed`);
  }

  private onRemove(f: AudioFileRecord): void {
    if (this.loading) this.changedWhileLoading.add(f.id);
    if (!this.table.has(f.id)) return;
    this.stats.remove(f.numPlayed, f.lastPlayed);
    this.table.remove(f.id);
    this.moodScores.delete(f.id);
  }

  /** docs/paraslash/moods.md §5.3: a file's afsi or afhi changed (old undefined: the file is new) */
  private onChange(
    f: AudioFileRecord,
    old: Pick<Afsi, 'numPlayed' | 'lastPlayed'> | undefined,
  ): void {
    // the current mode follows the change; a mode being loaded evaluates the file again
    if (this.loading) this.changedWhileLoading.add(f.id);
    const wasIn = this.table.has(f.id);
    const playlist = this.mode.order !== undefined;
    const ms =
      f.missingSince !== undefined
        ? undefined
        : playlist
          ? wasIn
            ? 0
            : undefined
          : this.mode.admit(f);
    if (!wasIn && ms === undefined) return;
    if (wasIn && ms === undefined) {
      this.stats.remove(old?.numPlayed ?? f.numPlayed, old?.lastPlayed ?? f.lastPlayed);
      this.table.remove(f.id);
      this.moodScores.delete(f.id);
      return;
    }
    const moodScore = ms ?? 0;
    this.moodScores.set(f.id, moodScore);
    if (!wasIn) {
      this.stats.add(f.numPlayed, f.lastPlayed);
      this.table.set(f.id, formulaScore(f, this.stats.snapshot(), now(), moodScore));
      return;
    }
    if (old) this.stats.change(old, f);
    if (old === f) return; // afhi or path change: the statistics and the score stay
    this.table.remove(f.id);
    if (playlist) {
      // a played (or touched) playlist entry goes to the end; the playlist repeats
      this.table.set(f.id, (this.table.lowest()?.score ?? 1) - 1);
      return;
    }
    const s = formulaScore(f, this.stats.snapshot(), now(), moodScore);
    this.table.set(f.id, percentileScore(this.table, s));
  }

  /** The admissible files with their scores (ls -a). */
  admissible(): Map<number, number> {
    const out = new Map<number, number>();
    for (const { id, score } of this.table.descending()) out.set(id, score);
    return out;
  }

  /** The best file not in `skip` (and `accept`ed), keeping artist separation when the mode
   * asks for it. */
  best(
    skip: ReadonlySet<number> = new Set(),
    accept?: (f: AudioFileRecord) => boolean,
  ): ScoredFile | undefined {
    return pickBest(
      this.table.descending(),
      skip,
      this.tables.files,
      this.recentArtists,
      this.mode.artistSeparation,
      accept,
    );
  }

  /** A file that cannot be streamed leaves the score table (not the database). */
  drop(id: number): void {
    const f = this.tables.files.get(id);
    if (f) this.onRemove(f);
    else this.table.remove(id);
  }

  /** Remembers the artist of a file that starts playing. */
  played(file: AudioFileRecord): void {
    this.recentArtists.push(artistKey(file));
    if (this.recentArtists.length > RECENT_ARTISTS) this.recentArtists.shift();
  }
}

export const artistKey = (f: Pick<AudioFileRecord, 'artist'>): string =>
  f.artist.trim().toLowerCase();

/** docs/paraslash/moods.md §5.3: an admissible file moves to the percentile its new formula score names. */
export function percentileScore(table: ScoreTable, s: number): number {
  const n = table.size;
  if (n === 0) return s;
  const percent = Math.min(100, Math.max(0, Math.trunc((s + 100) / 3)));
  const p = 1 + Math.trunc(((n - 1) * percent) / 100);
  return table.at(p - 1)!.score - 1;
}

/** First candidate whose artist did not play within the last `separation` files. */
export function pickBest(
  candidates: Iterable<ScoredFile>,
  skip: ReadonlySet<number>,
  files: Pick<AudioFileTable, 'get'>,
  recent: readonly string[],
  separation: number,
  accept?: (f: AudioFileRecord) => boolean,
): ScoredFile | undefined {
  const blocked = new Set(separation > 0 ? recent.slice(-separation).filter(Boolean) : []);
  let fallback: ScoredFile | undefined;
  for (const c of candidates) {
    if (skip.has(c.id)) continue;
    if (blocked.size === 0 && !accept) return c;
    const f = files.get(c.id);
    if (!f || (accept && !accept(f))) continue;
    if (blocked.size === 0) return c;
    if (!blocked.has(artistKey(f))) return c;
    fallback ??= c; // every candidate blocked: rather repeat an artist than stop the stream
  }
  return fallback;
}
