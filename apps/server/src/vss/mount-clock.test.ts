// The live mounts on the stream engine's virtual clock: each mount's chunks by its own chunk
// table from the same file start as `/`, its audio fitted to the file's length on `/` (no drift
// over many files), the mount's chunk for the offset after a jmp, silence for a skipped file,
// continuous media time, and the breaks (stop, next) the sinks are told of.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { synthetic } from '../../test/synthetic-rows.js';
import { VirtualClock } from '../../test/virtual-clock.js';
import type { AudioFileRecord } from '../afs/index.js';
import type {
  MountAudio,
  MountChunk,
  MountCodec,
  MountFeed,
  MountProfile,
  MountSink,
} from '../senders/mounts/types.js';
import type { StreamBreak, StreamFile } from '../senders/types.js';
import { StreamEngine } from './engine.js';
import type { FileSource, NextFile } from './file-source.js';
import { RecordingSender } from './test-util.js';

const CHUNK_US = 26_122;
const CHUNKS = 200;
const FILE_US = CHUNKS * CHUNK_US;
const MOUNT_US = 20_000;
/** the rendition is 3 packets longer than the file */
const MOUNT_CHUNKS = Math.ceil(FILE_US / MOUNT_US) + 3;
const OPUS: MountProfile = { codec: 'opus', bitrate: 128, frequency: 48000, channels: 2 };

function audio(): MountAudio {
  // packet k: a CELT 20 ms TOC byte, then k's low byte, so tests can tell the packets apart
  const data = new Uint8Array(MOUNT_CHUNKS * 2);
  for (let k = 0; k < MOUNT_CHUNKS; k++) data.set([0xfc, k & 0xff], 2 * k);
  return {
    codec: 'opus',
    data,
    chunkTable: Uint32Array.from({ length: MOUNT_CHUNKS + 1 }, (_, k) => 2 * k),
    chunksTotal: MOUNT_CHUNKS,
    chunkTimeUs: MOUNT_US,
    frequency: 48000,
    channels: 2,
    bitrate: 128,
    framing: 'opus-packets',
    preSkip: 312,
    rendered: true,
  };
}

function nextFile(key: number, mounts: MountFeed): NextFile {
  const file: AudioFileRecord = {
    ...synthetic(key)[key - 1]!,
    id: key,
    chunksTotal: CHUNKS,
    chunkTimeUs: CHUNK_US,
    headerLen: 0,
  };
  const chunkTable = Uint32Array.from({ length: CHUNKS + 1 }, (_, k) => k * 4);
  const opened = {
    file,
    previousLastPlayed: 0,
    score: 0,
    data: new Uint8Array(CHUNKS * 4),
    chunkTable,
  };
  return { key, opened: { ...opened, extra: undefined, header: undefined }, mounts };
}

/** Files 1, 2, 3, ...: the ones in `skipped` are skipped on the opus mount. */
class Source implements FileSource {
  private key = 0;
  constructor(private readonly skipped: Set<number> = new Set()) {}
  next(): Promise<NextFile | undefined> {
    const key = ++this.key;
    const feed: MountFeed = { opus: this.skipped.has(key) ? { skipped: 'not ready' } : audio() };
    return Promise.resolve(nextFile(key, feed));
  }
  started(): void {}
}

type Event =
  | { kind: 'file'; path: string; audio: boolean; skipped?: string; atUs: number }
  | { kind: 'chunk'; chunk: MountChunk; atUs: number }
  | { kind: 'break'; reason: StreamBreak; atUs: number };

class RecordingSink implements MountSink {
  readonly name = 'rec-mounts';
  events: Event[] = [];
  constructor(private readonly clock: VirtualClock) {}
  mountFileStart(
    _c: MountCodec,
    file: StreamFile,
    a: MountAudio | undefined,
    skipped?: string,
  ): void {
    this.events.push({
      kind: 'file',
      path: file.path,
      audio: !!a,
      skipped,
      atUs: this.clock.nowUs(),
    });
  }
  mountChunk(_c: MountCodec, chunk: MountChunk): void {
    this.events.push({ kind: 'chunk', chunk, atUs: this.clock.nowUs() });
  }
  mountBreak(_c: MountCodec, reason: StreamBreak): void {
    this.events.push({ kind: 'break', reason, atUs: this.clock.nowUs() });
  }
  chunks(): { chunk: MountChunk; atUs: number }[] {
    return this.events.flatMap((e) => (e.kind === 'chunk' ? [e] : []));
  }
}

function engine(skipped?: Set<number>) {
  const clock = new VirtualClock();
  const rec = new RecordingSender(clock);
  const sink = new RecordingSink(clock);
  const e = new StreamEngine({
    source: new Source(skipped),
    senders: () => [rec],
    mounts: { profiles: [OPUS], sinks: () => [sink] },
    announceTimeMs: 0,
    onChange: () => {},
    clock,
  });
  return { clock, rec, sink, e, t0: clock.nowUs() };
}

