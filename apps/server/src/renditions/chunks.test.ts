// The frames a rendition keeps: never a gap of padding plus the next delay beyond one frame,
// never more than the delay of audio lost.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { framesToKeep } from './chunks.js';

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
