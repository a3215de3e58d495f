// The schedule as the server holds it: the entries in memory (the database first), the time zone,
// the default mode; checks each saved entry for conflicts and follows renamed moods and playlists.
import { EventEmitter } from 'node:events';
import type { Afs, SharedTable } from '../afs/index.js';
import type { Database } from '../db/index.js';
import { ParaError } from '../errors.js';
import type { Conflict } from './conflicts.js';
import { allConflicts, conflictsOf } from './conflicts.js';
import type { Occurrence, ScheduleEntry, ScheduleEntryFields } from './entry.js';
import { scheduleEntryInput } from './entry.js';
import { ScheduleStore } from './store.js';
import type { Change } from './timeline.js';
import { activeAt, nextChange } from './timeline.js';
import { isValidZone, systemZone } from './zoned.js';

export interface ScheduleOptions {
  /** IANA zone of the entries' times; undefined: the system's, looked up at its first use (the
   * lookup maps ~5 MB of ICU data into memory, which a server without entries never needs) */
  zone?: string;
  /** the clock (ms since the epoch); tests inject one */
  now?: () => number;
}

const DEFAULT_MODE = 'defaultMode';
/** the run the playout leader applied last, and when (see noteApplied) */
const APPLIED = 'applied';

export class Schedule implements SharedTable {
  private entries: ScheduleEntry[] = [];
  private defaultModeValue: string | undefined;
  /** entries or the default mode changed: the scheduler looks again; `edit`: this process
   * changed them (the other processes read them again: afs/sync shareTables) */
  readonly changes = new EventEmitter<{ change: []; edit: [] }>();
  readonly tableName = 'schedule';
  private zoneName: string | undefined;
  readonly now: () => number;
  private readonly store: ScheduleStore;

  private constructor(
    db: Database,
    private readonly afs: Afs,
    opts: ScheduleOptions,
  ) {
    if (opts.zone !== undefined && !isValidZone(opts.zone))
      throw new ParaError('E_CONFIG', `unknown time zone: ${opts.zone}`);
    this.zoneName = opts.zone;
    this.now = opts.now ?? Date.now;
    this.store = new ScheduleStore(db);
    afs.events.on('blob:rename', (table, oldName, newName) => {
      this.followRename(table, oldName, newName).catch((err: unknown) =>
        afs.log(`schedule: could not follow ${table} ${oldName} -> ${newName}: ${String(err)}`),
      );
    });
  }

  get zone(): string {
    return (this.zoneName ??= systemZone());
  }

  static async open(db: Database, afs: Afs, opts: ScheduleOptions): Promise<Schedule> {
    const s = new Schedule(db, afs, opts);
    await s.load();
    return s;
  }

  async load(): Promise<void> {
    this.entries = await this.store.entries();
    this.defaultModeValue = await this.store.setting(DEFAULT_MODE);
    this.changes.emit('change');
  }

  reload(): Promise<void> {
    return this.load();
  }

  /** The leader notes the run it applied (Scheduler), so that a node taking over can tell the
   * schedule's mode from an operator's select made since (playout-leader.ts takeOver). */
  noteApplied(run: string, at: number): Promise<void> {
    return this.store.setSetting(APPLIED, JSON.stringify({ run, at }));
  }

  async lastApplied(): Promise<{ run: string; at: number } | undefined> {
    const text = await this.store.setting(APPLIED);
    if (text === undefined) return undefined;
    try {
      const v: unknown = JSON.parse(text);
      const { run, at } = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
      return typeof run === 'string' && typeof at === 'number' ? { run, at } : undefined;
    } catch {
      return undefined;
    }
  }

  onEdit(listener: () => void): () => void {
    this.changes.on('edit', listener);
    return () => this.changes.off('edit', listener);
  }

  private edited(): void {
    this.changes.emit('change');
    this.changes.emit('edit');
  }

  list(): readonly ScheduleEntry[] {
    return this.entries;
  }

  get(id: number): ScheduleEntry {
    const e = this.entries.find((x) => x.id === id);
    if (!e) throw new ParaError('E_NOT_FOUND', `no such schedule entry: ${id}`);
    return e;
  }

  get defaultMode(): string | undefined {
    return this.defaultModeValue;
  }