test('a mount sends its chunks by its own table from the file start, its audio fitted to the file on /', async () => {
  const { clock, rec, sink, e, t0 } = engine();
  e.play();
  await clock.advance(FILE_US / 1000 + 50);
  const files = sink.events.filter((x) => x.kind === 'file');
  assert.equal(files.length, 2);
  assert.deepEqual(
    files.map((f) => f.atUs),
    rec.events.filter((x) => x.kind === 'file').map((f) => f.atUs),
    'titles change on the mount at the moment they change on /',
  );
  // the rendition is 3.78 packets longer than the file: its last 3 are left out, so that it ends
  // less than a packet after the file on /
  const kept = MOUNT_CHUNKS - 3;
  const chunks = sink.chunks();
  const first = chunks.slice(0, kept);
  first.forEach(({ chunk, atUs }, k) => {
    assert.equal(chunk.data[1], k & 0xff, `packet ${k} in order`);
    assert.equal(chunk.ptsUs, k * MOUNT_US, 'media time runs on');
    assert.equal(chunk.durationUs, MOUNT_US);
    assert.equal(chunk.silence, false);
    assert.equal(chunk.dueUs, t0 + k * MOUNT_US, `packet ${k} due on the mount's grid`);
    assert.ok(atUs >= Math.min(chunk.dueUs, t0 + FILE_US - CHUNK_US), `packet ${k} never early`);
  });
  // what is left when / has sent its last chunk goes out at that moment, before file 2 starts
  const lastOnSlash = rec.chunks()[CHUNKS - 1]!.atUs;
  const leftover = first.filter((c) => c.atUs === lastOnSlash);
  assert.ok(leftover.length >= 1, `${leftover.length} packets at the end of file 1`);
  const second = chunks[kept]!;
  assert.equal(second.chunk.data[1], 0, 'file 2 starts with its first packet');
  assert.equal(second.chunk.ptsUs, kept * MOUNT_US, 'media time continuous across files');
  assert.equal(second.chunk.dueUs, t0 + kept * MOUNT_US, 'file 2 goes on where file 1 ended');
  assert.ok(second.chunk.dueUs - (t0 + FILE_US) < MOUNT_US, 'less than a packet after /');
  // the mounts' lateness is counted like /'s: every chunk sent on time, none of the leftover
  const t = e.mountTiming!;
  assert.equal(t.chunks, chunks.length - leftover.length);
  assert.equal(t.early, 0);
  assert.equal(t.histogram[0], t.chunks, 'on the virtual clock nothing is late');
  e.resetTiming();
  assert.equal(e.mountTiming!.chunks, 0);
  e.close();
});

/** Files whose audio on the opus mount is `packets(key)` packets long (0: skipped). */
class VaryingSource implements FileSource {
  private key = 0;
  constructor(private readonly packets: (key: number) => number) {}
  next(): Promise<NextFile | undefined> {
    const key = ++this.key;
    const n = this.packets(key);
    const a = audio();
    const feed: MountFeed = {
      opus: n === 0 ? { skipped: 'not ready' } : { ...a, chunksTotal: Math.min(n, MOUNT_CHUNKS) },
    };
    return Promise.resolve(nextFile(key, feed));
  }
  started(): void {}
}

test('over many files a mount never drifts from /: its audio ends each file up to a packet after /', async () => {
  const clock = new VirtualClock();
  const sink = new RecordingSink(clock);
  const fits = Math.floor(FILE_US / MOUNT_US);
  // short by 1.4 packets, long by 3.8, skipped (silence), short by 12, exactly as long
  const lengths = [fits - 1, MOUNT_CHUNKS, 0, fits - 11, fits];
  const e = new StreamEngine({
    source: new VaryingSource((key) => lengths[key % lengths.length]!),
    senders: () => [],
    mounts: { profiles: [OPUS], sinks: () => [sink] },
    announceTimeMs: 0,
    onChange: () => {},
    clock,
  });
  const t0 = clock.nowUs();
  e.play();
  const FILES = 25;
  for (let i = 0; i < FILES; i++) await clock.advance(FILE_US / 1000);
  await clock.advance(50);
  const chunks = sink.chunks();
  // the mount's media is one unbroken timeline on the clock: no hole for a listener's buffer
  for (const { chunk } of chunks)
    assert.equal(chunk.dueUs, t0 + chunk.ptsUs, 'due at its media time');
  // where each file starts on the mount, against / (every file starts at t0 + i * FILE_US there)
  const starts = sink.events.flatMap((x, i) => {
    const c = sink.events.slice(i + 1).find((y) => y.kind === 'chunk');
    return x.kind === 'file' && c?.kind === 'chunk' ? [c.chunk] : [];
  });
  assert.ok(starts.length >= FILES, `${starts.length} files`);
  starts.forEach((c, i) => {
    const ahead = c.ptsUs - i * FILE_US;
    assert.ok(ahead >= 0 && ahead < MOUNT_US, `file ${i + 1} starts ${ahead} µs after /`);
  });
  const silent = chunks.filter((c) => c.chunk.silence).length;
  assert.ok(silent > 0, 'silence fills the skipped file and the short ones');
  e.close();
});

