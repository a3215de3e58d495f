// Chunk timing: each chunk is due at stream_start + n * chunk_time (computed from the start, so
// it cannot drift), never leaves early, leaves late by little, and the next file follows the
// last chunk of the previous one without a gap; the announce time delays a fresh start.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nowUs } from './clock.js';
import { sleep, streaming, until } from './test-util.js';

describe('chunk timing', () => {
  test('due times from the start, never early, little late, gapless into the next file', async () => {
    const s = await streaming(['cbr128.mp3', 'vbr.mp3', 'notags.mp3']);
    try {
      await s.h.run(['play']);
      await until(() => s.rec.chunks().length > 60, 10_000, 'chunks');
      // run into the end of the file to see the change to the next one
      await s.h.run(['jmp', '90']);
      await until(() => s.rec.files().length >= 2, 10_000, 'second file');
      await until(() => s.rec.chunks().filter((c) => c.chunk.index > 0).length > 120, 10_000);
      s.vss.pause();
      const ev = s.rec.events;
      let maxLate = 0;
      let run: { startUs: number; chunkUs: number } | undefined;
      let chunkUs = 0;
      let lastDue = 0;
      let gapless = 0;
      for (const e of ev) {
        if (e.kind === 'file') {
          chunkUs = e.file.chunkTimeUs;
          if (run) {
            // the file after an end of file: its first chunk is due where the last one's audio ends
            const first = ev.find((x) => x.kind === 'chunk' && x.atUs >= e.atUs);
            assert.ok(first && first.kind === 'chunk');
            assert.ok(Math.abs(first.chunk.dueUs - (lastDue + run.chunkUs)) < 1, 'no gap');
            gapless++;
          }
          run = undefined;
        } else if (e.kind === 'break') {
          if (e.reason !== 'eof') run = undefined;
        } else {
          const c = e.chunk;
          if (c.sent === 0) run = { startUs: c.dueUs, chunkUs };
          assert.ok(run, 'a run starts with sent = 0');
          const due = run.startUs + c.sent * run.chunkUs;
          assert.ok(Math.abs(c.dueUs - due) < 1, `chunk ${c.index} due at start + n * chunk_time`);
          assert.ok(e.atUs >= c.dueUs, `chunk ${c.index} left ${c.dueUs - e.atUs} us early`);
          maxLate = Math.max(maxLate, e.atUs - c.dueUs);
          lastDue = c.dueUs;
        }
      }
      assert.equal(gapless, 1);
      assert.equal(s.vss.timing.early, 0);
      console.log(
        `chunk lateness: max ${(maxLate / 1000).toFixed(2)} ms over ${s.rec.chunks().length} chunks; ` +
          `mean ${(s.vss.timing.sumLateUs / s.vss.timing.chunks / 1000).toFixed(2)} ms`,
      );
      // generous: this machine may be busy with other tests
      assert.ok(maxLate < 100_000, `max lateness ${maxLate} us`);
    } finally {
      await s.close();
    }
  });

  test('the stream keeps real time: chunk n leaves n * chunk_time after chunk 0', async () => {
    const s = await streaming(['cbr128.mp3']);
    try {
      await s.h.run(['play']);
      await until(() => s.rec.chunks().length > 0);
      await sleep(2000);
      const chunks = s.rec.chunks();
      const first = chunks[0]!;
      const last = chunks.at(-1)!;
      const elapsed = last.atUs - first.atUs;
      const played = (last.chunk.index - first.chunk.index) * s.rec.files()[0]!.chunkTimeUs;
      assert.ok(Math.abs(elapsed - played) < 60_000, `${elapsed} us for ${played} us of audio`);
    } finally {
      await s.close();
    }
  });

  test('the announce time delays the first chunk after play', async () => {
    const s = await streaming(['cbr128.mp3'], { announceTimeMs: 300 });
    try {
      const t0 = nowUs();
      await s.h.run(['play']);
      await until(() => s.rec.chunks().length > 0);
      const opened = s.rec.events.find((e) => e.kind === 'file')!.atUs;
      const first = s.rec.chunks()[0]!;
      assert.ok(first.chunk.dueUs - opened >= 299_000, 'due 300 ms after the file was announced');
      assert.ok(first.atUs >= first.chunk.dueUs);
      assert.ok(first.atUs - t0 >= 300_000);
    } finally {
      await s.close();
    }
  });
});
