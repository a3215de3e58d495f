// The request queue (issue #20): requests in the database (they survive a restart), the ones
// waiting kept in memory in order. Queued requests play after the current file, before the mode's
// choice (afs's next-file policy asks front()); a play started for a request marks it played with
// the listeners of that moment.
import { EventEmitter } from 'node:events';
import type { Afs, AudioFileRecord, SharedTable } from '../afs/index.js';
import type { Database } from '../db/index.js';
import { ParaError } from '../errors.js';
import type { RequestFact, RequestRules } from './rules.js';
import { checkRequest, startOf } from './rules.js';

export type RequestStatus = RequestFact['status'];

export interface SongRequestView {
  id: number;
  fileId: number;
  status: RequestStatus;
  position: number;
  source: string;
  address: string;
  /** ms since the epoch */
  createdAt: number;
  playedAt: number | undefined;
  listeners: number | undefined;
}

export interface RequestQueueOptions extends RequestRules {
  /** files with this attribute may be requested by listeners */
  attribute: string;
  /** and the files this mood admits (none: the attribute alone) */
  mood?: string;
  /** listeners' requests are queued at once */
  autoApprove: boolean;
  now?: () => number;
  /** listeners on the stream now (recorded with a played request) */
  listeners?: () => number;
  /** the current mode closes requests */
  closed?: () => Promise<boolean>;
}

/** how old the request mood's files may be for the search, the covers and the status */
const MOOD_MAX_AGE_MS = 30_000;
/** what the rules look back on */
const HISTORY_MS = 86_400_000;
const STATUSES: readonly RequestStatus[] = ['pending', 'queued', 'played', 'rejected'];

interface Row {
  id: number;
  fileId: number;
  status: string;
  position: number;
  source: string;
  address: string;
  createdAt: Date;
  playedAt: Date | null;
  listeners: number | null;
}

function view(r: Row): SongRequestView {
  return {
    id: r.id,
    fileId: r.fileId,
    status: STATUSES.includes(r.status as RequestStatus) ? (r.status as RequestStatus) : 'rejected',
    position: r.position,
    source: r.source,
    address: r.address,
    createdAt: r.createdAt.getTime(),
    playedAt: r.playedAt?.getTime(),
    listeners: r.listeners ?? undefined,
  };
}

export class RequestQueue implements SharedTable {
  readonly tableName = 'requests';
  /** this process changed the queue (the others read it again: afs/sync shareTables) */
  private readonly edits = new EventEmitter<{ edit: [] }>();
  /** the requests of the last day and every one still waiting, oldest first */
  private rows: SongRequestView[] = [];
  readonly now: () => number;
  /** one change at a time: two listeners at once cannot both take the last place */
  private lock: Promise<unknown> = Promise.resolve();
  /** the files the request mood admitted, and when (ms) */
  private moodFiles: { at: number; ids: Set<number> } | undefined;

  private constructor(
    private readonly db: Database,
    private readonly afs: Afs,
    readonly opts: RequestQueueOptions,
  ) {
    this.now = opts.now ?? Date.now;
    afs.events.on('play:start', (_file, request) => {
      if (request !== undefined) void this.played(request).catch(() => {});
    });
  }

  static async open(db: Database, afs: Afs, opts: RequestQueueOptions): Promise<RequestQueue> {
    const q = new RequestQueue(db, afs, opts);
    await q.load();
    return q;
  }

  async load(): Promise<void> {
    const since = new Date(this.now() - HISTORY_MS);
    const rows = await this.db.prisma.songRequest.findMany({
      where: { OR: [{ createdAt: { gte: since } }, { status: { in: ['pending', 'queued'] } }] },
      orderBy: { id: 'asc' },
    });
    this.rows = rows.map(view);
  }

  /** runs a change after the ones before it; `edit`: it is this process's own (peers hear of it) */
  private serial<T>(fn: () => Promise<T>, edit = true): Promise<T> {
    const run = this.lock.then(fn);
    this.lock = run.catch(() => {});
    if (!edit) return run;
    return run.then((v) => {
      this.edits.emit('edit');
      return v;
    });
  }

