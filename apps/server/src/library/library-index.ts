// Sorted and filtered views of the in-memory audio file table for the web library: each sort
// order is computed once and kept until a change makes it stale, and so is each filtered result
// (sort, search, attribute and format filters), so paging through 100,000 files is a slice.
import type { Afs, AudioFileRecord } from '../afs/index.js';
import type { FormatName } from '../afs/formats/index.js';
import { FORMAT_NAMES } from '../afs/index.js';
import { yieldToEventLoop } from '../event-loop.js';
import { ParaError } from '../errors.js';
import { AFSI_COLUMNS, SORT_KEYS, toRow, type LibraryRow, type SortColumn } from './columns.js';
import { forEachInTurns, keyOrder, pathOrder } from './orders.js';
import { compileSearch, fold, searchText } from './search.js';
import { TextCache } from './text-cache.js';

export interface LibraryFilter {
  /** words or a wildcard pattern, matched by the one search rule (search.ts) */
  search?: string | undefined;
  /** attribute names that must be set */
  withAttributes?: readonly string[] | undefined;
  /** attribute names that must not be set */
  withoutAttributes?: readonly string[] | undefined;
  format?: FormatName | undefined;
}

export interface LibraryQuery extends LibraryFilter {
  sort: SortColumn;
  order: 'asc' | 'desc';
}

interface Versions {
  struct: number;
  afsi: number;
}

interface Cached {
  at: Versions;
  /** whether afsi changes make it stale too */
  afsi: boolean;
  ids: Promise<Int32Array>;
}

/** filtered results kept at once (each is at most one Int32Array of the library's size) */
const MAX_FILTERED = 16;
const SCAN_PER_TURN = 2_000;
/** quiet time after the last change before the path order is rebuilt in the background */
const WARM_DELAY_MS = 1000;

export class LibraryIndex {
  private struct = 0;
  private afsi = 0;
  private readonly orders = new Map<SortColumn, Cached>();
  private readonly filtered = new Map<string, Cached>();
  private readonly text = new TextCache();
  private warmTimer: NodeJS.Timeout | undefined;
  private texts: { at: number; value: Promise<{ ids: Int32Array; texts: string[] }> } | undefined;
  /** sort orders someone asked for: rebuilt in the background after changes */
  private readonly used = new Set<Exclude<SortColumn, 'score'>>(['path']);

  constructor(private readonly afs: Afs) {
    const structural = (): void => {
      this.struct++;
      this.warmSoon();
    };
    const afsiChange = (): void => void this.afsi++;
    const ev = afs.events;
    ev.on('audio-file:add', structural);
    ev.on('audio-file:remove', structural);
    ev.on('audio-file:rename', structural);
    ev.on('afhi:change', structural);
    ev.on('afsi:change', afsiChange);
    // a bulk change may touch anything
    ev.on('files:bulk-change', () => (structural(), afsiChange()));
    this.warmSoon();
  }

  /** Rebuilds the path order (every other order starts from it), the orders asked for before
   * and the search texts once changes have settled, so that the next page request finds them. */
  private warmSoon(): void {
    clearTimeout(this.warmTimer);
    this.warmTimer = setTimeout(() => void this.warm().catch(() => {}), WARM_DELAY_MS);
    this.warmTimer.unref();
  }

  private async warm(): Promise<void> {
    const at = this.struct;
    for (const column of this.used) {
      await this.order(column);
      if (this.struct !== at) return;
    }
    await this.searchTexts();
  }

  /**
   * The search text (search.ts: the folded path and tags) of every file, in path order: a
   * search is then one test per file. Structural changes (tags, paths, files) make it
   * stale; play statistics do not touch it.
   */
  private searchTexts(): Promise<{ ids: Int32Array; texts: string[] }> {
    if (this.texts?.at === this.struct) return this.texts.value;
    const value = this.order('path').then(async (ids) => {
      const texts = new Array<string>(ids.length);
      await forEachInTurns(ids.length, (i) => {
        const f = this.afs.files.get(ids[i]!);
        texts[i] = f ? searchText(f) : '';
      });
      return { ids, texts };
    });
    this.texts = { at: this.struct, value };
    value.catch(() => (this.texts = undefined));
    return value;
  }

