// The admin CLI: commands, data from stdin, exit codes, errors on stderr.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { tempDir } from '../test/db.js';
import { fixtures } from '../test/fixtures.js';
import { ADMIN, run, runToSlowReader } from '../test/spawn.js';

describe('para_admin', () => {
  const dir = tempDir('paraweb-admin-');
  const db = ['--afs-database-dir', path.join(dir, 'db')];
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('runs commands against the database and reports errors with exit code 1', async () => {
    fs.copyFileSync(path.join(fixtures(), 'flac.flac'), path.join(dir, 'song.flac'));
    const add = await run(ADMIN, [...db, 'add', '-v', dir]);
    assert.equal(add.code, 0, add.stderr);
    assert.match(add.stdout, /adding .*song\.flac \(flac\)/);
    assert.match(add.stdout, /1 added/);
    const ls = await run(ADMIN, [...db, '--', 'ls', '-l=v', '-p']);
    assert.match(ls.stdout, /^format: flac$/m);
    const img = await run(ADMIN, [...db, 'addlyr', 'words'], Buffer.from([9, 8, 7]));
    assert.equal(img.code, 0, img.stderr);
    const cat = await run(ADMIN, [...db, 'catlyr', 'words']);
    assert.deepEqual([...Buffer.from(cat.stdout, 'latin1')], [9, 8, 7]);
    const bad = await run(ADMIN, [...db, 'rm', '/no/such/file']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^para_admin: no matches/);
    // one file add cannot take: exit 1, and why on stderr
    const nl = path.join(dir, 'new\nline.flac');
    fs.copyFileSync(path.join(fixtures(), 'flac.flac'), nl);
    const refused = await run(ADMIN, [...db, 'add', nl]);
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /0 added, .*1 skipped\n$/);
    assert.equal(
      refused.stderr,
      `para_admin: add: 1 file not added: ${nl}: the name contains a newline; not added (ls, stat and playlists could not name it)\n`,
    );
    assert.equal((await run(ADMIN, [])).code, 2);
  });

  test('output to a slow reader arrives whole before the exit', { timeout: 60_000 }, async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i} of the lyrics`);
    const text = `${lines.join('\n')}\n`;
    const add = await run(ADMIN, [...db, 'addlyr', 'long'], text);
    assert.equal(add.code, 0, add.stderr);
    const start = Date.now();
    assert.equal((await run(ADMIN, [...db, 'catlyr', 'long'])).stdout, text);
    const usual = Date.now() - start;
    const cat = await runToSlowReader(ADMIN, [...db, 'catlyr', 'long'], 3 * usual + 2000);
    assert.equal(cat.code, 0, cat.stderr);
    assert.equal(cat.stdout.split('\n').length - 1, 20_000);
    assert.equal(cat.stdout, text);
  });
});
