// HLS across a takeover (issue #21, docs/hls.md "HLS across a failover"). On PostgreSQL the
// stream thread's HLS follows the playout leader: the leader's sequence reservations (posted by
// the stream thread once per 64 segments or at a break) are written to the HlsSequence table,
// values only rising; a node that gains the lead reads them and hands them to its stream thread
// before it cuts a segment, so its first segment comes after the old leader's last, one
// discontinuity later. A standby's HLS answers 503. The stream thread never waits for any of it:
// a failed or slow write is logged and the next reservation is written instead; a failed read
// leaves the node with its own hls-state.json (or the wall clock).
import type { Database } from './db/index.js';
import type { Election } from './leader/index.js';
import type { Logger } from './log.js';
import type { SeqEntries } from './senders/hls/index.js';
import type { StreamHost } from './vss/index.js';

/** a read at takeover that takes longer is given up (the node goes on from its own state) */
const READ_TIMEOUT_MS = 2000;

export class HlsLeader {
  /** the newest reservation not yet written (one write at a time; later ones replace it) */
  private pending: SeqEntries | undefined;
  private writing = false;
  /** the last write failed (logged once until one succeeds) */
  private failing = false;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  /** Tells the stream thread's HLS to lead (with the shared state) or to stand by. */
  follow(election: Election, vss: StreamHost): () => void {
    const act = (what: string, call: () => Promise<void>): void => {
      call().catch((err: unknown) => this.logger.warn({ err }, `hls: ${what} failed`));
    };
    return election.on((e) => {
      if (e.type === 'gained') {
        act('taking the lead', async () => {
          const shared = await this.read();
          // the lead may have gone again meanwhile ('lost' told the stream thread already)
          if (election.isLeader) await vss.hlsLead(true, shared);
        });
      } else if (e.type === 'lost') act('standing by', () => vss.hlsLead(false));
    });
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
