// The stream through a time when no file can be read (the library's disk away): the stream stays
// on, no file leaves the selection, and the next file streams as soon as the disk is back.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import type { Streaming } from './test-util.js';
import { item, sleep, streaming, until } from './test-util.js';

let s: Streaming;
before(async () => {
  s = await streaming(['cbr128.mp3', 'vorbis.ogg', 'flac.flac']);
});
after(async () => {
  if (fs.existsSync(`${s.lib}.away`)) fs.renameSync(`${s.lib}.away`, s.lib);
  await s.close();
});

test('files unreadable for a while: the stream waits, then goes on by itself', async () => {
  s.vss.play();
  await until(() => s.rec.files().length === 1, 10_000, 'the first file');
  fs.renameSync(s.lib, `${s.lib}.away`);
  s.vss.next();
  await sleep(1500);
  assert.equal(s.rec.files().length, 1, 'nothing could be read');
  assert.match(item(s.vss, 'status_flags')!, /^P/, 'the stream is still wanted');
  assert.equal(s.h.afs.selector.table.size, 3, 'every file is still admissible');
  fs.renameSync(`${s.lib}.away`, s.lib);
  await until(() => s.rec.files().length === 2, 15_000, 'a file after the disk came back');
  assert.equal(item(s.vss, 'status'), 'playing');
});
