// para_server as a process: bad options, clean shutdown, and a database that survives kill -9.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { freshDatabaseUrl, tempDir } from '../test/db.js';
import { fixtures } from '../test/fixtures.js';
import { realServerConf } from '../test/server-conf.js';
import {
  ADMIN,
  CLIENT,
  freePort,
  MAIN,
  run,
  startServer,
  waitFor,
  WEBUSER,
} from '../test/spawn.js';
import { makeTinyLibrary } from '../test/tiny-library.js';
import { sshKeygen } from './transports/tcp/test-util.js';

describe('para_server process', () => {
  const dir = tempDir('paraweb-main-');
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('invalid options are all listed and the server does not start', async () => {
    const r = await run(MAIN, [
      '--port',
      'x',
      '--nonsense',
      '--loglevel',
      'loud',
      '-c',
      path.join(dir, 'no.conf'),
    ]);
    assert.equal(r.code, 1); // EXIT_FAILURE, as para_server
    assert.match(r.stderr, /invalid configuration/);
    assert.match(r.stderr, /--port/);
    assert.match(r.stderr, /unknown option --nonsense/);
    assert.match(r.stderr, /--loglevel/);
  });

  test('--help and --version', async () => {
    assert.match((await run(MAIN, ['--help'])).stdout, /--afs-database-dir/);
    assert.match((await run(MAIN, ['-V'])).stdout, /^para_server \d/);
  });

  test('starts, serves, stops on SIGTERM; a killed server restarts with its data intact', async () => {
    const lib = path.join(dir, 'lib');
    fs.mkdirSync(lib);
    for (const f of ['cbr128.mp3', 'vorbis.ogg'])
      fs.copyFileSync(path.join(fixtures(), f), path.join(lib, f));
    const db = path.join(dir, 'db');
    const added = await run(ADMIN, ['--afs-database-dir', db, 'add', lib]);
    assert.equal(added.code, 0, added.stderr);
    const apiPort = await freePort();
    const args = [
      '--afs-database-dir',
      db,
      '--api-port',
      String(apiPort),
      '--api-listen-address',
      '127.0.0.1',
      '--port',
      String(await freePort()),
      '--listen-address',
      '127.0.0.1',
      '--http-port',
      String(await freePort()),
      '--http-listen-address',
      '127.0.0.1',
      '-c',
      path.join(dir, 'none.conf'),
    ];
    const ok = async (): Promise<boolean> => (await fetch(`http://127.0.0.1:${apiPort}/health`)).ok;

    let srv = startServer(args.filter((a) => !a.endsWith('none.conf') && a !== '-c'));
    await waitFor(ok);
    srv.child.kill('SIGTERM');
    assert.equal(await srv.exited, 0, srv.stderr());
    assert.ok(!fs.existsSync(path.join(db, 'para_server.pid')));

    srv = startServer(args.filter((a) => !a.endsWith('none.conf') && a !== '-c'));
    await waitFor(ok);
    // the admin CLI writes while the server runs, then the server is killed hard
    assert.equal((await run(ADMIN, ['--afs-database-dir', db, 'addatt', 'survivor'])).code, 0);
    srv.child.kill('SIGKILL');
    await srv.exited;
    const ls = await run(ADMIN, ['--afs-database-dir', db, 'ls']);
    assert.equal(ls.stdout, 'cbr128.mp3\nvorbis.ogg\n');
    assert.equal((await run(ADMIN, ['--afs-database-dir', db, 'lsatt'])).stdout, 'survivor\n');
    srv = startServer(args.filter((a) => !a.endsWith('none.conf') && a !== '-c'));
    await waitFor(ok);
    srv.child.kill('SIGTERM');
    assert.equal(await srv.exited, 0);
  });
});