  /** which ids match a search: a byte per id, 1 for a match */
  private async searchMatches(search: string): Promise<Uint8Array> {
    const test = compileSearch(search)!;
    const { ids, texts } = await this.searchTexts();
    let maxId = 0;
    for (const id of ids) if (id > maxId) maxId = id;
    const match = new Uint8Array(maxId + 1);
    await forEachInTurns(ids.length, (i) => {
      if (test(texts[i]!)) match[ids[i]!] = 1;
    });
    return match;
  }

  /** The ids of the matching files in ascending order of `query.sort`. */
  async select(query: LibraryQuery): Promise<Int32Array> {
    const filter = this.compileFilter(query);
    const afsiDependent = AFSI_COLUMNS.has(query.sort) || filter.set !== 0n || filter.clear !== 0n;
    if (query.sort === 'score') return this.applyFilter(await this.scoreOrder(), filter);
    if (!filter.active) return this.order(query.sort);
    const key = JSON.stringify([
      query.sort,
      filter.search,
      `${filter.set}`,
      `${filter.clear}`,
      filter.format,
    ]);
    const hit = this.fresh(this.filtered.get(key));
    if (hit) {
      // most recently used last
      this.filtered.delete(key);
      this.filtered.set(key, hit);
      return hit.ids;
    }
    const entry: Cached = {
      at: this.versions(),
      afsi: afsiDependent,
      ids: this.fresh(this.orders.get(query.sort))
        ? this.order(query.sort).then((ids) => this.applyFilter(ids, filter))
        : this.filterThenSort(query.sort, filter),
    };
    this.filtered.set(key, entry);
    if (this.filtered.size > MAX_FILTERED) this.filtered.delete(this.filtered.keys().next().value!);
    entry.ids.catch(() => this.filtered.delete(key));
    return entry.ids;
  }

  /** One page of rows and the number of matching files. */
  async page(
    query: LibraryQuery,
    offset: number,
    limit: number,
  ): Promise<{ total: number; rows: LibraryRow[] }> {
    const ids = await this.select(query);
    const rows: LibraryRow[] = [];
    const names = (mask: bigint): string[] => this.afs.attributes.names(mask);
    for (const id of this.slice(ids, query.order, offset, limit)) {
      const f = this.afs.files.get(id);
      // a file removed since the order was computed is left out
      if (f) rows.push(toRow(f, names, this.afs.selector.table.score(id)));
    }
    return { total: ids.length, rows };
  }

  /** Ids and paths of the matching files in order (for "select all matching" actions). */
  async paths(
    query: LibraryQuery,
    offset: number,
    limit: number,
  ): Promise<{ total: number; ids: number[]; paths: string[] }> {
    const ids = await this.select(query);
    const out = { total: ids.length, ids: [] as number[], paths: [] as string[] };
    for (const id of this.slice(ids, query.order, offset, limit)) {
      const f = this.afs.files.get(id);
      if (!f) continue;
      out.ids.push(id);
      out.paths.push(f.path);
    }
    return out;
  }

  /**
   * Where the first of `wanted` stands in the query's order (offset of its row), or -1: the
   * table scrolls there after an action moved the selected files (a touch re-sorts by score).
   */
  async position(query: LibraryQuery, wanted: readonly number[]): Promise<number> {
    const ids = await this.select(query);
    const set = new Set(wanted);
    let best = -1;
    for (let i = 0; i < ids.length; i++) {
      if (!set.has(ids[i]!)) continue;
      const at = query.order === 'asc' ? i : ids.length - 1 - i;
      if (best < 0 || at < best) best = at;
      if (query.order === 'asc') break;
    }
    return best;
  }

  private *slice(ids: Int32Array, order: 'asc' | 'desc', offset: number, limit: number) {
    const end = Math.min(ids.length, offset + limit);
    for (let i = offset; i < end; i++) yield ids[order === 'asc' ? i : ids.length - 1 - i]!;
  }

  private versions(): Versions {
    return { struct: this.struct, afsi: this.afsi };
  }

  private fresh(c: Cached | undefined): Cached | undefined {
    if (!c || c.at.struct !== this.struct || (c.afsi && c.at.afsi !== this.afsi)) return undefined;
    return c;
  }

  /** All files in ascending order of `column`; ties in path order. */
  private order(column: Exclude<SortColumn, 'score'>): Promise<Int32Array> {
    this.used.add(column);
    const hit = this.fresh(this.orders.get(column));
    if (hit) return hit.ids;
    const entry: Cached = {
      at: this.versions(),
      afsi: AFSI_COLUMNS.has(column),
      ids: this.buildOrder(column),
    };
    this.orders.set(column, entry);
    entry.ids.catch(() => this.orders.delete(column));
    return entry.ids;
  }

