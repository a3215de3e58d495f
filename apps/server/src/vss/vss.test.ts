// The vss state machine: play/pause/stop/next/nomore/ff/jmp through the commands, the flags and
// status items they show, and what the senders are told.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileItems } from '../afs/file-items.js';
import { AFS_ITEM_NAMES } from './status.js';
import type { Streaming } from './test-util.js';
import { item, streaming } from './test-util.js';

const MP3S = ['cbr128.mp3', 'vbr.mp3', 'notags.mp3'];

describe('vss state machine', () => {
  let s: Streaming;
  before(async () => {
    s = await streaming(MP3S, { virtual: true });
  });
  after(async () => {
    await s.close();
  });

  test('starts stopped: flags __N_, the afs items all present and empty', async () => {
    assert.equal(s.vss.state, 'stopped');
    assert.equal(item(s.vss, 'status'), 'stopped');
    assert.equal(item(s.vss, 'status_flags'), '__N_');
    assert.equal(item(s.vss, 'afs_mode'), 'dummy');
    const names = s.vss.items().map(([n]) => n);
    assert.deepEqual(names.slice(0, 6), [
      'status',
      'status_flags',
      'offset',
      'afs_mode',
      'stream_start',
      'current_time',
    ]);
    assert.deepEqual(names.slice(6), [...AFS_ITEM_NAMES, 'loudness']);
    assert.ok(
      s.vss
        .items()
        .slice(6)
        .every(([, v]) => v === ''),
    );
    assert.match(item(s.vss, 'current_time')!, /^\d{10}\.\d{1,6}$/);
    assert.match((await s.h.fail(['ff', '10'])).message, /no audio file/);
    assert.match((await s.h.fail(['jmp', '10'])).message, /no audio file/);
  });

  test('AFS_ITEM_NAMES is what fileItems emits', () => {
    const rec = [...s.h.afs.files.all()][0]!;
    const ctx = {
      attributes: s.h.afs.attributes,
      images: s.h.afs.blobs.img,
      lyrics: s.h.afs.blobs.lyr,
    };
    assert.deepEqual(
      fileItems(rec, 0, ctx).map(([n]) => n),
      AFS_ITEM_NAMES,
    );
  });

  test('play opens a file, sends its chunks and shows it in the status', async () => {
    const before = new Map([...s.h.afs.files.all()].map((f) => [f.path, f.lastPlayed]));
    let notified = 0;
    const unsubscribe = s.vss.subscribe(() => notified++);
    await s.h.run(['play']);
    await s.until(() => s.rec.chunks().length > 5, 5000, 'chunks');
    unsubscribe();
    assert.ok(notified >= 1);
    assert.equal(item(s.vss, 'status'), 'playing');
    assert.equal(item(s.vss, 'status_flags'), 'P___');
    const file = s.rec.files()[0]!;
    assert.equal(item(s.vss, 'path'), file.path);
    assert.equal(item(s.vss, 'num_played'), '1');
    const rec = s.h.afs.files.getByPath(file.path)!;
    assert.equal(rec.numPlayed, 1);
    const ctx = {
      attributes: s.h.afs.attributes,
      images: s.h.afs.blobs.img,
      lyrics: s.h.afs.blobs.lyr,
    };
    const lastPlayed = (t: number) =>
      fileItems({ ...rec, lastPlayed: t }, 0, ctx).find(([n]) => n === 'last_played')![1];
    assert.equal(
      item(s.vss, 'last_played'),
      lastPlayed(before.get(file.path)!),
      'as before this play',
    );
    const start = Number(item(s.vss, 'stream_start')!.split('.')[0]);
    assert.ok(Math.abs(start - Date.now() / 1000) < 5);
    const idx = s.rec.chunks().map((c) => c.chunk.index);
    assert.deepEqual(
      idx,
      idx.map((_, i) => i),
      'chunks 0, 1, 2, ... in order',
    );
  });

  test('pause stops the chunks and keeps the position; play resumes there', async () => {
    await s.h.run(['pause']);
    await s.until(() => s.rec.breaks().includes('pause'), 2000, 'pause');
    assert.equal(item(s.vss, 'status'), 'paused');
    assert.equal(item(s.vss, 'status_flags'), '____');
    const count = s.rec.chunks().length;
    const last = s.rec.chunks().at(-1)!.chunk.index;
    await s.sleep(150);
    assert.equal(s.rec.chunks().length, count, 'nothing sent while paused');
    await s.h.run(['play']);
    await s.until(() => s.rec.chunks().length > count, 2000, 'resume');
    const resumed = s.rec.chunks()[count]!.chunk;
    assert.equal(resumed.index, last + 1);
    assert.equal(resumed.sent, 0, 'a new run starts');
  });

  test('ff forward and back (n, n-, -n), jmp, and ff past the end skips the file', async () => {
    const total = s.vss.position!.file.file.chunksTotal;
    const chunkUs = s.vss.position!.file.file.chunkTimeUs;
    s.vss.pause();
    await s.until(() => s.vss.flagsNow.playing === false);
    const at = s.vss.position!.chunk;
    await s.h.run(['ff', '2']);
    assert.equal(item(s.vss, 'status_flags'), '___R', 'R until the vss applies it');
    await s.until(() => !s.vss.flagsNow.repos, 2000, 'repos applied');
    const expected = at + Math.round(2e6 / chunkUs);
    assert.equal(s.vss.position!.chunk, expected);
    assert.equal(
      item(s.vss, 'offset'),
      String(Math.floor((expected * chunkUs) / 1000 / 1000 + 0.5)),
    );
    assert.equal(s.vss.state, 'paused', 'a reposition keeps a pause');
    await s.h.run(['ff', '1-']);
    await s.until(() => !s.vss.flagsNow.repos);
    assert.equal(s.vss.position!.chunk, expected - Math.round(1e6 / chunkUs));
    await s.h.run(['ff', '-1000']);
    await s.until(() => !s.vss.flagsNow.repos);
    assert.equal(s.vss.position!.chunk, 0);
    await s.h.run(['jmp', '50']);
    await s.until(() => !s.vss.flagsNow.repos);
    assert.equal(s.vss.position!.chunk, Math.floor((total * 50 + 50) / 100));
    assert.match((await s.h.fail(['ff', 'x'])).message, /seconds/);
    assert.match((await s.h.fail(['ff', '-3-'])).message, /seconds/);
    const path = s.vss.position!.file.file.path;
    await s.h.run(['play']);
    await s.h.run(['ff', '1000']);
    await s.until(
      () => s.vss.position?.file.file.path !== path && s.vss.position !== undefined,
      5000,
      'next file',
    );
    assert.ok(s.rec.breaks().includes('next'));
    assert.equal(s.vss.state, 'playing');
  });

  test('next plays another file; jmp 100 ends the file', async () => {
    const files = s.rec.files().length;
    await s.h.run(['next']);
    await s.until(() => s.rec.files().length === files + 1, 5000, 'next');
    await s.h.run(['jmp', '150']);
    await s.until(() => s.rec.files().length === files + 2, 5000, 'jmp to the end');
    assert.equal(s.rec.breaks().at(-1), 'eof');
  });

  test('nomore stops after the current file', async () => {
    await s.h.run(['nomore']);
    assert.equal(item(s.vss, 'status_flags'), 'PO__');
    const files = s.rec.files().length;
    await s.h.run(['jmp', '97']);
    await s.until(() => s.vss.state === 'stopped', 5000, 'stopped');
    assert.equal(s.rec.files().length, files, 'no new file');
    assert.equal(s.rec.breaks().at(-1), 'stop');
    assert.equal(item(s.vss, 'status_flags'), '__N_');
    assert.equal(item(s.vss, 'path'), '');
    await s.h.run(['nomore']);
    assert.equal(item(s.vss, 'status_flags'), '__N_', 'nomore does nothing while stopped');
  });

  test('stop closes the file; pause while stopped changes nothing', async () => {
    await s.h.run(['play']);
    await s.until(() => s.rec.chunks().length > 0 && s.vss.position !== undefined);
    await s.h.run(['stop']);
    await s.until(() => s.vss.position === undefined, 2000, 'closed');
    assert.equal(s.vss.state, 'stopped');
    assert.equal(s.rec.breaks().at(-1), 'stop');
    const count = s.rec.chunks().length;
    await s.h.run(['pause']);
    await s.sleep(100);
    assert.equal(s.vss.state, 'stopped');
    assert.equal(s.rec.chunks().length, count);
    assert.match(
      (await s.h.fail(['play', 'x'])).message,
      /^play: no non-option args allowed, 1 given$/,
    );
  });
});

describe('vss without admissible files', () => {
  test('play with an empty library ends stopped', async () => {
    const s = await streaming([], { virtual: true });
    try {
      await s.h.run(['play']);
      await s.until(() => s.rec.breaks().includes('stop'), 5000, 'stop');
      assert.equal(s.vss.state, 'stopped');
      assert.equal(s.rec.files().length, 0);
    } finally {
      await s.close();
    }
  });

  test('commands need a running vss', async () => {
    const s = await streaming([], { virtual: true });
    try {
      delete s.h.services.vss;
      assert.match((await s.h.fail(['play'])).message, /only a running para_server/);
    } finally {
      await s.close();
    }
  });
});
