// Test harness for Icecast across a failover (issue #21): a real icecast2 whose main mount falls
// back to a standby mount (fallback-override), server processes on one PostgreSQL database and a
// Redis of their own (one may run in a network namespace, test/netns.ts), each pushing /live.mp3
// to the main mount while it leads and silence to the standby mount while it does not, and one
// ffmpeg that listens to the main mount through the whole run (silencedetect, its media time).
// leader/failover.test.ts and leader/netcut.test.ts drive it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Icecast } from '../src/senders/icecast/test-helpers.js';
import { ADMIN as ICE_ADMIN, startIcecast } from '../src/senders/icecast/test-helpers.js';
import { freshDatabaseUrl, tempDir } from './db.js';
import type { Netns } from './netns.js';
import { ownRedis, type OwnRedis } from './redis.js';
import { ADMIN, freePorts, killAll, run, startServer, waitFor } from './spawn.js';
import { synth } from './tiny-library.js';

export const MAIN_MOUNT = '/radio.mp3';
export const STANDBY_MOUNT = '/radio-standby.mp3';

/** the icecast.xml mounts of docs/scale-out.md "Icecast across a failover" */
export const FAILOVER_MOUNTS = `  <mount type="normal">
    <mount-name>${MAIN_MOUNT}</mount-name>
    <fallback-mount>${STANDBY_MOUNT}</fallback-mount>
    <fallback-override>1</fallback-override>
  </mount>
  <mount type="normal">
    <mount-name>${STANDBY_MOUNT}</mount-name>
    <hidden>1</hidden>
  </mount>
`;

export interface ClusterNode {
  name: string;
  /** the address its API listens on */
  host: string;
  apiPort: number;
  httpPort: number;
  proc: ReturnType<typeof startServer>;
}

/** ffmpeg on the main mount: its media time, the silences it heard, whether it is still there */
export interface Listener {
  /** ms since the epoch of its first progress line */
  firstAt: number | undefined;
  /** media time decoded so far, µs */
  mediaUs: number;
  silences: { startS: number; endS?: number }[];
  exited: boolean;
  stderr(): string;
  close(): Promise<void>;
}