  /** m/<mood> or p/<playlist> exists (dummy too) */
  modeExists(mode: string): boolean {
    if (mode === 'dummy') return true;
    const table = mode.startsWith('m/') ? this.afs.blobs.mood : this.afs.blobs.pl;
    return table.idOf(mode.slice(2)) !== undefined;
  }

  conflicts(): Conflict[] {
    return allConflicts(this.entries, { exists: (m) => this.modeExists(m) }, this.zone, this.now());
  }

  /** refuses an entry with conflicts, naming every one */
  private check(candidate: ScheduleEntry): void {
    const found = conflictsOf(
      candidate,
      this.entries,
      { exists: (m) => this.modeExists(m) },
      this.zone,
      this.now(),
    );
    if (found.length > 0)
      throw new ParaError(
        'E_INVALID',
        `schedule entry refused: ${found.map((c) => c.message).join('; ')}`,
      );
  }

  private static valid(fields: unknown): ScheduleEntryFields {
    const r = scheduleEntryInput.safeParse(fields);
    if (r.success) return r.data;
    throw new ParaError(
      'E_INVALID',
      `schedule entry: ${r.error.issues.map((i) => `${i.path.join('.') || 'entry'}: ${i.message}`).join('; ')}`,
    );
  }

  async add(fields: unknown): Promise<ScheduleEntry> {
    const data = Schedule.valid(fields);
    this.check({ ...data, id: 0 });
    const e = await this.store.add(data);
    this.entries = [...this.entries, e];
    this.edited();
    return e;
  }

  /** changes an entry (times, days, anything): checked as a new one would be */
  async update(id: number, patch: Partial<ScheduleEntryFields>): Promise<ScheduleEntry> {
    const data = Schedule.valid({ ...this.get(id), ...patch, id: undefined });
    this.check({ ...data, id });
    const e = await this.store.update(id, data);
    this.entries = this.entries.map((x) => (x.id === id ? e : x));
    this.edited();
    return e;
  }

  async remove(ids: readonly number[]): Promise<void> {
    for (const id of ids) this.get(id);
    await this.store.remove(ids);
    this.entries = this.entries.filter((e) => !ids.includes(e.id));
    this.edited();
  }

  async setDefaultMode(mode: string | undefined): Promise<void> {
    if (mode !== undefined && !this.modeExists(mode))
      throw new ParaError('E_NOT_FOUND', `no such mood or playlist: ${mode}`);
    await this.store.setSetting(DEFAULT_MODE, mode);
    this.defaultModeValue = mode;
    this.edited();
  }

  /** why a mood or playlist cannot be removed: the entries (and default) that use it */
  usesOf(table: string, name: string): string[] {
    const mode = `${table === 'mood' ? 'm' : 'p'}/${name}`;
    const out = this.entries
      .filter((e) => e.mode === mode)
      .map((e) => `schedule entry ${e.id} (${e.start}-${e.end})`);
    if (this.defaultModeValue === mode) out.push('the schedule default mode');
    return out;
  }

  // no entries: nothing to place in the zone, which is not looked up for it
  active(t = this.now()): Occurrence | undefined {
    return this.entries.length === 0 ? undefined : activeAt(this.entries, t, this.zone);
  }

  next(t = this.now()): Change | undefined {
    return this.entries.length === 0 ? undefined : nextChange(this.entries, t, this.zone);
  }

  /** the mode in force at t: the active entry's, or the default (undefined: nothing scheduled) */
  modeAt(t = this.now()): string | undefined {
    return this.active(t)?.entry.mode ?? this.defaultModeValue;
  }

  private async followRename(table: string, oldName: string, newName: string): Promise<void> {
    if (table !== 'mood' && table !== 'pl') return;
    const p = table === 'mood' ? 'm' : 'p';
    for (const e of this.entries.filter((x) => x.mode === `${p}/${oldName}`)) {
      const r = await this.store.update(e.id, { ...e, mode: `${p}/${newName}` });
      this.entries = this.entries.map((x) => (x.id === e.id ? r : x));
    }
    if (this.defaultModeValue === `${p}/${oldName}`) await this.setDefaultMode(`${p}/${newName}`);
    this.changes.emit('change');
  }
}