  onEdit(listener: () => void): () => void {
    this.edits.on('edit', listener);
    return () => this.edits.off('edit', listener);
  }

  /** reads the queue again (another process changed it); a file chosen ahead goes stale when
   * what plays first changed (a request taken by a standby plays next on the leader) */
  async reload(): Promise<void> {
    const before = JSON.stringify(this.front());
    await this.serial(() => this.load(), false);
    if (JSON.stringify(this.front()) !== before) this.afs.events.emit('next:change');
  }

  /** the requests waiting: queued ones in play order, then the pending ones */
  waiting(): SongRequestView[] {
    const rank = (s: RequestStatus): number => (s === 'queued' ? 0 : 1);
    return this.rows
      .filter((r) => r.status === 'queued' || r.status === 'pending')
      .sort((a, b) => rank(a.status) - rank(b.status) || a.position - b.position || a.id - b.id);
  }

  history(): SongRequestView[] {
    return this.rows.filter((r) => r.status === 'played' || r.status === 'rejected');
  }

  get(id: number): SongRequestView {
    const r = this.rows.find((x) => x.id === id);
    if (!r) throw new ParaError('E_NOT_FOUND', `no such request: ${id}`);
    return r;
  }

  /** may listeners request this file */
  requestable(f: Pick<AudioFileRecord, 'id' | 'attributes'>): boolean {
    const bit = this.afs.attributes.bit(this.opts.attribute);
    if (bit !== undefined && (f.attributes & (1n << BigInt(bit))) !== 0n) return true;
    return this.moodFiles?.ids.has(f.id) ?? false;
  }

  /**
   * The request mood's files, admitted again when older than `maxAgeMs` (a listener's request
   * asks for a fresh set; the search and covers take one of the last seconds). A mood that does
   * not exist or does not parse admits nothing.
   */
  async refreshMood(maxAgeMs: number): Promise<void> {
    const mood = this.opts.mood;
    if (mood === undefined || mood === '') return;
    const t = this.now();
    if (this.moodFiles && t - this.moodFiles.at <= maxAgeMs) return;
    const files = await this.afs.filesOf(`m/${mood}`).catch(() => []);
    this.moodFiles = { at: t, ids: new Set(files.map((f) => f.id)) };
  }

  /** what afs plays first: the queued requests in order */
  front(): { id: number; request: number }[] {
    return this.waiting()
      .filter((r) => r.status === 'queued')
      .map((r) => ({ id: r.fileId, request: r.id }));
  }

  /**
   * A request: an operator's (`source` "user:<name>") is queued at once; a listener's obeys the
   * rules and waits for approval unless auto-approve is on. Refusals are ParaErrors whose
   * message is the reason to show.
   */
  add(fileId: number, source: string, address = ''): Promise<SongRequestView> {
    return this.serial(async () => {
      const file = this.afs.files.get(fileId);
      if (!file) throw new ParaError('E_NOT_FOUND', 'no such file');
      const listener = source.startsWith('listener:');
      if (listener) {
        await this.refreshMood(0);
        const verdict = checkRequest(this.opts, {
          now: this.now(),
          file: { ...file, requestable: this.requestable(file) },
          source,
          address,
          requests: this.rows.map((r) => ({
            ...r,
            artist: this.afs.files.get(r.fileId)?.artist ?? '',
          })),
          closed: await this.closed(),
          artistSeparation: this.afs.selector.artistSeparation,
          recentArtists: this.afs.selector.recentArtists,
        });
        if (!verdict.ok) throw new ParaError('E_INVALID', verdict.reason);
      }
      const status: RequestStatus = !listener || this.opts.autoApprove ? 'queued' : 'pending';
      const position = Math.max(0, ...this.waiting().map((r) => r.position)) + 1;
      const row = await this.db.prisma.songRequest.create({
        data: { fileId, status, position, source, address, createdAt: new Date(this.now()) },
      });
      const r = view(row);
      this.rows.push(r);
      if (status === 'queued') this.afs.events.emit('next:change');
      return r;
    });
  }

