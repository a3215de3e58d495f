// The LAME tag of a real ffmpeg (libmp3lame) file, and the frames a mount keeps: never a gap of
// padding plus the next delay beyond one frame, never more than the delay of audio lost.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, test } from 'node:test';
import { tempDir } from '../../../test/db.js';
import { parseMp3 } from '../../afs/index.js';
import { framesToKeep, lameGap } from './lame-tag.js';
import { makeTone } from './test-media.js';

const dir = tempDir('paraweb-lame-tag-');
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test("ffmpeg's MP3: the Info frame's LAME tag gives the delay and the padding", () => {
  const file = makeTone(dir, { name: 't.mp3', seconds: 2 });
  const data = new Uint8Array(fs.readFileSync(file));
  const info = parseMp3(data);
  const gap = lameGap(data, info.chunkTable[0]!);
  assert.ok(gap, 'a LAME tag');
  assert.equal(gap.delay, 576);
  // the frames hold delay + 2 s at 44.1 kHz + padding
  assert.equal(info.chunksTotal * 1152, gap.delay + 88200 + gap.padding);
  // no Info frame in front of a frame in the middle of the file
  assert.equal(lameGap(data, info.chunkTable[10]!), undefined);
});

test('the frames kept: padding plus the next delay at most one frame, at most the delay lost', () => {
  for (const [frame, delay] of [
    [1152, 576],
    [1024, 1024],
    [960, 312],
  ] as const) {
    for (let audio = 10_000; audio < 10_000 + 2 * frame; audio += 7) {
      const total = Math.ceil((delay + audio) / frame) + 1;
      const n = framesToKeep(total, { delay, padding: total * frame - delay - audio }, frame);
      const tail = n * frame - delay - audio;
      assert.ok(Math.max(0, tail) + delay <= frame, `frame ${frame}, ${audio}: gap`);
      assert.ok(-tail <= delay, `frame ${frame}, ${audio}: ${-tail} samples lost`);
    }
  }
});
