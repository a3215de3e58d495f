// HLS across a takeover (issue #21, docs/hls.md "HLS across a failover"). On PostgreSQL the
// stream thread's HLS follows the playout leader: the leader's sequence reservations (posted by
// the stream thread once per 8 segments, SHARED_RESERVE, or at a break) are written to the
// HlsSequence table, values only rising; a node that gains the lead reads them and hands them
// to its stream thread before it cuts a segment, so its first segment comes after the old
// leader's last, one discontinuity later. The leader also tells the standbys over the Redis bus
// (a message, no write) of each segment the first time a client fetches it, and a standby that
// heard of the last leader's last segment served starts at the very next number: hls.js loads
// the number after the last it loaded even across a gap in time, and stalls when that number is
// missing (a skip of 2 stalled it 16-22 s in 2 runs of 10; 60 made it jump 2 minutes; a segment
// cut and not yet fetched at the kill, skipped over, stalled it until the player reconnected, 2
// runs of 3). So a segment cut and never served is not announced and its number is used again;
// one served is announced within a millisecond of its request, so no number a player loaded is
// used twice. A standby's HLS answers 503. The stream thread never waits for any of it: a failed
// or slow write is logged and the next reservation written instead; a failed read leaves the node
// with its own hls-state.json (or the wall clock).
import type { PeerBus } from './afs/index.js';
import type { Database } from './db/index.js';
import type { Election } from './leader/index.js';
import type { Logger } from './log.js';
import type { SeqEntries } from './senders/hls/index.js';
import { isLaterSegment, SHARED_RESERVE as RESERVE } from './senders/hls/index.js';
import type { MountCodec } from './senders/mounts/index.js';
import type { StreamHost, StreamHostOptions } from './vss/index.js';

/** a read at takeover that takes longer is given up (the node goes on from its own state) */
const READ_TIMEOUT_MS = 2000;
const SERVED_TOPIC = 'hls:served';

interface Served {
  codec: MountCodec;
  seq: number;
  disc: number;
}

const isServed = (v: unknown): v is Served => {
  const c = v as Partial<Served> | null;
  return (
    typeof c?.codec === 'string' && Number.isSafeInteger(c.seq) && Number.isSafeInteger(c.disc)
  );
};

/**
 * Where a new leader starts: the database's reservations, or the number after the last segment
 * heard of, when that segment lies in the latest reservation or is the one just before it (the
 * segment the reservation was made at may have been cut and not yet served); a segment heard of
 * before an earlier takeover, or a reservation whose write failed, leaves the reservation in force.
 */
export function startAfter(shared: SeqEntries, heard: SeqEntries): SeqEntries {
  const out: SeqEntries = { ...shared };
  for (const [codec, s] of Object.entries(shared)) {
    const h = heard[codec as MountCodec];
    if (!s || !h || h.disc !== s.disc) continue;
    // the reservation was made when seq - RESERVE - 1 was cut (or the variant was to start at
    // seq - RESERVE); the last one served may be the one before it: anything older may be
    // followed by served segments not heard of
    if (h.seq >= s.seq - RESERVE - 2 && h.seq + 1 <= s.seq)
      out[codec as MountCodec] = { seq: h.seq + 1, disc: s.disc };
  }
  return out;
}

export class HlsLeader {
  /** the newest reservation not yet written (one write at a time; later ones replace it) */
  private pending: SeqEntries | undefined;
  private writing = false;
  /** the last write failed (logged once until one succeeds) */
  private failing = false;
  /** the last segment the leader served, per variant, as heard over the bus */
  private readonly heard: SeqEntries = {};
  private bus: PeerBus | undefined;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  /** StreamHost's `hls` option: HLS stands by until told; its reservations and the segments
   * served come here */
  hostOptions(): NonNullable<StreamHostOptions['hls']> {
    return {
      followsLead: true,
      onSeq: (entries) => this.save(entries),
      onServed: (codec, seq, disc) => this.served(codec, seq, disc),
    };
  }

