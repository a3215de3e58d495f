// The pid file as a lock: a stale one never makes anyone signal the process that got its PID,
// a live one keeps a second server off the directory, and a directory that cannot be made is
// reported clearly.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { tempDir } from '../test/db.js';
import { ADMIN, run } from '../test/spawn.js';
import { ParaError } from './errors.js';
import { claimPidFile, claimServerLocks, pidFilePath, runningServer } from './pid-file.js';

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** A process that is no para_server: `sleep` */
function unrelated(): ChildProcess {
  return spawn('sleep', ['60'], { stdio: 'ignore' });
}

/** A process that holds `file` open, as a running server holds its pid file */
async function holder(file: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `require('fs').openSync(${JSON.stringify(file)}, 'r'); console.log('open'); setInterval(() => {}, 1000);`,
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  await new Promise((resolve) => child.stdout.once('data', resolve));
  return child;
}

describe('pid file', () => {
  const dir = tempDir('paraweb-pid-');
  const children: ChildProcess[] = [];
  after(() => {
    for (const c of children) c.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a stale pid file names no server; para_admin leaves the process with that PID alone', async () => {
    const db = path.join(dir, 'stale');
    fs.mkdirSync(db);
    const other = unrelated();
    children.push(other);
    fs.writeFileSync(pidFilePath(db), `${other.pid}\n`);
    assert.equal(runningServer(pidFilePath(db)), undefined);
    const r = await run(ADMIN, ['--afs-database-dir', db, 'addatt', 'x']);
    assert.equal(r.code, 0, r.stderr);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.ok(alive(other), 'the unrelated process was signalled');
  });

  test('the holder of the pid file is the server; a second claim is refused, a stale one taken over', async () => {
    const db = path.join(dir, 'held');
    const lock = claimPidFile(db);
    assert.equal(fs.readFileSync(lock.file, 'utf8'), `${process.pid}\n`);
    assert.equal(runningServer(lock.file), process.pid);
    lock.release();
    assert.ok(!fs.existsSync(lock.file));

    // another process holds a pid file with its PID: it is the server of the directory
    fs.mkdirSync(db, { recursive: true });
    const file = pidFilePath(db);
    fs.writeFileSync(file, '0\n');
    const server = await holder(file);
    children.push(server);
    fs.writeFileSync(file, `${server.pid}\n`);
    assert.equal(runningServer(file), server.pid);
    assert.throws(
      () => claimPidFile(db),
      (err: unknown) =>
        err instanceof ParaError &&
        err.message.includes(
          `another para_server (pid ${server.pid}) runs on the database directory ${db}`,
        ),
    );
    server.kill('SIGKILL');
    await new Promise((resolve) => server.once('exit', resolve));
    // the same file, now stale: taken over
    const again = claimPidFile(db);
    assert.equal(runningServer(again.file), process.pid);
    again.release();
  });

  test('a SQLite file outside the database directory is locked too: a second server on it is refused', async () => {
    const files = path.join(dir, 'sqlite-elsewhere');
    const url = `file:${path.join(files, 'paraweb.db')}?connection_limit=1`;
    const lock = claimServerLocks(path.join(dir, 'first'), url);
    assert.ok(fs.existsSync(pidFilePath(files)), 'no pid file beside the SQLite file');
    lock.release();
    assert.ok(!fs.existsSync(pidFilePath(files)) && !fs.existsSync(lock.file));

    // another server (a process holding the pid file with its PID) runs on that SQLite file
    fs.writeFileSync(pidFilePath(files), '0\n');
    const server = await holder(pidFilePath(files));
    children.push(server);
    fs.writeFileSync(pidFilePath(files), `${server.pid}\n`);
    const second = path.join(dir, 'second');
    assert.throws(
      () => claimServerLocks(second, url),
      (err: unknown) =>
        err instanceof ParaError &&
        err.message ===
          `another para_server (pid ${server.pid}) runs on the database directory ${files}; stop it first (kill ${server.pid}) or give this one another --database-url`,
    );
    // refused: the second directory's own pid file is not left behind
    assert.ok(!fs.existsSync(pidFilePath(second)));
    server.kill('SIGKILL');
    await new Promise((resolve) => server.once('exit', resolve));
    // the database directory holding the file itself: its one pid file, as before
    const same = claimServerLocks(files, `file:${path.join(files, 'x.db')}`);
    assert.equal(same.file, pidFilePath(files));
    same.release();
  });

  test('a database directory that cannot be made is named in a clear error', () => {
    const blocker = path.join(dir, 'a-file');
    fs.writeFileSync(blocker, '');
    assert.throws(
      () => claimPidFile(path.join(blocker, 'db')),
      /cannot create the database directory .*a-file\/db for the pid file para_server\.pid: .*; give --afs-database-dir a directory this user can write/,
    );
  });
});