function listen(url: string): Listener {
  const p = spawn(
    'ffmpeg',
    [
      ...['-nostdin', '-hide_banner', '-loglevel', 'info', '-i', url],
      ...['-af', 'silencedetect=noise=-50dB:duration=0.1', '-f', 'null', '-'],
      ...['-progress', 'pipe:1', '-stats_period', '0.2'],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  const l: Listener = {
    firstAt: undefined,
    mediaUs: 0,
    silences: [],
    exited: false,
    stderr: () => err,
    close: async () => {
      if (!l.exited) p.kill('SIGKILL');
      await gone;
    },
  };
  const gone = new Promise<void>((resolve) =>
    p.on('close', () => {
      l.exited = true;
      resolve();
    }),
  );
  p.stdout.on('data', (d: Buffer) => {
    for (const m of d.toString().matchAll(/^out_time_us=(\d+)$/gm)) {
      l.mediaUs = Number(m[1]);
      if (l.mediaUs > 0) l.firstAt ??= Date.now();
    }
  });
  p.stderr.on('data', (d: Buffer) => {
    const text = d.toString();
    err = (err + text).slice(-20_000);
    for (const m of text.matchAll(/silence_(start|end): (-?[\d.]+)/g)) {
      const t = Number(m[2]);
      if (m[1] === 'start') l.silences.push({ startS: t });
      else {
        const open = l.silences.at(-1);
        if (open && open.endS === undefined) open.endS = t;
      }
    }
  });
  return l;
}

const adminGet = async (icecast: Icecast, what: string): Promise<string> => {
  const auth = Buffer.from(`${ICE_ADMIN.user}:${ICE_ADMIN.password}`).toString('base64');
  const res = await fetch(`http://127.0.0.1:${icecast.port}/admin/${what}`, {
    headers: { authorization: `Basic ${auth}` },
    signal: AbortSignal.timeout(2000),
  });
  return res.text();
};

/** the mounts with a source connected now, each with the node pushing it (its ice-description) */
export async function sourcesOn(icecast: Icecast): Promise<Map<string, string>> {
  const xml = await adminGet(icecast, 'stats');
  const out = new Map<string, string>();
  for (const m of xml.matchAll(/<source mount="([^"]+)">([\s\S]*?)<\/source>/g)) {
    // a mount without a source of its own is listed too (its fallback's), with no stream_start
    if (!m[2]!.includes('<stream_start>')) continue;
    out.set(m[1]!, /<server_description>([^<]*)</.exec(m[2]!)?.[1] ?? '');
  }
  return out;
}

/** Icecast's count of listener connections since it started (a move is not one) */
export async function listenerConnections(icecast: Icecast): Promise<number> {
  const xml = await adminGet(icecast, 'stats');
  return Number(/<listener_connections>(\d+)<\/listener_connections>/.exec(xml)?.[1] ?? NaN);
}

export interface Cluster {
  icecast: Icecast;
  /** the Redis of the cluster's own, on 127.0.0.1 */
  redisPort: number;
  dbUrl: string;
  nodes: ClusterNode[];
  /** the nodes killed and started again: their processes before that */
  killed: ClusterNode[];
  listener: Listener | undefined;
  /** a node; in `netns`: inside it, reaching PostgreSQL, Redis and Icecast through its relays */
  start(name: string, netns?: Netns): Promise<ClusterNode>;
  alive(n: ClusterNode): boolean;
  /** what /readyz says of the lead: "leads since ..." or "standby; ..." */
  leaderOf(n: ClusterNode): Promise<string>;
  /** the node that leads, once exactly one alive node says so */
  leader(timeoutMs?: number): Promise<ClusterNode>;
  /** the main mount streams from the leader and a standby holds the standby mount: the leader */
  settled(timeoutMs?: number): Promise<ClusterNode>;
  listen(): void;
  /** what each node, killed ones too, said of the lead, takeovers and problems (for a failure) */
  said(): string;
  close(): Promise<void>;
}

/** Files of 2.5-3.7 s, MP3 at /live.mp3's profile (128 kbit/s, 44.1 kHz, stereo): they pass
 * through to the mount untouched (no rendition), tones ffmpeg's silencedetect does not take
 * for silence. */
function makeLibrary(lib: string): void {
  fs.mkdirSync(lib);
  for (const s of [2.5, 2.9, 3.3, 3.7])
    synth(s, ['-ar', '44100', '-ac', '2', '-b:a', '128k', '-f', 'mp3', path.join(lib, `${s}.mp3`)]);
}

export async function startCluster(): Promise<Cluster> {
  const dir = tempDir('paraweb-failover-');
  const db = await freshDatabaseUrl('postgres');
  const redis: OwnRedis = await ownRedis();
  await redis.start();
  const icecast = await startIcecast(FAILOVER_MOUNTS);
  const lib = path.join(dir, 'lib');
  makeLibrary(lib);
  const add = await run(ADMIN, ['--afs-database-dir', dir, '--database-url', db.url, 'add', lib]);
  if (add.code !== 0) throw new Error(`para_admin add: ${add.stderr}`);
  const prefix = `failover-${process.pid}-${Date.now()}:`;
  const c: Cluster = {
    icecast,
    redisPort: redis.port,
    dbUrl: db.url,
    nodes: [],
    killed: [],
    listener: undefined,
    async start(name, netns) {
      const sdir = path.join(dir, name);
      fs.mkdirSync(sdir, { recursive: true });
      const [apiPort, httpPort, commandPort] = (await freePorts(3)) as [number, number, number];
      const host = netns?.nsIp ?? '127.0.0.1';
      // inside a namespace the services are at the relays on the host end of its veth
      const via = (url: string): string =>
        netns ? url.replace('127.0.0.1', netns.hostIp).replace('localhost', netns.hostIp) : url;
      const proc = startServer(
        [
          ...['--afs-database-dir', sdir, '--database-url', via(db.url), '--node-name', name],
          ...['--redis-url', via(redis.url), '--redis-prefix', prefix],
          ...['--announce-time', '0', '--autoplay', '--loglevel', 'info'],
          ...['--port', String(commandPort), '--listen-address', host],
          ...['--api-port', String(apiPort), '--api-listen-address', host],
          ...['--http-port', String(httpPort), '--http-listen-address', host],
          ...['--icecast-target', via(`${icecast.target(MAIN_MOUNT)}?from=live.mp3`)],
          ...['--icecast-standby-target', via(`${icecast.target(STANDBY_MOUNT)}?from=live.mp3`)],
          // Icecast's stats show each source's ice-description: which node pushes a mount
          ...['--icecast-description', name],
        ],
        {},
        netns?.exec,
      );
      const n = { name, host, apiPort, httpPort, proc };
      c.nodes.push(n);
      await waitFor(
        async () =>
          proc.child.exitCode !== null || (await fetch(`http://${host}:${apiPort}/health`)).ok,
        30_000,
      );
      if (proc.child.exitCode !== null) throw new Error(`${name} exited: ${proc.stderr()}`);
      return n;
    },
    alive: (n) => n.proc.child.exitCode === null && n.proc.child.signalCode === null,
    async leaderOf(n) {
      const res = await fetch(`http://${n.host}:${n.apiPort}/readyz`, {
        signal: AbortSignal.timeout(2000),
      });
      return ((await res.json()) as { leader?: string }).leader ?? '';
    },
    async leader(timeoutMs = 10_000) {
      let found: ClusterNode | undefined;
      await waitFor(async () => {
        const leads: ClusterNode[] = [];
        for (const n of c.nodes)
          if (c.alive(n) && (await c.leaderOf(n).catch(() => '')).startsWith('leads'))
            leads.push(n);
        found = leads.length === 1 ? leads[0] : undefined;
        return found !== undefined;
      }, timeoutMs);
      if (!found) throw new Error('no single leader');
      return found;
    },
    async settled(timeoutMs = 15_000) {
      const leader = await c.leader(timeoutMs);
      let on = new Map<string, string>();
      await waitFor(async () => {
        on = await sourcesOn(icecast);
        const standby = on.get(STANDBY_MOUNT);
        return (
          on.get(MAIN_MOUNT) === leader.name && standby !== undefined && standby !== leader.name
        );
      }, timeoutMs);
      if (on.get(MAIN_MOUNT) !== leader.name || on.get(STANDBY_MOUNT) === undefined)
        throw new Error(`${leader.name} leads; Icecast's sources: ${JSON.stringify([...on])}`);
      return leader;
    },
    listen() {
      c.listener = listen(`http://127.0.0.1:${icecast.port}${MAIN_MOUNT}`);
    },
    said() {
      const lines = (n: ClusterNode, re: RegExp, max: number): string[] =>
        n.proc
          .stderr()
          .split('\n')
          .filter((l) => re.test(l) && !l.includes('user list'))
          .slice(-max)
          .map((l) => l.slice(0, 300));
      return [...c.killed, ...c.nodes]
        .map((n) => {
          const alive = c.nodes.includes(n);
          const told = [
            ...lines(n, /leader|take|"level":[45]0/, 6),
            ...(alive ? lines(n, /icecast source/, 4) : []),
          ];
          return `node ${n.name} (pid ${n.proc.child.pid}${alive ? '' : ', killed'}):\n${told.join('\n')}`;
        })
        .join('\n');
    },
    async close() {
      await c.listener?.close();
      await killAll(c.nodes);
      await icecast.stop();
      await redis.stop();
      await db.cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return c;
}

export interface PlayCheck {
  rows: number;
  /** each play's start, ms since the epoch, in order */
  starts: number[];
  counted: number;
  /** files counted more often than they have rows (a leader killed between the two writes) */
  unrecorded: number;
  /** plays that start before the one before them ended */
  overlaps: number;
  /** the first few of them, as "start-end|next start" in ms since the epoch */
  overlapping: string[];
  /** plays without an end (at most the one playing now) */
  open: number;
  /** files whose last_played is not their last row's start */
  lastPlayedOff: number;
  /** files with more rows than counts (a play counted twice would show as the other way round
   * on another file; a row without a count is a lost count) */
  uncounted: number;
}

/** The play history against afs's num_played / last_played. */
export async function checkPlays(dbUrl: string): Promise<PlayCheck> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const plays = (
      await client.query<{ s: Date; e: Date | null }>(
        'SELECT "startedAt" AS s, "endedAt" AS e FROM "Play" ORDER BY "startedAt"',
      )
    ).rows;
    const files = (
      await client.query<{ n: number; last: string; rows: string; lastRow: Date | null }>(
        `SELECT f."numPlayed" AS n, f."lastPlayed"::text AS last, count(p.id)::text AS rows,
                max(p."startedAt") AS "lastRow"
           FROM "AudioFile" f LEFT JOIN "Play" p ON p."fileId" = f.id GROUP BY f.id`,
      )
    ).rows;
    let overlaps = 0;
    const overlapping: string[] = [];
    for (let i = 1; i < plays.length; i++) {
      const prev = plays[i - 1]!;
      if (prev.e && plays[i]!.s.getTime() >= prev.e.getTime() - 50) continue;
      overlaps++;
      if (overlapping.length < 3)
        overlapping.push(`${prev.s.getTime()}-${prev.e?.getTime()}|${plays[i]!.s.getTime()}`);
    }
    return {
      rows: plays.length,
      starts: plays.map((p) => p.s.getTime()),
      counted: files.reduce((a, f) => a + f.n, 0),
      unrecorded: files.reduce((a, f) => a + Math.max(0, f.n - Number(f.rows)), 0),
      uncounted: files.reduce((a, f) => a + Math.max(0, Number(f.rows) - f.n), 0),
      overlaps,
      overlapping,
      open: plays.filter((p) => !p.e).length,
      lastPlayedOff: files.filter(
        (f) =>
          f.lastRow !== null &&
          f.n === Number(f.rows) &&
          Math.abs(Number(f.last) - Math.floor(f.lastRow.getTime() / 1000)) > 1,
      ).length,
    };
  } finally {
    await client.end();
  }
}

/**
 * checkPlays once the writes of a file change are in: a play is counted, then recorded, and the
 * one before ends first, so for a few ms a file change reads as a count without a row or no
 * play open. Polls until the figures agree or `settleMs` is over; returns the last reading.
 */
export async function settledPlays(dbUrl: string, settleMs = 2000): Promise<PlayCheck> {
  const until = Date.now() + settleMs;
  for (;;) {
    const plays = await checkPlays(dbUrl);
    const agree = plays.unrecorded === 0 && plays.uncounted === 0 && plays.open === 1;
    if (agree || Date.now() > until) return plays;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Takeover {
  killed: string;
  leader: string;
  /** kill -9 to the other node's /readyz saying it leads */
  leadMs: number;
  /** kill -9 to Icecast's main mount having a source again (the new leader's) */
  backMs: number;
}

/** Waits until the cluster is settled, lets it play, kills the leader with SIGKILL, waits for
 * another to lead and push the main mount, and starts the killed node again as a standby. */
export async function killLeader(c: Cluster, playMs = 1500): Promise<Takeover> {
  const leader = await c.settled();
  await new Promise((r) => setTimeout(r, playMs));
  const t0 = Date.now();
  leader.proc.child.kill('SIGKILL');
  await leader.proc.exited;
  const next = await c.leader(5000);
  const leadMs = Date.now() - t0;
  await waitFor(async () => (await sourcesOn(c.icecast)).get(MAIN_MOUNT) === next.name, 10_000);
  const backMs = Date.now() - t0;
  c.nodes.splice(c.nodes.indexOf(leader), 1);
  c.killed.push(leader);
  await c.start(leader.name);
  return { killed: leader.name, leader: next.name, leadMs, backMs };
}
