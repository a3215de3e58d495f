// The playout leader's election (issue #21): server processes on one PostgreSQL database compete
// for a session-level advisory lock on a connection of their own. PostgreSQL releases the lock
// when the holder's connection dies (kill -9, a cut network once keepalives notice, a terminated
// backend), so a standby polling for it takes over; the holder checks its connection every second
// and gives the lead up at once when it fails, so that it stops streaming before another can lead.
import os from 'node:os';
import pg from 'pg';

/** the lock's first key: "para" in ASCII, so that paraweb's locks are told apart from others' */
export const LOCK_SPACE = 0x70617261;
/** the playout leader's lock (the second key); tests pass their own */
export const LEADER_KEY = 1;
/** a second lock the leader holds, its second key the second it took the lead: the one place
 * every node reads the leader's "since" from, and PostgreSQL drops it with the lead */
export const SINCE_SPACE = LOCK_SPACE + 1;
/** pg_stat_activity's application_name of an election's connection: this prefix and the node */
export const APP_PREFIX = 'paraweb:';

export interface ElectionOptions {
  /** a postgresql:// URL */
  url: string;
  /** this process's name among the nodes (default: hostname:pid) */
  node?: string;
  /** the lock's second key (default LEADER_KEY) */
  key?: number;
  /** how often a standby tries the lock and the leader checks its connection (1000 ms) */
  intervalMs?: number;
  /** a check that takes longer means the connection is lost (1000 ms) */
  checkTimeoutMs?: number;
  /** after handover() or a lost lead, the node stays out this long (5000 ms) */
  holdOffMs?: number;
  log?: { info(msg: string): void; warn(msg: string): void };
}

export interface NodeRow {
  node: string;
  leader: boolean;
  /** the leader: when it took the lead; a standby: when its connection was made */
  since: Date;
}

export type LeaderEvent =
  | { type: 'gained'; since: Date }
  | { type: 'lost'; reason: string }
  | { type: 'leader'; node: string | undefined; since: Date | undefined };

export const defaultNodeName = (): string => `${os.hostname()}:${process.pid}`;

