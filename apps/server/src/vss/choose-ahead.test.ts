// The next file is chosen a few seconds before the current one ends (so a busy afs cannot make it
// late), counted as played only when it starts, and chosen again when the choice went stale.
import assert from 'node:assert/strict';
import path from 'node:path';
import { afterEach, describe, test } from 'node:test';
import type { Streaming } from './test-util.js';
import { item, streaming } from './test-util.js';

const MP3S = ['cbr128.mp3', 'vbr.mp3', 'notags.mp3'];
const encode = (lines: string[]): Uint8Array => new TextEncoder().encode(lines.join('\n') + '\n');

describe('choosing the next file ahead', () => {
  let s: Streaming;
  afterEach(async () => {
    await s.close();
  });

  async function playlists(): Promise<{ a: string[]; b: string[] }> {
    const p = (f: string): string => path.join(s.lib, f);
    const a = [p('cbr128.mp3'), p('vbr.mp3')];
    const b = [p('notags.mp3')];
    await s.h.run(['addpl', 'a'], { data: encode(a) });
    await s.h.run(['addpl', 'b'], { data: encode(b) });
    return { a, b };
  }

  test('chosen before the end, counted only when it starts, streamed without a gap', async () => {
    s = await streaming(MP3S, { virtual: true });
    const { a } = await playlists();
    await s.h.run(['select', 'p/a']);
    await s.h.run(['play']);
    await s.until(() => s.vss.upcoming !== undefined, 8000, 'a file chosen ahead');
    assert.equal(item(s.vss, 'path'), a[0]);
    assert.equal(s.vss.upcoming!.file.path, a[1]);
    assert.equal(s.h.afs.files.getByPath(a[1]!)!.numPlayed, 0, 'not counted while waiting');
    await s.until(() => item(s.vss, 'path') === a[1], 8000, 'the second file');
    await s.until(() => s.h.afs.files.getByPath(a[1]!)!.numPlayed === 1, 5000, 'counted');
    await s.until(() => s.rec.chunks().length > 0 && s.rec.events.at(-1)!.kind === 'chunk');
    const files = s.rec.files().map((f) => f.path);
    assert.deepEqual(files.slice(0, 2), a);
    // the second file's first chunk is due one chunk time after the first file's last one
    const firstOfSecond = s.rec.events.findIndex((e, i) => i > 0 && e.kind === 'file');
    const before = s.rec.events
      .slice(0, firstOfSecond)
      .flatMap((e) => (e.kind === 'chunk' ? [e] : []));
    const after = s.rec.events.slice(firstOfSecond).find((e) => e.kind === 'chunk');
    assert.ok(after?.kind === 'chunk');
    const gapUs = after.chunk.dueUs - before.at(-1)!.chunk.dueUs;
    assert.ok(Math.abs(gapUs - s.rec.files()[0]!.chunkTimeUs) < 2, `gap ${gapUs} us`);
  });

  test('select while a file waits: the next one comes from the new mode', async () => {
    s = await streaming(MP3S, { virtual: true });
    const { b } = await playlists();
    await s.h.run(['select', 'p/a']);
    await s.h.run(['play']);
    await s.until(() => s.vss.upcoming !== undefined, 8000, 'a file chosen ahead');
    await s.h.run(['select', 'p/b']);
    await s.until(() => s.rec.files().length === 2, 8000, 'the next file');
    assert.equal(s.rec.files()[1]!.path, b[0]);
  });

  test('rm of the file that waits: it is not streamed', async () => {
    s = await streaming(MP3S, { virtual: true });
    await s.h.run(['play']);
    await s.until(() => s.vss.upcoming !== undefined, 8000, 'a file chosen ahead');
    const gone = s.vss.upcoming!.file.path;
    await s.h.run(['rm', gone]);
    await s.until(() => s.rec.files().length === 2, 8000, 'the next file');
    assert.notEqual(s.rec.files()[1]!.path, gone);
    assert.equal(s.vss.state, 'playing');
  });

  test('next takes the file chosen ahead at once; stop forgets it', async () => {
    s = await streaming(MP3S, { virtual: true });
    await s.h.run(['play']);
    await s.until(() => s.vss.upcoming !== undefined, 8000, 'a file chosen ahead');
    const waiting = s.vss.upcoming!.file.path;
    await s.h.run(['next']);
    await s.until(() => s.rec.files().length === 2, 2000, 'the next file');
    assert.equal(s.rec.files()[1]!.path, waiting);
    await s.until(() => s.vss.upcoming !== undefined, 8000, 'another file chosen ahead');
    await s.h.run(['stop']);
    assert.equal(s.vss.upcoming, undefined);
  });
});
