// Unreadable files and folders in a watched tree: each is reported with its reason, the rest is
// added. Permissions do not stop root, so when the tests run as root the watcher runs in a child
// process without the capabilities that override them (setpriv drops CAP_DAC_OVERRIDE and
// CAP_DAC_READ_SEARCH; it stays root, so a clone in a private folder is still readable);
// otherwise in a child as the same user.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, test } from 'node:test';
import { tempDir } from '../../../test/db.js';
import { audioSet } from '../../../test/watch-set.js';

const SRC = fileURLToPath(new URL('../../', import.meta.url));

/** the watcher on a fresh database: prints the status once the first scan's files are added */
const SCRIPT = `
import { migrate, openDatabase } from ${JSON.stringify(path.join(SRC, 'db/index.js'))};
import { Afs, FolderWatch } from ${JSON.stringify(path.join(SRC, 'afs/index.js'))};
const [dbDir, root] = process.argv.slice(2);
const db = await openDatabase('file:' + dbDir + '/t.db');
await migrate(db);
const afs = await Afs.open(db);
const w = new FolderWatch(afs, {
  roots: [root], settleMs: 200, scanIntervalMs: 600000, graceSeconds: 3600, scanOnly: false,
  log: { info() {}, warn() {} },
});
await w.start();
await w.idle();
const files = [...afs.files.all()].map((f) => f.path);
console.log(JSON.stringify({ files, errors: w.status().errors }));
await w.close();
await afs.close();
await db.close();
`;

const dir = tempDir('paraweb-unreadable-');
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('an unreadable file and folder are reported per file; the readable one is added', async () => {
  const set = audioSet();
  const lib = path.join(dir, 'lib');
  const db = path.join(dir, 'db');
  fs.mkdirSync(path.join(lib, 'closed'), { recursive: true });
  fs.mkdirSync(db);
  fs.copyFileSync(path.join(set.dir, set.names[5]!), path.join(lib, 'ok.mp3'));
  fs.copyFileSync(path.join(set.dir, set.names[6]!), path.join(lib, 'secret.mp3'));
  fs.copyFileSync(path.join(set.dir, set.names[7]!), path.join(lib, 'closed', 'inside.mp3'));
  fs.chmodSync(path.join(lib, 'secret.mp3'), 0o000);
  fs.chmodSync(path.join(lib, 'closed'), 0o000);
  // the child enters the temporary folders and writes its database
  fs.chmodSync(dir, 0o755);
  fs.chmodSync(lib, 0o755);
  fs.chmodSync(db, 0o777);
  const script = path.join(dir, 'watch.mjs');
  fs.writeFileSync(script, SCRIPT);
  fs.chmodSync(script, 0o644);
  const asRoot = process.getuid?.() === 0;
  const [cmd, ...args] = asRoot
    ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search', process.execPath]
    : [process.execPath];
  const { stdout } = await promisify(execFile)(cmd, [...args, script, db, lib], {
    timeout: 60_000,
  });
  const out = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
    files: string[];
    errors: { path: string; reason: string }[];
  };
  assert.deepEqual(out.files, [path.join(lib, 'ok.mp3')]);
  const errors = new Map(out.errors.map((e) => [e.path, e.reason]));
  assert.match(errors.get(path.join(lib, 'secret.mp3')) ?? '', /EACCES/);
  assert.match(errors.get(path.join(lib, 'closed')) ?? '', /permission denied \(EACCES\)/);
});