/** application_name holds at most 63 bytes; printable ASCII survives it unchanged */
export const NODE_NAME = /^[\x21-\x7e]{1,55}$/;

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export class Election {
  readonly node: string;
  private readonly key: number;
  private readonly intervalMs: number;
  private readonly checkTimeoutMs: number;
  private readonly holdOffMs: number;
  private client: pg.Client | undefined;
  private leading: { since: Date } | undefined;
  private holdOffUntil = 0;
  private readonly listeners = new Set<(e: LeaderEvent) => void>();
  private readonly closed = new AbortController();
  private loop: Promise<void> | undefined;
  /** the leader as last seen (undefined: none, or not known) */
  private seen: { node: string; since: Date } | undefined;

  constructor(private readonly opts: ElectionOptions) {
    this.node = opts.node ?? defaultNodeName();
    if (!NODE_NAME.test(this.node))
      throw new Error(`node name ${this.node}: 1-55 printable ASCII characters, no spaces`);
    this.key = opts.key ?? LEADER_KEY;
    this.intervalMs = opts.intervalMs ?? 1000;
    this.checkTimeoutMs = opts.checkTimeoutMs ?? 1000;
    this.holdOffMs = opts.holdOffMs ?? 5000;
  }

  /** gained / lost (with the reason) / a change of the leader seen */
  on(listener: (e: LeaderEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get isLeader(): boolean {
    return this.leading !== undefined;
  }

  /** when this node took the lead */
  get since(): Date | undefined {
    return this.leading?.since;
  }

  /** the leading node as last seen (this one when it leads), and since when it leads */
  get leader(): { node: string; since: Date } | undefined {
    return this.leading ? { node: this.node, since: this.leading.since } : this.seen;
  }

  /** Starts competing; resolves after the first round (a lone node leads by then, so that its
   * first playback command is not refused while no node leads yet). */
  start(): Promise<void> {
    if (this.loop) return Promise.resolve();
    return new Promise((resolve) => {
      this.loop = this.run(resolve);
    });
  }

  /** Gives the lead up (the leader stops streaming first) and stays out for a while. */
  async handover(): Promise<boolean> {
    if (!this.leading) return false;
    this.lose('handed over');
    const client = this.client;
    // the lock goes with the connection if the unlock fails
    await client?.query('SELECT pg_advisory_unlock_all()').catch(() => this.drop(client));
    return true;
  }

  /** Ends the election; closing the connection releases the lock. */
  async close(): Promise<void> {
    this.closed.abort();
    if (this.leading) this.lose('shutting down');
    await this.loop;
    const client = this.client;
    this.client = undefined;
    // end() waits for the server's answer, which a cut network never brings
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      client?.end().catch(() => {}),
      new Promise((resolve) => (timer = setTimeout(resolve, this.checkTimeoutMs * 2))),
    ]);
    clearTimeout(timer);
  }

  /** The nodes connected to this database, the leader first. */
  async nodes(): Promise<NodeRow[]> {
    const client = this.client;
    if (!client) throw new Error('no connection to the database');
    const res = await client.query<{ node: string; leader: boolean; since: Date }>(
      `SELECT substr(a.application_name, ${APP_PREFIX.length + 1}) AS node,
              l.pid IS NOT NULL AS leader,
              COALESCE(to_timestamp(s.objid::text::bigint), a.backend_start) AS since
         FROM pg_stat_activity a
         LEFT JOIN pg_locks l ON l.pid = a.pid AND l.locktype = 'advisory' AND l.granted
              AND l.classid = $1::bigint::oid AND l.objid = $2::bigint::oid AND l.objsubid = 2
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
         LEFT JOIN pg_locks s ON s.pid = l.pid AND s.locktype = 'advisory' AND s.granted
              AND s.classid = $3::bigint::oid AND s.objsubid = 2 AND s.database = l.database
        WHERE a.datname = current_database() AND a.application_name LIKE $4
        ORDER BY leader DESC, node`,
      [LOCK_SPACE, this.key, SINCE_SPACE, `${APP_PREFIX}%`],
    );
    return res.rows;
  }

  private emit(e: LeaderEvent): void {
    for (const l of this.listeners) l(e);
  }

  private lose(reason: string): void {
    if (!this.leading) return;
    this.leading = undefined;
    // a standby in good health takes over, rather than the lead going back to a flaky connection
    this.holdOffUntil = Date.now() + this.holdOffMs;
    this.opts.log?.warn(`playout leader: ${this.node} lost the lead: ${reason}`);
    this.emit({ type: 'lost', reason });
  }

  private drop(client: pg.Client | undefined): void {
    if (!client || client !== this.client) return;
    this.client = undefined;
    client.end().catch(() => {});
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.opts.url,
      application_name: `${APP_PREFIX}${this.node}`,
      connectionTimeoutMillis: 5000,
      query_timeout: this.checkTimeoutMs,
      keepAlive: true,
    });
    // a connection that dies while idle (a terminated backend) ends the lead at once
    const gone = (why: string): void => {
      if (client !== this.client) return;
      this.lose(why);
      this.drop(client);
    };
    client.on('error', (err) => gone(`database connection failed: ${err.message}`));
    client.on('end', () => gone('database connection closed'));
    this.client = client;
    try {
      await client.connect();
      // the server notices a cut network after ~4 s (2 s idle + 2 probes 1 s apart) and only then
      // frees the lock; the leader's own check notices within ~2 s, so it stops first
      await client.query(
        `SELECT set_config('tcp_keepalives_idle', '2', false),
                set_config('tcp_keepalives_interval', '1', false),
                set_config('tcp_keepalives_count', '2', false),
                set_config('tcp_user_timeout', '4000', false)`,
      );
    } catch (err) {
      this.drop(client);
      throw err;
    }
    return client;
  }

  private async step(): Promise<void> {
    const client = this.client ?? (await this.connect());
    if (this.leading) {
      await client.query('SELECT 1');
      return;
    }
    if (Date.now() < this.holdOffUntil) return this.see(client);
    const res = await client.query<{ won: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS won', [
      LOCK_SPACE,
      this.key,
    ]);
    if (!res.rows[0]?.won) return this.see(client);
    const since = new Date(Math.floor(Date.now() / 1000) * 1000);
    // the second, as int4 with the same 32 bits (pg_locks shows it unsigned)
    await client.query('SELECT pg_advisory_lock($1, $2)', [
      SINCE_SPACE,
      (since.getTime() / 1000) | 0,
    ]);
    if (this.closed.signal.aborted) return;
    this.leading = { since };
    this.opts.log?.info(`playout leader: ${this.node} leads`);
    this.emit({ type: 'gained', since });
    this.seeLeader({ node: this.node, since });
  }

  /** a standby follows who leads, so that it can name the leader */
  private async see(client: pg.Client): Promise<void> {
    const res = await client.query<{ node: string; since: Date }>(
      `SELECT substr(a.application_name, ${APP_PREFIX.length + 1}) AS node,
              COALESCE(to_timestamp(s.objid::text::bigint), a.backend_start) AS since
         FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         LEFT JOIN pg_locks s ON s.pid = l.pid AND s.locktype = 'advisory' AND s.granted
              AND s.classid = $3::bigint::oid AND s.objsubid = 2 AND s.database = l.database
        WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1::bigint::oid
          AND l.objid = $2::bigint::oid AND l.objsubid = 2
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [LOCK_SPACE, this.key, SINCE_SPACE],
    );
    this.seeLeader(res.rows[0]);
  }

  private seeLeader(seen: { node: string; since: Date } | undefined): void {
    if (seen?.node === this.seen?.node && seen?.since.getTime() === this.seen?.since.getTime())
      return;
    this.seen = seen && { node: seen.node, since: seen.since };
    this.emit({ type: 'leader', node: seen?.node, since: seen?.since });
  }

  private async run(firstRound: () => void): Promise<void> {
    let failing = false;
    while (!this.closed.signal.aborted) {
      try {
        await this.step().finally(firstRound);
        if (failing) this.opts.log?.info('playout leader election: database reachable again');
        failing = false;
      } catch (err) {
        // a failed check or poll: the lead is gone; the next round connects again
        this.lose(`database check failed: ${message(err)}`);
        this.drop(this.client);
        if (!failing) this.opts.log?.warn(`playout leader election: ${message(err)}`);
        failing = true;
      }
      await sleep(this.intervalMs, this.closed.signal);
    }
  }
}
