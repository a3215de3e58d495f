// Two para_server processes with --autoplay on one fresh PostgreSQL database (issue #21): exactly
// one streams, the other refuses playback commands; kill -9 of the leader and the other streams
// within 5 s; the play history has no two plays at once (no play counted by both).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { freshDatabaseUrl, tempDir } from '../../test/db.js';
import { settledPlays } from '../../test/failover.js';
import { ADMIN, freePort, killAll, run, startServer, waitFor } from '../../test/spawn.js';
import { synth } from '../../test/tiny-library.js';
import { runCommand } from '../transports/tcp/client.js';
import { sshKeygen, type KeyFiles } from '../transports/tcp/test-util.js';

interface Node {
  name: string;
  port: number;
  apiPort: number;
  proc: ReturnType<typeof startServer>;
}

describe('two server processes on PostgreSQL: one playout leader, a warm standby', () => {
  const dir = tempDir('paraweb-leader-');
  let keys: KeyFiles;
  let db: Awaited<ReturnType<typeof freshDatabaseUrl>>;
  const nodes: Node[] = [];

  async function start(name: string, autoplay = true): Promise<Node> {
    const sdir = path.join(dir, name);
    fs.mkdirSync(sdir, { recursive: true });
    const port = await freePort();
    const apiPort = await freePort();
    const proc = startServer([
      ...['--afs-database-dir', sdir, '--database-url', db.url, '--node-name', name],
      ...['--user-list', path.join(dir, 'users'), '--announce-time', '0', '--loglevel', 'info'],
      ...(autoplay ? ['--autoplay'] : []),
      ...['--port', String(port), '--listen-address', '127.0.0.1'],
      ...['--api-port', String(apiPort), '--api-listen-address', '127.0.0.1'],
      ...['--http-port', String(await freePort()), '--http-listen-address', '127.0.0.1'],
      // no live mount: its renditions (ffmpeg) would only cost time here
      '--http-no-live-mp3',
    ]);
    const n = { name, port, apiPort, proc };
    nodes.push(n);
    await waitFor(
      async () =>
        proc.child.exitCode !== null || (await fetch(`http://127.0.0.1:${apiPort}/health`)).ok,
      30_000,
    );
    assert.equal(proc.child.exitCode, null, `${name} exited: ${proc.stderr()}`);
    return n;
  }

  async function command(n: Node, argv: string[]): Promise<{ ok: boolean; out: string }> {
    let out = '';
    const r = await runCommand(
      { host: '127.0.0.1', port: n.port, user: 'admin', key: keys.key },
      argv,
      {
        output: (d) => (out += d.toString()),
        log: (_l, d) => (out += d.toString()),
        signal: AbortSignal.timeout(10_000),
      },
    );
    return { ok: r.success, out };
  }
  const status = async (n: Node): Promise<string> =>
    /^status: (.*)$/m.exec((await command(n, ['stat', '-n', '1'])).out)?.[1] ?? '';
  /** waitFor, and on a timeout what each node said (its election and takeover lines) */
  const until = (what: string, check: () => Promise<boolean>, ms: number): Promise<void> =>
    waitFor(check, ms).catch(() => {
      const said = nodes.map((n) => {
        const lines = n.proc.stderr().split('\n');
        const told = lines.filter((l) => /leader|take|lost|warn|error|"level":[45]0/i.test(l));
        return `node ${n.name}:\n${told.slice(-15).join('\n')}`;
      });
      throw new Error(`timed out waiting: ${what}\n${said.join('\n')}`);
    });
  const alive = (n: Node): boolean =>
    n.proc.child.exitCode === null && n.proc.child.signalCode === null;
  const playing = async (): Promise<string[]> => {
    const out: string[] = [];
    for (const n of nodes) if (alive(n) && (await status(n)) === 'playing') out.push(n.name);
    return out;
  };

  before(async () => {
    db = await freshDatabaseUrl('postgres');
    keys = sshKeygen(dir, 'admin', 'openssh');
    fs.writeFileSync(
      path.join(dir, 'users'),
      `user admin ${keys.pub} AFS_READ,AFS_WRITE,VSS_READ,VSS_WRITE\n`,
    );
    // short files of their own lengths (so their own hashes): plays follow each other quickly
    const lib = path.join(dir, 'lib');
    fs.mkdirSync(lib);
    for (const s of [1.5, 1.7, 1.9, 2.1])
      synth(s, ['-ar', '44100', '-b:a', '64k', '-f', 'mp3', path.join(lib, `${s}.mp3`)]);
    const admin = ['--afs-database-dir', dir, '--database-url', db.url];
    const r = await run(ADMIN, [...admin, 'add', lib]);
    assert.equal(r.code, 0, r.stderr);
    // a mood of two of the four files, for the takeover of a mode
    const m = await run(ADMIN, [...admin, 'addmood', 'short'], 'path =~ /1\\.[57]\\.mp3$/\n');
    assert.equal(m.code, 0, m.stderr);
  });
  after(async () => {
    await killAll(nodes);
    await db.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('exactly one streams; the standby names the leader and refuses playback', async () => {
    const [a, b] = await Promise.all([start('a'), start('b')]);
    await until('one node playing', async () => (await playing()).length === 1, 10_000);
    for (let i = 0; i < 5; i++) {
      assert.equal((await playing()).length, 1);
      await new Promise((r) => setTimeout(r, 300));
    }
    const [leader] = await playing();
    const standby = leader === 'a' ? b : a;
    const listing = (await command(standby, ['leader'])).out;
    assert.match(listing, new RegExp(`^${leader}\\s+yes\\s+\\S+\\n`, 'm'));
    assert.match(listing, new RegExp(`^${standby.name}\\s+no\\s+\\S+\\s+\\(this node\\)$`, 'm'));
    assert.match(
      (await command(standby, ['stat', '-n', '1'])).out,
      new RegExp(`^leader: ${leader}$`, 'm'),
    );
    for (const argv of [['play'], ['next'], ['sender', 'http', 'off']]) {
      const r = await command(standby, argv);
      assert.equal(r.ok, false, argv.join(' '));
      assert.match(r.out, new RegExp(`not the leader: ${standby.name} \\(${leader} leads\\)`));
    }
    assert.equal(await status(standby), 'stopped');
    // /readyz and /metrics say it too (a standby is ready: it serves the API and the pages)
    for (const n of [a, b]) {
      const leads = n.name === leader;
      const ready = await fetch(`http://127.0.0.1:${n.apiPort}/readyz`);
      assert.equal(ready.status, 200);
      const { leader: said } = (await ready.json()) as { leader?: string };
      assert.match(
        said ?? '',
        leads ? /^leads since \S+Z$/ : new RegExp(`^standby; ${leader} leads$`),
      );
      const metrics = await (await fetch(`http://127.0.0.1:${n.apiPort}/metrics`)).text();
      assert.match(
        metrics,
        new RegExp(`^paraweb_playout_leader\\{node="${n.name}"\\} ${leads ? 1 : 0}$`, 'm'),
      );
    }
  });

  test('kill -9 of the leader: the standby streams within 5 s; no play is counted twice', async () => {
    const [name] = await playing();
    const leader = nodes.find((n) => n.name === name)!;
    const standby = nodes.find((n) => n !== leader)!;
    const t0 = Date.now();
    leader.proc.child.kill('SIGKILL');
    await leader.proc.exited;
    await until('the standby playing', async () => (await status(standby)) === 'playing', 5000);
    const ms = Date.now() - t0;
    console.log(`takeover after kill -9: ${ms} ms`);
    assert.ok(ms < 5000);
    // a few plays on the new leader, then the history
    await new Promise((r) => setTimeout(r, 5000));
    const plays = await settledPlays(db.url);
    console.log(`${plays.rows} plays in the history, ${plays.counted} counted on the files`);
    assert.ok(
      plays.starts.some((s) => s < t0),
      'plays before the takeover',
    );
    assert.ok(
      plays.starts.some((s) => s > t0),
      'plays after the takeover',
    );
    // one stream at a time: each play starts after the one before it ended (the takeover ends
    // the killed leader's last play)
    assert.equal(plays.overlaps, 0);
    assert.equal(plays.uncounted, 0, 'every play in the history is counted on its file');
    // a play the killed leader counted without writing its row gets it at the takeover
    assert.equal(plays.unrecorded, 0, `${plays.counted} counted, ${plays.rows} rows`);
  });

  test('a standby without --autoplay takes over the mode the leader played and plays on; so after a handover', async () => {
    const [name] = await playing();
    const leader = nodes.find((n) => n.name === name)!;
    const standby = await start('c', false);
    assert.equal(await status(standby), 'stopped');
    assert.ok((await command(leader, ['select', 'm/short'])).ok);
    // until a play of the new mode is in the history (the file playing at the select goes on)
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await until(
        'a play of m/short in the history',
        async () =>
          (
            await client.query<{ mode: string }>(
              'SELECT mode FROM "Play" ORDER BY "startedAt" DESC LIMIT 1',
            )
          ).rows[0]?.mode === 'm/short',
        10_000,
      );
    } finally {
      await client.end();
    }
    // a request the leader took and did not play yet: the standby plays it after the takeover
    const requested = path.join(dir, 'lib', '2.1.mp3');
    const req = await command(leader, ['request', 'add', requested]);
    assert.ok(req.ok, req.out);
    const t0 = Date.now();
    leader.proc.child.kill('SIGKILL');
    await leader.proc.exited;
    await until('c playing', async () => (await status(standby)) === 'playing', 5000);
    console.log(`takeover without --autoplay after kill -9: ${Date.now() - t0} ms`);
    assert.match((await command(standby, ['stat', '-n', '1'])).out, /^afs_mode: m\/short$/m);
    // its first file: the request (unless the leader began it before it died), then the mood's
    const paths = new Set<string>();
    await until(
      'the request, then the mood',
      async () => {
        const p = /^path: (.+)$/m.exec((await command(standby, ['stat', '-n', '1'])).out)?.[1];
        if (p) paths.add(p);
        return paths.has(requested) && [...paths].some((x) => /\/1\.[57]\.mp3$/.test(x));
      },
      8000,
    );
    console.log(`c played ${[...paths].map((p) => path.basename(p)).join(', ')}`);
    // a handover: the other node plays on (neither has --autoplay), in the same mode
    const next = await start('d', false);
    assert.ok((await command(standby, ['handover'])).ok);
    await until('d playing', async () => (await status(next)) === 'playing', 5000);
    assert.match((await command(next, ['stat', '-n', '1'])).out, /^afs_mode: m\/short$/m);
    assert.equal(await status(standby), 'stopped');
  });
});