  /** Tells the stream thread's HLS to lead (with the shared state) or to stand by. */
  follow(election: Election, vss: StreamHost, bus?: PeerBus): () => void {
    this.bus = bus;
    const unheard = bus?.subscribe(SERVED_TOPIC, (data) => {
      if (!isServed(data)) return;
      if (isLaterSegment(data, this.heard[data.codec]))
        this.heard[data.codec] = { seq: data.seq, disc: data.disc };
    });
    const act = (what: string, call: () => Promise<void>): void => {
      call().catch((err: unknown) => this.logger.warn({ err }, `hls: ${what} failed`));
    };
    const stop = election.on((e) => {
      if (e.type === 'gained') {
        act('taking the lead', async () => {
          const reserved = await this.read();
          const shared = startAfter(reserved, this.heard);
          this.logger.info(
            { reserved, heard: this.heard, start: shared },
            'hls: taking the lead; the sequence goes on from the last leader',
          );
          // the lead may have gone again meanwhile ('lost' told the stream thread already)
          if (election.isLeader) await vss.hlsLead(true, shared);
        });
      } else if (e.type === 'lost') act('standing by', () => vss.hlsLead(false));
    });
    return () => {
      unheard?.();
      stop();
    };
  }

  /** A segment served for the first time: the standbys hear of it (sent or dropped, never waited
   * for). */
  served(codec: MountCodec, seq: number, disc: number): void {
    void this.bus?.publish(SERVED_TOPIC, { codec, seq, disc } satisfies Served);
  }

  /** What the leaders reserved so far; {} when the database does not answer in time. */
  async read(): Promise<SeqEntries> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no answer in time')), READ_TIMEOUT_MS);
    });
    try {
      const rows = await Promise.race([this.db.prisma.hlsSequence.findMany(), timeout]);
      const out: SeqEntries = {};
      for (const r of rows) {
        out[r.codec as keyof SeqEntries] = { seq: Number(r.seq), disc: r.disc };
      }
      return out;
    } catch (err) {
      this.logger.warn(
        { err },
        'hls: the shared sequence state could not be read; going on from hls-state.json',
      );
      return {};
    } finally {
      clearTimeout(timer);
    }
  }

  /** A reservation of the stream thread: written soon, never waited for. */
  save(entries: SeqEntries): void {
    this.pending = entries;
    if (!this.writing) void this.flush();
  }

  private async flush(): Promise<void> {
    this.writing = true;
    while (this.pending) {
      const entries = this.pending;
      this.pending = undefined;
      try {
        await this.write(entries);
        if (this.failing) this.logger.info('hls: the shared sequence state is written again');
        this.failing = false;
      } catch (err) {
        if (!this.failing)
          this.logger.warn({ err }, 'hls: writing the shared sequence state failed');
        this.failing = true;
      }
    }
    this.writing = false;
  }

  private async write(entries: SeqEntries): Promise<void> {
    for (const [codec, e] of Object.entries(entries)) {
      if (!e) continue;
      // only ever up: a late write of a node that lost the lead cannot move numbers back
      await this.db.prisma.$executeRaw`
        INSERT INTO "HlsSequence" ("codec", "seq", "disc", "updatedAt")
        VALUES (${codec}, ${BigInt(e.seq)}, ${e.disc}, CURRENT_TIMESTAMP)
        ON CONFLICT ("codec") DO UPDATE SET
          "seq" = GREATEST("HlsSequence"."seq", EXCLUDED."seq"),
          "disc" = GREATEST("HlsSequence"."disc", EXCLUDED."disc"),
          "updatedAt" = CURRENT_TIMESTAMP`;
    }
  }

  /** resolves when no write is under way (shutdown) */
  async settled(): Promise<void> {
    while (this.writing) await new Promise((r) => setTimeout(r, 5));
  }
}