  private async buildOrder(column: Exclude<SortColumn, 'score'>): Promise<Int32Array> {
    if (column === 'path') return pathOrder([...this.afs.files.all()]);
    const base = await this.order('path');
    const files: AudioFileRecord[] = [];
    for (const id of base) {
      const f = this.afs.files.get(id);
      if (f) files.push(f);
    }
    this.text.trim(files.length);
    return keyOrder(files, SORT_KEYS[column], (s) => this.text.lower(s));
  }

  /**
   * Filters the path order, then sorts what matched: the same ids as filtering the order of
   * `column` (that order keeps path order among ties), but a search that matches a few thousand
   * of 100,000 files sorts only those when that order is not built yet.
   */
  private async filterThenSort(
    column: Exclude<SortColumn, 'score'>,
    filter: ReturnType<LibraryIndex['compileFilter']>,
  ): Promise<Int32Array> {
    this.used.add(column);
    const ids = await this.applyFilter(await this.order('path'), filter);
    if (column === 'path') return ids;
    const files: AudioFileRecord[] = [];
    for (const id of ids) {
      const f = this.afs.files.get(id);
      if (f) files.push(f);
    }
    return keyOrder(files, SORT_KEYS[column], (s) => this.text.lower(s));
  }

  /** The score table's order (best last, like ascending), files that are not admissible first. */
  private async scoreOrder(): Promise<Int32Array> {
    const base = await this.order('path');
    const table = this.afs.selector.table;
    const out = new Int32Array(base.length);
    let n = 0;
    for (const id of base) if (!table.has(id)) out[n++] = id;
    const scored: number[] = [];
    for (const { id } of table.descending()) scored.push(id);
    for (let i = scored.length - 1; i >= 0 && n < out.length; i--) out[n++] = scored[i]!;
    return out.subarray(0, n);
  }

  private compileFilter(f: LibraryFilter) {
    const mask = (names: readonly string[] | undefined): bigint => {
      let m = 0n;
      for (const name of names ?? []) {
        const bit = this.afs.attributes.bit(name);
        if (bit === undefined) throw new ParaError('E_NOT_FOUND', `no such attribute: ${name}`);
        m |= 1n << BigInt(bit);
      }
      return m;
    };
    const set = mask(f.withAttributes);
    const clear = mask(f.withoutAttributes);
    const search = fold((f.search ?? '').trim());
    compileSearch(search); // a bad pattern fails here, before anything is cached
    const format = f.format === undefined ? -1 : FORMAT_NAMES.indexOf(f.format);
    return {
      set,
      clear,
      search,
      format,
      active: search !== '' || set !== 0n || clear !== 0n || format >= 0,
    };
  }

  private async applyFilter(
    ids: Int32Array,
    filter: ReturnType<LibraryIndex['compileFilter']>,
  ): Promise<Int32Array> {
    if (!filter.active) return ids;
    const match = filter.search === '' ? undefined : await this.searchMatches(filter.search);
    // BigInt operations cost: only when an attribute filter is set
    const { set, clear, format } = filter;
    const attributes = set !== 0n || clear !== 0n;
    const out = new Int32Array(ids.length);
    let n = 0;
    for (let i = 0; i < ids.length; i++) {
      if (i % SCAN_PER_TURN === SCAN_PER_TURN - 1) await yieldToEventLoop();
      const id = ids[i]!;
      if (match && match[id] !== 1) continue;
      if (format >= 0 || attributes) {
        const f = this.afs.files.get(id);
        if (!f) continue;
        if (format >= 0 && f.format !== format) continue;
        if (attributes && ((f.attributes & set) !== set || (f.attributes & clear) !== 0n)) continue;
      }
      out[n++] = id;
    }
    return out.slice(0, n);
  }
}

const indexes = new WeakMap<Afs, LibraryIndex>();

/** The one index of an Afs, made on first use (it follows the afs events from then on). */
export function libraryIndexOf(afs: Afs): LibraryIndex {
  let index = indexes.get(afs);
  if (!index) {
    index = new LibraryIndex(afs);
    indexes.set(afs, index);
  }
  return index;
}
