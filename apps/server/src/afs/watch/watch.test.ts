// Watched folders against real files, real inotify and a real database: a copy of 200 files of
// three formats, moves keeping rows, deletes marked missing and restored, a slow writer added
// once, bad input reported per file; on SQLite, and the missing mark on PostgreSQL too.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { DB_KINDS, tempDir } from '../../../test/db.js';
import type { Harness } from '../../../test/harness.js';
import { harness } from '../../../test/harness.js';
import { audioSet } from '../../../test/watch-set.js';
import type { AudioFileRecord } from '../audio-file.js';
import type { WatchOptions } from './index.js';
import { FolderWatch } from './index.js';

const SETTLE_MS = 800;

/** Waits until `cond` holds, checking every 25 ms; fails with `what` after `ms`. */
async function until(cond: () => boolean, ms: number, what: string): Promise<number> {
  const t = Date.now();
  while (!cond()) {
    if (Date.now() - t > ms) assert.fail(`not within ${ms} ms: ${what}`);
    await sleep(25);
  }
  return Date.now() - t;
}

function watcher(h: Harness, roots: string[], opts: Partial<WatchOptions> = {}): FolderWatch {
  const w = new FolderWatch(h.afs, {
    roots,
    settleMs: SETTLE_MS,
    scanIntervalMs: 600_000,
    graceSeconds: 3600,
    scanOnly: false,
    log: { info: () => {}, warn: () => {} },
    ...opts,
  });
  h.services.watch = w;
  return w;
}

const under = (h: Harness, dir: string): AudioFileRecord[] =>
  [...h.afs.files.all()].filter((f) => f.path.startsWith(`${dir}/`));

