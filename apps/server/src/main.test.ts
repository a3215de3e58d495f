// para_server as a process: bad options, clean shutdown, and a database that survives kill -9.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { tempDir } from '../test/db.js';
import { fixtures } from '../test/fixtures.js';
import { ADMIN, freePort, MAIN, run, startServer, waitFor } from '../test/spawn.js';

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
