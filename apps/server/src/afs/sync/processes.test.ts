// para_server processes on one PostgreSQL database with a redis-server of the test's own that is
// down at their start, comes, goes and comes back: they start and serve without it, say so in
// `tasks`, keep their tables in step while it is there and catch up when it is back; para_admin's
// changes reach every process; an installation with another --redis-prefix hears nothing.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freshDatabaseUrl, tempDir } from '../../../test/db.js';
import { ownRedis, type OwnRedis } from '../../../test/redis.js';
import { ADMIN, freePort, run, startServer, waitFor } from '../../../test/spawn.js';
import { runCommand } from '../../transports/tcp/client.js';
import { sshKeygen, type KeyFiles } from '../../transports/tcp/test-util.js';

interface Server {
  name: string;
  dir: string;
  port: number;
  proc: ReturnType<typeof startServer>;
}

describe('server processes on one database, with a Redis that comes and goes', () => {
  const dir = tempDir('paraweb-procs-');
  const prefix = `paraweb-test-${crypto.randomBytes(4).toString('hex')}`;
  let redis: OwnRedis;
  let keys: KeyFiles;
  let db: Awaited<ReturnType<typeof freshDatabaseUrl>>;
  const servers: Server[] = [];

  async function start(name: string, redisPrefix = prefix): Promise<Server> {
    const sdir = path.join(dir, name);
    // the pid file's directory (the server makes it only for SQLite)
    fs.mkdirSync(sdir, { recursive: true });
    const port = await freePort();
    const apiPort = await freePort();
    const proc = startServer([
      ...['--afs-database-dir', sdir, '--database-url', db.url],
      ...['--redis-url', redis.url, '--redis-prefix', redisPrefix],
      ...['--user-list', path.join(dir, 'users')],
      ...['--port', String(port), '--listen-address', '127.0.0.1'],
      ...['--api-port', String(apiPort), '--api-listen-address', '127.0.0.1'],
      ...['--http-port', String(await freePort()), '--http-listen-address', '127.0.0.1'],
    ]);
    const s = { name, dir: sdir, port, proc };
    servers.push(s);
    await waitFor(
      async () =>
        proc.child.exitCode !== null || (await fetch(`http://127.0.0.1:${apiPort}/health`)).ok,
      30_000,
    ).catch((err: unknown) => {
      throw new Error(`${name} did not start: ${proc.stderr()}`, { cause: err });
    });
    assert.equal(proc.child.exitCode, null, `${name} exited: ${proc.stderr()}`);
    return s;
  }

  async function command(s: Server, argv: string[]): Promise<string> {
    let out = '';
    let log = '';
    const r = await runCommand(
      { host: '127.0.0.1', port: s.port, user: 'admin', key: keys.key },
      argv,
      {
        output: (d) => (out += d.toString()),
        log: (_l, d) => (log += d.toString()),
        signal: AbortSignal.timeout(20_000),
      },
    );
    if (!r.success) throw new Error(`${s.name}: ${argv.join(' ')} failed: ${log}`);
    return out;
  }

  const redisTask = async (s: Server): Promise<string> =>
    (await command(s, ['tasks'])).split('\n').find((l) => l.startsWith('peer sync')) ?? '';
  const knows = async (s: Server, attribute: string): Promise<boolean> =>
    (await command(s, ['lsatt'])).split('\n').includes(attribute);
  const alive = (s: Server): boolean => s.proc.child.exitCode === null;

  before(async () => {
    redis = await ownRedis();
    db = await freshDatabaseUrl('postgres');
    keys = sshKeygen(dir, 'admin', 'openssh');
    fs.writeFileSync(
      path.join(dir, 'users'),
      `user admin ${keys.pub} AFS_READ,AFS_WRITE,VSS_READ,VSS_WRITE\n`,
    );
  });
  after(async () => {
    for (const s of servers) {
      s.proc.child.kill('SIGKILL');
      await s.proc.exited;
    }
    await redis.stop();
    await db.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('Redis down at start: both servers start, serve, and say so in tasks', async () => {
    // one after the other: the first one migrates the database
    const a = await start('a');
    const b = await start('b');
    for (const s of [a, b]) assert.match(await redisTask(s), /unreachable since/);
    assert.match(await command(a, ['addatt', 'early']), /added early/);
  });

  test("Redis comes: changes flow both ways, para_admin's too", async () => {
    const [a, b] = servers as [Server, Server];
    await redis.start();
    await waitFor(async () => /connected since/.test(await redisTask(a)));
    await waitFor(async () => /connected since/.test(await redisTask(b)));
    // what A did before Redis came is known to B: the tables were re-read on connecting
    await waitFor(() => knows(b, 'early'));
    await command(a, ['addatt', 'one']);
    await waitFor(() => knows(b, 'one'));
    // para_admin on A's directory: A gets SIGHUP, B hears it through Redis
    const r = await run(ADMIN, [
      ...['--afs-database-dir', a.dir, '--database-url', db.url],
      ...['--redis-url', redis.url, '--redis-prefix', prefix],
      ...['addatt', 'two'],
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    await waitFor(() => knows(b, 'two'));
    // and B's next addatt takes a free bit (it failed on a unique constraint when B was stale)
    await command(b, ['addatt', 'three']);
    await waitFor(() => knows(a, 'three'));
  });

  test('Redis lost mid-run: both stream and serve on; back: in step again', async () => {
    const [a, b] = servers as [Server, Server];
    await redis.stop();
    await waitFor(async () => /unreachable since/.test(await redisTask(a)));
    // changes while Redis is away; the old client ended the process 7.6 s after the loss
    await command(a, ['addatt', 'four']);
    const end = Date.now() + 9000;
    while (Date.now() < end) {
      await command(a, ['addatt', 'brief']);
      await command(a, ['rmatt', 'brief']);
      await new Promise((r) => setTimeout(r, 300));
    }
    assert.ok(alive(a) && alive(b), `${a.proc.stderr()}\n${b.proc.stderr()}`);
    assert.equal(await knows(b, 'four'), false);
    await redis.start();
    await waitFor(async () => /connected since/.test(await redisTask(a)));
    await waitFor(async () => /connected since/.test(await redisTask(b)));
    // B missed A's change while Redis was away: A says so when it is back, B re-reads
    await waitFor(() => knows(b, 'four'));
    await command(a, ['addatt', 'five']);
    await waitFor(() => knows(b, 'five'));
  });

  test('a server with another --redis-prefix on the same Redis hears nothing of them', async () => {
    const [a, b] = servers as [Server, Server];
    const c = await start('c', `${prefix}-other`);
    await waitFor(async () => /connected since/.test(await redisTask(c)));
    await command(a, ['addatt', 'six']);
    await waitFor(() => knows(b, 'six'));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await knows(c, 'six'), false);
  });
});
