// Where EXT-X-MEDIA-SEQUENCE goes on after a restart: a small JSON file in the database
// directory (hls-state.json), written by the stream thread itself. The stream thread has no
// database, and a message to the main thread would add a protocol message and a DB write for
// one number per variant; the file is read once at start (before streaming) and written
// asynchronously (libuv's pool, write to a temporary file + rename), never on the clock's path.
// It is written rarely: it stores a reservation RESERVE numbers ahead, so a restart skips at
// most that many (sequence numbers need only rise) and a write happens once per RESERVE
// segments, or when a discontinuity is counted.
// Several processes on PostgreSQL (one playout leader): the same reservations are also handed to
// `share` (the stream thread posts them to the main thread, which keeps them in the database), and
// a node that gains the lead adopts what the last leader reserved (adopt), so its numbers follow
// that leader's (docs/hls.md, "HLS across a failover").
import fs from 'node:fs';
import path from 'node:path';
import type { MountCodec } from '../mounts/types.js';

export const STATE_FILE = 'hls-state.json';
/** sequence numbers reserved per write: 64 segments of 4 s, a write every four minutes */
export const RESERVE = 64;
/**
 * The reservation when the state is shared between nodes (a playout leader on PostgreSQL): a
 * write (a message, then a database row) every 8 segments, and a new leader that did not hear of
 * the old one's last segment (no Redis) starts at most 8 numbers past it; hls.js places segments
 * by their numbers, so a big skip is a jump in time for its listeners (docs/hls.md).
 */
export const SHARED_RESERVE = 8;

interface Entry {
  /** every sequence number below this may have been used */
  seq: number;
  disc: number;
}

/** per variant: the reservation (every number below `seq` may be used) and the discontinuity count */
export type SeqEntries = Partial<Record<MountCodec, Entry>>;

/** whether segment `a` comes after `b` (none: every segment does): a later discontinuity count,
 * or the same and a higher number */
export const isLaterSegment = (a: Entry, b: Entry | undefined): boolean =>
  !b || a.disc > b.disc || (a.disc === b.disc && a.seq > b.seq);

export interface SeqStart {
  seq: number;
  disc: number;
  /** an earlier run used this variant: its first segment is a discontinuity */
  restarted: boolean;
}

export class SeqStore {
  private readonly entries: SeqEntries = {};
  private writing = false;
  private again = false;
  /** a failed write, for the log (the stream goes on; after a restart numbers jump, see start) */
  lastError: string | undefined;

  constructor(
    private readonly dir: string | undefined,
    private readonly onError?: (err: unknown) => void,
    /** hears every reservation (a copy), as the file would be written */
    private readonly share?: (entries: SeqEntries) => void,
    /** numbers reserved per write */
    private readonly reserve = RESERVE,
  ) {
    if (!dir) return;
    try {
      const parsed = JSON.parse(fs.readFileSync(path.join(dir, STATE_FILE), 'utf8')) as unknown;
      if (parsed && typeof parsed === 'object') {
        for (const [k, v] of Object.entries(parsed)) {
          const e = v as Partial<Entry> | undefined;
          if (Number.isSafeInteger(e?.seq) && Number.isSafeInteger(e?.disc)) {
            this.entries[k as MountCodec] = { seq: e!.seq!, disc: e!.disc! };
          }
        }
      }
    } catch {
      // no file yet, or unreadable: start() falls back to the wall clock
    }
  }

  /**
   * Where a variant starts. Without a stored entry: at the wall clock's seconds, which is past
   * any earlier run's numbers unless segments averaged under a second (a lost state file must
   * not make a cache serve an old segment under a reused name).
   */
  start(codec: MountCodec, nowMs = Date.now()): SeqStart {
    const e = this.entries[codec];
    const start = e
      ? { seq: e.seq, disc: e.disc, restarted: true }
      : { seq: Math.floor(nowMs / 1000), disc: 0, restarted: false };
    this.entries[codec] = { seq: start.seq + this.reserve, disc: start.disc };
    this.save();
    return start;
  }

  /** A segment `seq` went out: reserve further ahead when it reaches the reservation. */
  used(codec: MountCodec, seq: number, disc: number): void {
    const e = this.entries[codec];
    if (e && seq < e.seq && disc === e.disc) return;
    this.entries[codec] = { seq: seq + 1 + this.reserve, disc };
    this.save();
  }

  /**
   * What another process reserved (the last playout leader): each variant goes on past the higher
   * of its reservation and ours, with the higher discontinuity count. Only numbers that are
   * safe integers count; anything else is ignored.
   */
  adopt(shared: SeqEntries): void {
    for (const [k, e] of Object.entries(shared)) {
      if (!Number.isSafeInteger(e?.seq) || !Number.isSafeInteger(e?.disc)) continue;
      const mine = this.entries[k as MountCodec];
      this.entries[k as MountCodec] = {
        seq: Math.max(mine?.seq ?? -Infinity, e.seq),
        disc: Math.max(mine?.disc ?? -Infinity, e.disc),
      };
    }
    this.save();
  }

  private save(): void {
    this.share?.(structuredClone(this.entries));
    if (!this.dir) return;
    if (this.writing) {
      this.again = true;
      return;
    }
    this.writing = true;
    const file = path.join(this.dir, STATE_FILE);
    const tmp = `${file}.${process.pid}.tmp`;
    const text = JSON.stringify(this.entries);
    fs.promises
      .writeFile(tmp, text)
      .then(() => fs.promises.rename(tmp, file))
      .then(
        () => (this.lastError = undefined),
        (err: unknown) => {
          this.lastError = String(err);
          this.onError?.(err);
        },
      )
      .finally(() => {
        this.writing = false;
        if (this.again) {
          this.again = false;
          this.save();
        }
      });
  }

  /** resolves when no write is under way (tests, shutdown) */
  async settled(): Promise<void> {
    while (this.writing) await new Promise((r) => setTimeout(r, 5));
  }
}