test('after jmp the mount restarts at its chunk for the same offset; stop is told, next is not a stop', async () => {
  const { clock, sink, e } = engine();
  e.play();
  await clock.advance(1000);
  e.jmp(50);
  await clock.advance(100);
  const repos = sink.events.findIndex((x) => x.kind === 'break' && x.reason === 'repos');
  assert.ok(repos > 0);
  const after = sink.events.slice(repos).find((x) => x.kind === 'chunk');
  assert.ok(after && after.kind === 'chunk');
  const offsetUs = e.position!.file.opened.file.chunkTimeUs * (CHUNKS / 2);
  assert.equal(after.chunk.data[1], Math.floor(offsetUs / MOUNT_US) & 0xff);
  assert.equal(after.chunk.dueUs, after.atUs, 'due at the new run start');
  e.next();
  await clock.advance(100);
  e.stop();
  await clock.advance(100);
  const breaks = sink.events.flatMap((x) => (x.kind === 'break' ? [x.reason] : []));
  assert.deepEqual(breaks, ['repos', 'next', 'stop']);
  e.close();
});

test('a file skipped on a mount is silence there for its length; the next file plays', async () => {
  const { clock, sink, e, t0 } = engine(new Set([1]));
  e.play();
  await clock.advance(FILE_US / 1000 + 50);
  const files = sink.events.flatMap((x) => (x.kind === 'file' ? [x] : []));
  assert.equal(files[0]!.audio, false);
  assert.equal(files[0]!.skipped, 'not ready');
  assert.equal(files[1]!.audio, true);
  const silent = sink.chunks().filter((c) => c.chunk.silence);
  assert.equal(silent.length, Math.ceil(FILE_US / MOUNT_US), 'silence for the whole file');
  assert.deepEqual([...silent[0]!.chunk.data], [0xf8, 0xff, 0xfe], 'an Opus silence packet');
  const next = sink.chunks().find((c) => !c.chunk.silence)!;
  assert.equal(next.chunk.ptsUs, silent.length * MOUNT_US);
  assert.equal(next.chunk.dueUs, t0 + next.chunk.ptsUs, 'where the silence ended');
  assert.ok(next.chunk.dueUs - (t0 + FILE_US) < MOUNT_US, 'less than a packet after /');
  e.close();
});

test('after a pause the mount goes on with its own next chunk, due when play resumes', async () => {
  const { clock, sink, e } = engine();
  e.play();
  await clock.advance(1000);
  e.pause();
  await clock.advance(5000);
  const before = sink.chunks().length;
  e.play();
  await clock.advance(200);
  const chunks = sink.chunks();
  const resumed = chunks[before]!;
  assert.equal(resumed.chunk.data[1], before & 0xff, 'no packet repeated or lost');
  assert.equal(resumed.chunk.ptsUs, before * MOUNT_US, 'media time goes on');
  assert.equal(resumed.chunk.dueUs, resumed.atUs, 'due when play resumes');
  assert.ok(
    sink.events.some((x) => x.kind === 'break' && x.reason === 'pause'),
    'the sinks were told of the pause',
  );
  e.close();
});

/** Files whose mounts' audio is asked ahead with time to spare wait for it until hurried. */
class SlowRenditions implements FileSource {
  private key = 0;
  hurried = 0;
  private pending: (() => void)[] = [];
  next(neededInMs = 0): Promise<NextFile | undefined> {
    const key = ++this.key;
    const ready = (): NextFile => nextFile(key, { opus: { skipped: 'not ready (hurried)' } });
    if (neededInMs === 0) return Promise.resolve(nextFile(key, { opus: audio() }));
    return new Promise((resolve) => this.pending.push(() => resolve(ready())));
  }
  started(): void {}
  hurry(): void {
    this.hurried++;
    for (const p of this.pending.splice(0)) p();
  }
}

test('next while the file ahead waits for its rendition: / does not wait, the mounts skip it', async () => {
  const clock = new VirtualClock();
  const rec = new RecordingSender(clock);
  const sink = new RecordingSink(clock);
  const source = new SlowRenditions();
  const e = new StreamEngine({
    source,
    senders: () => [rec],
    mounts: { profiles: [OPUS], sinks: () => [sink] },
    announceTimeMs: 0,
    onChange: () => {},
    clock,
  });
  e.play();
  for (let t = 0; t < FILE_US / 1000 - 200 && !e.choosing; t += 50) await clock.advance(50);
  assert.equal(e.choosing, true, 'the file ahead is being asked for (its rendition waited for)');
  e.next();
  await clock.advance(50);
  assert.equal(source.hurried > 0, true, 'the source was told the file is needed now');
  const files = rec.events.filter((x) => x.kind === 'file');
  assert.equal(files.length, 2, 'the second file streams on / at once');
  const mountFiles = sink.events.filter((x) => x.kind === 'file');
  assert.equal(
    mountFiles.at(-1)?.kind === 'file' && mountFiles.at(-1)?.skipped,
    'not ready (hurried)',
  );
  e.close();
});
