// The next file to stream when reads fail: a passing failure (too many open files, a disk away, a
// read that hangs) keeps the file admissible and is tried again later; only a file that is gone
// or changed leaves the selection. The stream waits through the bad time and goes on after it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, afterEach, describe, test } from 'node:test';
import { tempDir } from '../../test/db.js';
import { fixture } from '../../test/fixtures.js';
import type { Harness } from '../../test/harness.js';
import { harness } from '../../test/harness.js';
import type { StreamReadOptions } from './next-file.js';

const FILES = ['cbr128.mp3', 'vorbis.ogg', 'flac.flac'];

async function library(opts?: StreamReadOptions): Promise<{ h: Harness; lib: string }> {
  const h = await harness('sqlite', { streamRead: opts });
  const lib = tempDir('paraweb-next-');
  fs.mkdirSync(path.join(lib, 'disk'));
  for (const f of FILES) fs.copyFileSync(fixture(f), path.join(lib, 'disk', f));
  await h.run(['add', lib]);
  await h.run(['select', 'dummy']);
  return { h, lib };
}

/** Opens descriptors until the process has none left; returns a function that frees them. */
function exhaustDescriptors(): () => void {
  const fds: number[] = [];
  for (;;) {
    try {
      fds.push(fs.openSync('/dev/null', 'r'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EMFILE') throw err;
      break;
    }
  }
  return () => {
    for (const fd of fds) fs.closeSync(fd);
  };
}

describe('next file under read failures', () => {
  let h: Harness | undefined;
  let lib: string | undefined;
  const cleanup = async (): Promise<void> => {
    await h?.close();
    if (lib) fs.rmSync(lib, { recursive: true, force: true });
    h = undefined;
    lib = undefined;
  };
  afterEach(cleanup);
  after(cleanup);

  test('no descriptors left (EMFILE): every file stays admissible; files come back after', async () => {
    ({ h, lib } = await library());
    assert.ok(await h.afs.openNext(), 'the reader works (and its thread is up)');
    const free = exhaustDescriptors();
    let choice;
    const lines: string[] = [];
    try {
      choice = await h.afs.chooseNext((l) => lines.push(l));
    } finally {
      free();
    }
    assert.equal(choice.kind, 'wait');
    assert.match(lines.join('\n'), /EMFILE: open failed, trying again in 0\.3 s/);
    assert.equal(h.afs.selector.table.size, FILES.length, 'nothing left the selection');
    const lines2: string[] = [];
    const next = await h.afs.prepareNext((l) => lines2.push(l), AbortSignal.timeout(10_000));
    assert.ok(next, 'a file after the errors passed');
  });

  test('the disk is away for a while: the selection waits and is whole when it is back', async () => {
    ({ h, lib } = await library());
    const disk = path.join(lib, 'disk');
    fs.renameSync(disk, `${disk}.away`);
    const lines: string[] = [];
    const first = await h.afs.chooseNext((l) => lines.push(l));
    assert.equal(first.kind, 'wait');
    assert.match(lines[0]!, /directory missing, trying again in 0\.3 s$/);
    assert.equal(h.afs.selector.table.size, FILES.length);
    // the growing pause: the second failure of a file waits twice as long
    const waiting = h.afs.prepareNext(() => {}, AbortSignal.timeout(10_000));
    setTimeout(() => fs.renameSync(`${disk}.away`, disk), 600);
    const opened = await waiting;
    assert.ok(opened);
    assert.equal(h.afs.selector.table.size, FILES.length);
  });

  test('a file that is gone or changed leaves the selection; the others play', async () => {
    ({ h, lib } = await library());
    const now = String(Math.floor(Date.now() / 1000));
    await h.run(['touch', '-l', now, path.join(lib, 'disk', 'flac.flac')]); // the worst file
    await h.run(['select', 'dummy']);
    fs.rmSync(path.join(lib, 'disk', 'cbr128.mp3'));
    fs.appendFileSync(path.join(lib, 'disk', 'vorbis.ogg'), 'x');
    const lines: string[] = [];
    const choice = await h.afs.chooseNext((l) => lines.push(l));
    assert.equal(choice.kind, 'file');
    assert.equal(choice.kind === 'file' && path.basename(choice.opened.file.path), 'flac.flac');
    assert.equal(h.afs.selector.table.size, 1);
    assert.deepEqual(lines.map((l) => l.replace(/^.*\//, '')).sort(), [
      'cbr128.mp3: file vanished, skipped',
      'vorbis.ogg: hash mismatch, skipped',
    ]);
  });

  test('a read that hangs misses its deadline; the next file is read by a fresh worker', async () => {
    ({ h, lib } = await library({
      workerUrl: new URL('./reader/test-stuck-worker.js', import.meta.url),
      deadlineBaseMs: 400,
    }));
    const stuck = path.join(lib, 'disk', 'cbr128.mp3');
    const renamed = path.join(lib, 'disk', 'a.stuck.mp3');
    fs.renameSync(stuck, renamed);
    await h.run(['add', lib]); // a rename: same content, new path
    await h.run(['touch', '-n', '0', '-l', '1', renamed]); // the best file
    await h.run(['select', 'dummy']);
    const lines: string[] = [];
    const started = Date.now();
    const opened = await h.afs.prepareNext((l) => lines.push(l), AbortSignal.timeout(10_000));
    assert.ok(opened);
    assert.notEqual(opened.file.path, renamed);
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    assert.match(lines.join('\n'), /a\.stuck\.mp3: read timed out after \d+ ms, trying again/);
    assert.equal(h.afs.selector.table.size, FILES.length);
    // and again: the abandoned thread does not hold up the reads after it
    assert.ok(await h.afs.prepareNext(() => {}, AbortSignal.timeout(10_000)));
  });
});