describe('watched folders (sqlite)', () => {
  let h: Harness;
  let root: string;
  let w: FolderWatch;
  let copied: string[] = [];
  before(async () => {
    h = await harness('sqlite');
    root = tempDir('paraweb-watch-');
    w = watcher(h, [root]);
    await w.start();
    await w.idle();
  });
  after(async () => {
    await w.close();
    await h.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('200 files copied in one go are all in ls within 15 s of the last write', async () => {
    const set = audioSet();
    const names = set.names.slice(0, 200);
    assert.deepEqual(
      new Set(names.map((n) => path.extname(n))),
      new Set(['.mp3', '.flac', '.ogg']),
    );
    const dir = path.join(root, 'in');
    fs.mkdirSync(dir);
    for (const n of names) fs.copyFileSync(path.join(set.dir, n), path.join(dir, n));
    copied = names.map((n) => path.join(dir, n));
    const took = await until(() => under(h, dir).length === 200, 15_000, '200 files added');
    const ls = await h.run(['ls', '-p', `${dir}/*`]);
    assert.equal(ls.text.trim().split('\n').length, 200);
    assert.ok(took >= SETTLE_MS * 0.9, `added after the settle time, not before (${took} ms)`);
    assert.equal(w.status().roots[0]!.mode, 'kernel');
  });

  test('50 files moved to another folder keep their rows, plays and attributes', async () => {
    const moved = copied.slice(0, 50);
    const rows = moved.map((p) => h.afs.files.getByPath(p)!);
    await h.afs.files.changeAfsi(
      rows.map((f) => ({ id: f.id, set: { numPlayed: 7 }, setBits: 8n })),
    );
    const dest = path.join(root, 'other', 'deeper');
    fs.mkdirSync(dest, { recursive: true });
    for (const p of moved) fs.renameSync(p, path.join(dest, path.basename(p)));
    await until(() => under(h, dest).length === 50, 15_000, '50 rows renamed');
    for (const f of rows) {
      const now = h.afs.files.get(f.id)!;
      assert.equal(now.path, path.join(dest, path.basename(f.path)));
      assert.equal(now.numPlayed, 7);
      assert.equal(now.attributes, 8n);
      assert.equal(now.missingSince, undefined);
    }
    assert.equal(h.afs.files.size, 200);
    copied = [...copied.slice(50), ...moved.map((p) => path.join(dest, path.basename(p)))];
  });

  test('10 deleted files are missing at once, never chosen, and restored when put back', async () => {
    const gone = copied.slice(0, 10);
    const keep = gone.map((p) => ({
      p,
      bytes: fs.readFileSync(p),
      id: h.afs.files.getByPath(p)!.id,
    }));
    for (const p of gone) fs.rmSync(p);
    const took = await until(
      () => gone.every((p) => h.afs.files.getByPath(p)?.missingSince !== undefined),
      SETTLE_MS,
      'marked missing before the settle time',
    );
    assert.ok(took < SETTLE_MS);
    const admissible = h.afs.admissible();
    for (const k of keep) assert.equal(admissible.has(k.id), false);
    assert.equal(admissible.size, 190);
    const check = await h.run(['check', '-a']);
    for (const p of gone)
      assert.match(check.text, new RegExp(`${p}: missing since \\S+, row removed after`));
    const status = await h.run(['watched']);
    assert.match(status.text, /missing rows: 10/);

    for (const k of keep) fs.writeFileSync(k.p, k.bytes);
    await until(
      () => gone.every((p) => h.afs.files.getByPath(p)?.missingSince === undefined),
      15_000,
      'restored',
    );
    for (const k of keep) assert.equal(h.afs.files.getByPath(k.p)!.id, k.id);
    assert.equal(h.afs.admissible().size, 200);
    assert.equal(w.status().counts.restored, 10);
  });

  test('a file written slowly is added once, complete', async () => {
    const set = audioSet();
    const bytes = fs.readFileSync(path.join(set.dir, set.names.at(-1)!));
    const p = path.join(root, 'slow.mp3');
    const events: string[] = [];
    const onAdd = (f: AudioFileRecord): void => void (f.path === p && events.push('add'));
    const onChange = (f: AudioFileRecord): void => void (f.path === p && events.push('change'));
    h.afs.events.on('audio-file:add', onAdd);
    h.afs.events.on('afhi:change', onChange);
    // 12 pieces, 250 ms apart: each pause is well inside the settle time, as 1 KB/s with a
    // 5 s settle time is
    const fd = fs.openSync(p, 'w');
    const piece = Math.ceil(bytes.length / 12);
    for (let i = 0; i < bytes.length; i += piece) {
      fs.writeSync(fd, bytes, i, Math.min(piece, bytes.length - i));
      await sleep(250);
      assert.equal(h.afs.files.getByPath(p), undefined, 'not added while being written');
    }
    fs.closeSync(fd);
    await until(() => h.afs.files.getByPath(p) !== undefined, 15_000, 'slow file added');
    await sleep(SETTLE_MS * 2);
    assert.deepEqual(events, ['add']);
    assert.equal(h.afs.files.getByPath(p)!.size, bytes.length);
    h.afs.events.off('audio-file:add', onAdd);
    h.afs.events.off('afhi:change', onChange);
  });

  test('bad input is reported per file; the rest goes on', async () => {
    const bad = path.join(root, 'bad');
    fs.mkdirSync(bad);
    fs.symlinkSync(path.join(bad, 'loop-b.mp3'), path.join(bad, 'loop-a.mp3'));
    fs.symlinkSync(path.join(bad, 'loop-a.mp3'), path.join(bad, 'loop-b.mp3'));
    fs.symlinkSync(bad, path.join(bad, 'dir-loop'));
    fs.writeFileSync(path.join(bad, 'new\nline.mp3'), fs.readFileSync(copied[20]!));
    fs.writeFileSync(path.join(bad, 'empty.mp3'), '');
    fs.writeFileSync(path.join(bad, 'lying.flac'), 'this is text, not flac\n'.repeat(50));
    const good = path.join(bad, 'good.ogg');
    const set = audioSet();
    fs.copyFileSync(path.join(set.dir, 'track-69.ogg'), good);
    await until(() => h.afs.files.getByPath(good) !== undefined, 15_000, 'the good file added');
    await w.idle();
    const errors = new Map(w.status().errors.map((e) => [path.basename(e.path), e.reason]));
    assert.match(errors.get('loop-a.mp3') ?? '', /symbolic link loop/);
    assert.match(errors.get('new\nline.mp3') ?? '', /newline/);
    assert.match(errors.get('empty.mp3') ?? '', /./);
    assert.match(errors.get('lying.flac') ?? '', /./);
    for (const n of ['empty.mp3', 'lying.flac', 'loop-a.mp3'])
      assert.equal(h.afs.files.getByPath(path.join(bad, n)), undefined);
    const text = (await h.run(['watched'])).text;
    assert.match(text, /error: ".*empty\.mp3": /);
    assert.match(text, /error: ".*new\\nline\.mp3": /);
  });

  test('a directory moved away marks its files missing; the grace period removes them', async () => {
    const dir = path.join(root, 'other');
    const n = under(h, dir).length;
    assert.ok(n > 0);
    const outside = tempDir('paraweb-away-');
    fs.renameSync(dir, path.join(outside, 'other'));
    await until(
      () => under(h, dir).every((f) => f.missingSince !== undefined),
      5_000,
      'moved-away tree missing',
    );
    const grace = watcher(h, [], { graceSeconds: 0 });
    assert.equal(await grace.purge(), n);
    assert.equal(under(h, dir).length, 0);
    h.services.watch = w;
    fs.rmSync(outside, { recursive: true, force: true });
  });
});

describe('watched folders: the periodic scan', () => {
  let h: Harness;
  let root: string;
  before(async () => {
    h = await harness('sqlite');
    root = tempDir('paraweb-scan-');
  });
  after(async () => {
    await h.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('scans where the kernel is not asked; hashes only what changed', async () => {
    const set = audioSet();
    for (const n of set.names.slice(0, 6))
      fs.copyFileSync(path.join(set.dir, n), path.join(root, n));
    const w = watcher(h, [root], { scanOnly: true, scanIntervalMs: 300, settleMs: 200 });
    await w.start();
    try {
      await until(() => under(h, root).length === 6, 10_000, 'first scan added the files');
      const r = w.status().roots[0]!;
      assert.equal(r.mode, 'scan');
      assert.match(r.reason ?? '', /--afs-watch-scan-only/);
      // a later scan with nothing changed passes nothing to add
      await until(() => w.status().roots[0]!.lastScan?.changed === 0, 5_000, 'a quiet scan');
      fs.rmSync(path.join(root, set.names[0]!));
      await until(
        () => h.afs.files.getByPath(path.join(root, set.names[0]!))?.missingSince !== undefined,
        5_000,
        'scan marks missing',
      );
    } finally {
      await w.close();
    }
  });

  test('at start, files changed while the server was away are found', async () => {
    const set = audioSet();
    fs.rmSync(path.join(root, set.names[1]!));
    fs.copyFileSync(path.join(set.dir, set.names[10]!), path.join(root, set.names[10]!));
    const w = watcher(h, [root], { settleMs: 200 });
    await w.start();
    try {
      await until(
        () =>
          h.afs.files.getByPath(path.join(root, set.names[10]!)) !== undefined &&
          h.afs.files.getByPath(path.join(root, set.names[1]!))?.missingSince !== undefined,
        10_000,
        'the start scan saw the changes',
      );
      assert.equal(w.status().roots[0]!.mode, 'kernel');
      // a refused root: relative, missing, a file, inside a watched one
      await assert.rejects(w.addRoot('rel/dir'), /not an absolute path/);
      await assert.rejects(w.addRoot(path.join(root, 'nope')), /no such file/);
      await assert.rejects(w.addRoot(path.join(root, set.names[2]!)), /not a directory/);
      fs.mkdirSync(path.join(root, 'sub'));
      await assert.rejects(w.addRoot(path.join(root, 'sub')), /one is inside the other/);
    } finally {
      await w.close();
    }
  });
});

for (const kind of DB_KINDS) {
  describe(`missing rows (${kind})`, () => {
    let h: Harness;
    before(async () => {
      h = await harness(kind);
    });
    after(() => h.close());

    test('the mark is written to the database and read back', async () => {
      const dir = tempDir('paraweb-miss-');
      const set = audioSet();
      fs.copyFileSync(path.join(set.dir, set.names[3]!), path.join(dir, 'a.mp3'));
      await h.run(['add', dir]);
      const f = h.afs.files.getByPath(path.join(dir, 'a.mp3'))!;
      assert.equal(await h.afs.files.setMissing([f], 1_700_000_000), 1);
      await h.afs.reload();
      assert.equal(h.afs.files.get(f.id)!.missingSince, 1_700_000_000);
      assert.equal(h.afs.admissible().has(f.id), false);
      // `add` of the file at its path brings it back
      const r = await h.run(['add', dir]);
      assert.match(r.text, /1 restored/);
      await h.afs.reload();
      assert.equal(h.afs.files.get(f.id)!.missingSince, undefined);
      assert.equal(h.afs.admissible().has(f.id), true);
      fs.rmSync(dir, { recursive: true, force: true });
    });
  });
}
