// The stream engine's state machine on a virtual clock: exact due times, the announce time, the
// autoplay delay, gapless file changes, and a next file that comes later than the catch-up
// allowance. The files are synthetic (no audio is read) and no wall time passes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { synthetic } from '../../test/synthetic-rows.js';
import { VirtualClock } from '../../test/virtual-clock.js';
import type { AudioFileRecord } from '../afs/index.js';
import { StreamEngine } from './engine.js';
import type { EngineOptions } from './engine.js';
import type { FileSource, NextFile } from './file-source.js';
import { RecordingSender } from './test-util.js';

const CHUNK_US = 26_122;
const CHUNKS = 200;
const FILE_US = CHUNKS * CHUNK_US;

function nextFile(key: number): NextFile {
  const file: AudioFileRecord = {
    ...synthetic(key)[key - 1]!,
    id: key,
    chunksTotal: CHUNKS,
    chunkTimeUs: CHUNK_US,
    headerLen: 0,
  };
  const chunkTable = Uint32Array.from({ length: CHUNKS + 1 }, (_, k) => k * 4);
  const data = new Uint8Array(CHUNKS * 4);
  const opened = { file, previousLastPlayed: 0, score: 0, data, chunkTable };
  return { key, opened: { ...opened, extra: undefined, header: undefined } };
}

/** Hands out files 1, 2, 3, ...; with `held`, the next answer waits for release(). */
class StubSource implements FileSource {
  private key = 0;
  readonly startedKeys: number[] = [];
  held = false;
  private waiting: (() => void) | undefined;

  next(): Promise<NextFile | undefined> {
    const file = nextFile(++this.key);
    if (!this.held) return Promise.resolve(file);
    return new Promise((resolve) => (this.waiting = () => resolve(file)));
  }
  started(key: number): void {
    this.startedKeys.push(key);
  }
  release(): void {
    this.held = false;
    this.waiting?.();
  }
}

function engine(opts: Partial<EngineOptions> = {}) {
  const clock = new VirtualClock();
  const rec = new RecordingSender(clock);
  const source = new StubSource();
  const e = new StreamEngine({
    source,
    senders: () => [rec],
    announceTimeMs: 0,
    onChange: () => {},
    clock,
    ...opts,
  });
  return { clock, rec, source, e, t0: clock.nowUs() };
}

test('chunk n leaves at start + n * chunk_time, never early; the next file follows gaplessly', async () => {
  const { clock, rec, source, e, t0 } = engine();
  e.play();
  await clock.advance((2 * FILE_US) / 1000 + 100);
  assert.deepEqual(source.startedKeys, [1, 2, 3]);
  const chunks = rec.chunks();
  assert.equal(chunks.length, 2 * CHUNKS + 1 + Math.floor(100_000 / CHUNK_US));
  chunks.forEach(({ chunk, atUs }, n) => {
    assert.equal(chunk.dueUs, t0 + n * CHUNK_US, `chunk ${n} due on the stream's grid`);
    assert.ok(atUs >= chunk.dueUs && atUs - chunk.dueUs < 1000, `chunk ${n} left on time`);
  });
  assert.deepEqual(rec.breaks(), ['eof', 'eof']);
  assert.equal(e.timing.early, 0);
  e.close();
});

test('the announce time delays the first chunk after play; autoplay waits its delay', async () => {
  const announced = engine({ announceTimeMs: 300 });
  announced.e.play();
  await announced.clock.advance(1000);
  const first = announced.rec.chunks()[0]!;
  assert.equal(first.chunk.dueUs, announced.t0 + 300_000);
  assert.ok(first.atUs >= first.chunk.dueUs);
  announced.e.close();

  const auto = engine({ autoplay: true, autoplayDelayMs: 2000 });
  auto.e.start();
  await auto.clock.advance(1999);
  assert.equal(auto.rec.chunks().length, 0, 'nothing before the autoplay delay');
  await auto.clock.advance(100);
  assert.equal(auto.rec.chunks()[0]?.chunk.dueUs, auto.t0 + 2_000_000);
  auto.e.close();
});

test('a late next file: up to 3 s late it keeps the grid (no gap), later it starts 3 s behind', async () => {
  for (const lateMs of [1000, 5000]) {
    const { clock, rec, source, e, t0 } = engine();
    e.play();
    await clock.until(() => source.startedKeys.length === 1);
    // afs is busy: the file chosen ahead comes only `lateMs` after the first one ended
    source.held = true;
    await clock.advance(FILE_US / 1000 + lateMs);
    assert.equal(e.position, undefined, 'nothing to stream while afs is busy');
    source.release();
    await clock.until(() => rec.files().length === 2);
    const second = rec.chunks()[CHUNKS]!;
    const endOfFirst = t0 + FILE_US;
    const expected = lateMs <= 3000 ? endOfFirst : clock.nowUs() - 3_000_000;
    assert.equal(second.chunk.dueUs, expected, `${lateMs} ms late`);
    assert.equal(second.chunk.sent, 0);
    // the chunks already due leave at once, to catch up
    const burst = rec.chunks().filter((c) => c.atUs === clock.nowUs()).length;
    assert.equal(burst, Math.floor((clock.nowUs() - expected) / CHUNK_US) + 1);
    e.close();
  }
});