  private async setStatus(
    id: number,
    status: RequestStatus,
    extra: Partial<Row> = {},
  ): Promise<void> {
    const row = await this.db.prisma.songRequest.update({
      where: { id },
      data: { status, ...extra },
    });
    this.rows = this.rows.map((r) => (r.id === id ? view(row) : r));
  }

  approve(id: number): Promise<void> {
    return this.serial(async () => {
      if (this.get(id).status !== 'pending')
        throw new ParaError('E_INVALID', `request ${id} is not pending`);
      await this.setStatus(id, 'queued');
      this.afs.events.emit('next:change');
    });
  }

  /** reject (rm): the request leaves the queue and stays in the history as rejected */
  reject(ids: readonly number[]): Promise<void> {
    return this.serial(async () => {
      for (const id of ids) {
        const r = this.get(id);
        if (r.status !== 'pending' && r.status !== 'queued')
          throw new ParaError('E_INVALID', `request ${id} is not waiting`);
      }
      for (const id of ids) await this.setStatus(id, 'rejected');
      this.afs.events.emit('next:change');
    });
  }

  /** moves a waiting request to a 1-based place among the queued (or pending) ones */
  move(id: number, place: number): Promise<void> {
    return this.serial(async () => {
      const r = this.get(id);
      const same = this.waiting().filter((x) => x.status === r.status && x.id !== id);
      if (r.status !== 'pending' && r.status !== 'queued')
        throw new ParaError('E_INVALID', `request ${id} is not waiting`);
      const at = Math.max(0, Math.min(place - 1, same.length));
      same.splice(at, 0, r);
      for (const [k, x] of same.entries())
        if (x.position !== k + 1) {
          const row = await this.db.prisma.songRequest.update({
            where: { id: x.id },
            data: { position: k + 1 },
          });
          this.rows = this.rows.map((y) => (y.id === x.id ? view(row) : y));
        }
      this.afs.events.emit('next:change');
    });
  }

  /** a queued file that cannot be played leaves the queue */
  unplayable(id: number): void {
    void this.serial(() => this.setStatus(id, 'rejected')).catch(() => {});
  }

  private played(id: number): Promise<void> {
    return this.serial(() =>
      this.setStatus(id, 'played', {
        playedAt: new Date(this.now()),
        listeners: this.opts.listeners?.() ?? null,
      }),
    );
  }

  /**
   * When a waiting request should start (ms), from when the current file ends: the exact
   * durations of the requests before it. A pending one is placed as if approved now (after the
   * queued ones and the pending ones before it).
   */
  eta(id: number, currentEndsAt: number | undefined): number | undefined {
    const ahead = this.waiting().map((r) => ({
      id: r.id,
      durationMs: this.afs.files.get(r.fileId)?.durationMs ?? 0,
    }));
    return startOf(ahead, id, currentEndsAt ?? this.now());
  }

  /** listeners can request: at least one file has the attribute or is in the request mood */
  async enabled(): Promise<boolean> {
    await this.refreshMood(MOOD_MAX_AGE_MS);
    if ((this.moodFiles?.ids.size ?? 0) > 0) return true;
    if (this.afs.attributes.bit(this.opts.attribute) === undefined) return false;
    for (const f of this.afs.files.all()) if (this.requestable(f)) return true;
    return false;
  }

  /** the current mode closes requests */
  async closed(): Promise<boolean> {
    return (await this.opts.closed?.()) ?? false;
  }

  /** requestable files whose title, artist or album contain every word of `q` (at most `limit`) */
  async search(q: string, limit: number): Promise<AudioFileRecord[]> {
    await this.refreshMood(MOOD_MAX_AGE_MS);
    const words = q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 10);
    const out: AudioFileRecord[] = [];
    if (words.length === 0) return out;
    for (const f of this.afs.files.all()) {
      if (!this.requestable(f)) continue;
      const hay = `${f.title}\n${f.artist}\n${f.album}`.toLowerCase();
      if (words.every((w) => hay.includes(w))) out.push(f);
      if (out.length >= limit) break;
    }
    return out;
  }
}