describe('para_server process: configuration, reload, pid file, shutdown', () => {
  const dir = tempDir('paraweb-main2-');
  const noConf = path.join(dir, 'empty.conf');
  fs.writeFileSync(noConf, '');
  // a failed test must not leave its server running (it would keep the test process alive)
  const servers: ReturnType<typeof startServer>[] = [];
  const start = (...a: Parameters<typeof startServer>): ReturnType<typeof startServer> => {
    const srv = startServer(...a);
    servers.push(srv);
    return srv;
  };
  after(() => {
    for (const srv of servers) srv.child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('--bogus --help fails with EXIT_FAILURE; --detailed-help lists --log-color', async () => {
    const bad = await run(MAIN, ['--bogus', '--help']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /unknown option --bogus/);
    assert.equal(bad.stdout, '');
    const help = await run(MAIN, ['--detailed-help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--log-color/);
  });

  test('a real server.conf starts; hup: the file wins over the command line, a bad file keeps the old settings; a second server on the directory is refused', async () => {
    const keys = sshKeygen(dir, 'key', 'openssh');
    fs.writeFileSync(
      path.join(dir, 'server.users'),
      `user me ${keys.pub} AFS_READ,AFS_WRITE,VSS_READ,VSS_WRITE\n`,
    );
    const port = await freePort();
    const apiPort = await freePort();
    const conf = path.join(dir, 'server.conf');
    const settings = {
      port: String(port),
      'http-port': String(await freePort()),
      'api-port': String(apiPort),
      'api-listen-address': '127.0.0.1',
    };
    fs.writeFileSync(conf, realServerConf(dir, settings));
    const srv = start(['-c', conf, '--loglevel', 'warning']);
    await waitFor(async () => (await fetch(`http://127.0.0.1:${apiPort}/health`)).ok, 60_000);
    const client = ['-u', 'me', '-k', keys.priv, '-i', '127.0.0.1', '-p', String(port)];
    const loglevel = async (): Promise<string> => {
      const si = await run(CLIENT, [...client, 'si']);
      assert.equal(si.code, 0, si.stderr);
      return /current loglevel: (\w+)/.exec(si.stdout)?.[1] ?? si.stdout;
    };
    assert.equal(await loglevel(), 'warning'); // the command line wins at start

    srv.child.kill('SIGHUP');
    await waitFor(async () => (await loglevel()) === 'info', 20_000); // the file wins at reload

    const pid = fs.readFileSync(path.join(dir, 'db', 'para_server.pid'), 'utf8').trim();
    assert.equal(pid, String(srv.child.pid));
    const second = await run(MAIN, ['-c', conf, '--port', String(await freePort())]);
    assert.equal(second.code, 1);
    assert.match(
      second.stderr,
      new RegExp(`another para_server \\(pid ${pid}\\) runs on the database directory ${dir}/db`),
    );

    fs.appendFileSync(conf, 'loglevel loud\n');
    const hup = await run(CLIENT, [...client, 'hup']);
    assert.equal(hup.code, 0, hup.stderr);
    assert.equal(await loglevel(), 'info');
    const log = fs.readFileSync(path.join(dir, 'server.log'), 'utf8');
    assert.match(log, /config file not reloaded; the old settings stay/);
    assert.match(log, /--loglevel: /);

    srv.child.kill('SIGTERM');
    assert.equal(await srv.exited, 0, srv.stderr());
    assert.ok(!fs.existsSync(path.join(dir, 'db', 'para_server.pid')));
  });

  test('PostgreSQL and an --afs-database-dir that does not exist: made for the pid file; one that cannot be made is named', async () => {
    const pg = await freshDatabaseUrl('postgres');
    try {
      const db = path.join(dir, 'pg', 'not', 'yet');
      const apiPort = await freePort();
      const srv = start(
        [
          ...['--afs-database-dir', db, '-c', noConf],
          ...['--api-port', String(apiPort), '--api-listen-address', '127.0.0.1'],
          ...['--port', String(await freePort()), '--listen-address', '127.0.0.1'],
          ...['--http-port', String(await freePort()), '--http-listen-address', '127.0.0.1'],
        ],
        { DATABASE_URL: pg.url },
      );
      await waitFor(async () => (await fetch(`http://127.0.0.1:${apiPort}/health`)).ok, 60_000);
      assert.equal(fs.readFileSync(path.join(db, 'para_server.pid'), 'utf8'), `${srv.child.pid}\n`);
      assert.ok(!fs.existsSync(path.join(db, 'paraweb.db')), 'no SQLite database with PostgreSQL');
      srv.child.kill('SIGTERM');
      assert.equal(await srv.exited, 0, srv.stderr());

      const blocker = path.join(dir, 'a-file');
      fs.writeFileSync(blocker, '');
      const r = await run(
        MAIN,
        ['--afs-database-dir', path.join(blocker, 'db'), '-c', noConf],
        undefined,
        {
          DATABASE_URL: pg.url,
        },
      );
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        /^para_server: cannot create the database directory .*a-file\/db for the pid file para_server\.pid: .*give --afs-database-dir a directory this user can write\n$/,
      );
    } finally {
      await pg.cleanup();
    }
  });

  test('SIGTERM during a web add: the add is cancelled and answered, the server closes in order and exits 0', async () => {
    const lib = path.join(dir, 'many');
    makeTinyLibrary(lib, 5000);
    const db = path.join(dir, 'add-db');
    const users = path.join(dir, 'add.users');
    const keys = sshKeygen(dir, 'addkey', 'openssh');
    fs.writeFileSync(users, `user me ${keys.pub} AFS_READ,AFS_WRITE,VSS_READ,VSS_WRITE\n`);
    const common = ['--afs-database-dir', db, '--user-list', users, '-c', noConf];
    const made = await run(WEBUSER, [...common, 'token', 'me']);
    const token = /pwt_[\w-]+/.exec(made.stdout)?.[0];
    assert.ok(token, made.stdout + made.stderr);
    const apiPort = await freePort();
    const srv = start([
      ...common.slice(0, 4),
      ...['--api-port', String(apiPort), '--api-listen-address', '127.0.0.1'],
      ...['--port', String(await freePort()), '--listen-address', '127.0.0.1'],
      ...['--http-port', String(await freePort()), '--http-listen-address', '127.0.0.1'],
      '--loglevel',
      'info',
    ]);
    await waitFor(async () => (await fetch(`http://127.0.0.1:${apiPort}/health`)).ok, 60_000);
    const auth = { authorization: `Bearer ${token}` };
    const answer = fetch(`http://127.0.0.1:${apiPort}/trpc/afs.add`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ args: [lib] }),
    }).then(
      async (r) =>
        (await r.json()) as {
          result?: { data: { output: { cancelled: boolean } } };
          error?: unknown;
        },
    );
    // the add runs: its job is listed
    await waitFor(async () => {
      const r = await fetch(`http://127.0.0.1:${apiPort}/trpc/jobs.list`, { headers: auth });
      const jobs = (await r.json()) as { result?: { data: { command: string }[] } };
      return jobs.result?.data.some((j) => j.command === 'add') ?? false;
    }, 60_000);
    srv.child.kill('SIGTERM');
    assert.equal(await srv.exited, 0, srv.stderr());
    const body = await answer;
    assert.equal(body.error, undefined, JSON.stringify(body.error));
    assert.equal(body.result?.data.output.cancelled, true);
    assert.doesNotMatch(srv.stderr(), /reader pool closed|"level":50/);
    assert.ok(!fs.existsSync(path.join(db, 'para_server.pid')));
    // closed in order: the WAL was checkpointed into the database file
    assert.ok(
      !fs.existsSync(path.join(db, 'paraweb.db-wal')) ||
        fs.statSync(path.join(db, 'paraweb.db-wal')).size === 0,
    );
    const ls = await run(ADMIN, ['--afs-database-dir', db, 'check']);
    assert.equal(ls.code, 0, ls.stderr);
  });
});
