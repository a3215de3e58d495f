// Groups and slices: how chunks are bundled, where the header goes, the slice size and send times.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AssemblerOptions, FecGroup } from './group.js';
import {
  DEFAULT_FEC,
  effectiveMps,
  fitSliceBytes,
  GroupAssembler,
  planStream,
  slicePacket,
  sliceTime,
} from './group.js';
import { decodePacket, headerSlices } from './packet.js';
import { concat, randomBytes, seeded } from './test-helpers.js';

const MP3_CHUNK_MS = 26.122448979591837; // 1152 samples at 44.1 kHz

function assembler(opts: Partial<AssemblerOptions> = {}): GroupAssembler {
  const r = GroupAssembler.create({
    fec: DEFAULT_FEC,
    mps: 1472,
    header: undefined,
    chunkTimeMs: MP3_CHUNK_MS,
    headerIntervalMs: 2000,
    ...opts,
  });
  assert.ok(r.ok);
  return r.assembler;
}

/** Pushes chunks first..first+count-1 at their due times; returns every group. */
function run(
  a: GroupAssembler,
  chunks: Uint8Array[],
  first = 0,
  t0 = 1000,
  chunkMs = MP3_CHUNK_MS,
): FecGroup[] {
  const groups: FecGroup[] = [];
  chunks.forEach((c, i) => groups.push(...a.push(first + i, c, t0 + i * chunkMs)));
  groups.push(...a.flush(t0 + chunks.length * chunkMs));
  return groups;
}

/** the bytes a group carries: header part, then chunk part */
function groupContent(g: FecGroup): { header: Uint8Array; data: Uint8Array } {
  const whole = concat(g.data);
  const start = headerSlices(g.audioHeaderSize, g.sliceBytes) * g.sliceBytes;
  return {
    header: whole.subarray(0, g.audioHeaderSize),
    data: whole.subarray(start, start + g.groupBytes - g.audioHeaderSize),
  };
}

describe('planStream', () => {
  test('defaults need no extra slices; big chunks add them to k and n alike', () => {
    assert.deepEqual(planStream(DEFAULT_FEC, 1472, 0, 418), {
      ok: true,
      plan: { k: 14, n: 16, extraSlices: 0, maxPayload: 1440 },
    });
    const r = planStream(DEFAULT_FEC, 1472, 4000, 20_000); // 3 header + 14 data slices
    assert.ok(r.ok);
    assert.deepEqual(r.plan, { k: 17, n: 19, extraSlices: 3, maxPayload: 1440 });
    assert.equal(effectiveMps(0), 1472);
    assert.equal(effectiveMps(0, true), 1452);
    assert.equal(effectiveMps(600), 600);
  });

  test('refuses chunks that do not fit into 255 slices, and slices no larger than the header', () => {
    const r = planStream(
      { maxSliceBytes: 100, dataSlices: 4, slicesPerGroup: 8 },
      100,
      0,
      252 * 68 + 1,
    );
    assert.ok(!r.ok);
    assert.match(r.error, /too large/);
    assert.ok(
      planStream({ maxSliceBytes: 100, dataSlices: 4, slicesPerGroup: 8 }, 100, 0, 251 * 68).ok,
    );
    assert.ok(!planStream(DEFAULT_FEC, 32, 0, 10).ok);
  });
});

test('fitSliceBytes picks the smallest slice size that holds header and data in k slices', () => {
  const rand = seeded(11);
  for (let i = 0; i < 2000; i++) {
    const k = 1 + Math.floor(rand() * 30);
    const maxPayload = 40 + Math.floor(rand() * 1400);
    const hs = rand() < 0.5 ? 0 : Math.floor(rand() * maxPayload * Math.min(3, k - 1));
    const room = (k - headerSlices(hs, maxPayload)) * maxPayload;
    const data = Math.floor(rand() * room);
    const sb = fitSliceBytes(hs, data, k, maxPayload);
    const fits = (s: number): boolean => headerSlices(hs, s) + Math.ceil(data / s) <= k;
    assert.ok(sb >= 1 && sb <= maxPayload && fits(sb), `k=${k} hs=${hs} data=${data} sb=${sb}`);
    if (sb > 1 && sb < maxPayload)
      assert.ok(!fits(sb - 1), `not minimal: k=${k} hs=${hs} data=${data} sb=${sb}`);
  }
});

describe('GroupAssembler', () => {
  test('mp3: chunk 0 alone, then about 150 ms of chunks per group, every chunk once in order', () => {
    const rand = seeded(1);
    const chunks = Array.from({ length: 40 }, () =>
      randomBytes(rand, 417 + Math.floor(rand() * 2)),
    );
    const groups = run(assembler(), chunks);
    assert.equal(groups[0]!.numChunks, 1);
    assert.equal(groups[0]!.bos, true);
    assert.deepEqual(
      groups.slice(1, -1).map((g) => g.numChunks),
      Array<number>(groups.length - 2).fill(5), // floor(150 / 26.1)
    );
    groups.forEach((g, i) => {
      assert.equal(g.num, i);
      assert.equal(g.bos, i === 0);
      assert.equal(g.headerStream, false);
      assert.equal(g.audioHeaderSize, 0);
      assert.equal(g.k, 14);
      assert.equal(g.n, 16);
      assert.equal(g.sliceBytes, Math.ceil(g.groupBytes / 14), 'smallest slices for the group');
      assert.equal(g.durationMs, g.numChunks * MP3_CHUNK_MS);
    });
    assert.deepEqual(concat(groups.map((g) => groupContent(g).data)), concat(chunks));
  });

  test('send times: slices evenly over the play time, each group after the previous one', () => {
    const rand = seeded(2);
    const chunks = Array.from({ length: 30 }, () => randomBytes(rand, 418));
    const groups = run(assembler(), chunks, 0, 1000);
    assert.equal(groups[0]!.startMs, 1000);
    for (let i = 1; i < groups.length; i++) {
      const prev = groups[i - 1]!;
      const g = groups[i]!;
      assert.ok(g.startMs >= prev.startMs + prev.durationMs - 1e-9, `group ${i} overlaps`);
      // sent when complete: at most one group's play time behind its last chunk's due time
      const lastDue = 1000 + (g.firstChunk + g.numChunks - 1) * MP3_CHUNK_MS;
      assert.ok(g.startMs <= lastDue + g.durationMs + MP3_CHUNK_MS, `group ${i} late`);
      for (let s = 1; s < g.n; s++) {
        assert.ok(Math.abs(sliceTime(g, s) - sliceTime(g, s - 1) - g.durationMs / g.n) < 1e-9);
      }
      assert.ok(sliceTime(g, g.n - 1) < g.startMs + g.durationMs);
    }
    // the stream keeps the audio rate: all slices are out within the play time plus one group
    const last = groups.at(-1)!;
    const playEnd = 1000 + 30 * MP3_CHUNK_MS;
    assert.ok(last.startMs + last.durationMs <= playEnd + 6 * MP3_CHUNK_MS);
  });

  test('a late push starts the group at once; chunks pushed in a burst are paced', () => {
    const a = assembler();
    const chunk = new Uint8Array(400);
    const burst: FecGroup[] = [];
    for (let i = 0; i < 21; i++) burst.push(...a.push(i, chunk, 5000));
    const expected = [0, 1, 6, 11, 16].map((c) => 5000 + c * MP3_CHUNK_MS);
    assert.equal(burst.length, expected.length);
    burst.forEach((g, i) =>
      assert.ok(Math.abs(g.startMs - expected[i]!) < 1e-6, `group ${i} at ${g.startMs}`),
    );
  });

  test('sendAfterMs: a file that follows without a gap starts after the queued slices', () => {
    const a = assembler({ sendAfterMs: 9000 });
    const [g0] = a.push(0, new Uint8Array(400), 5000);
    assert.equal(g0?.startMs, 9000);
    const [g1] = assembler({ sendAfterMs: 1000 }).push(0, new Uint8Array(400), 5000);
    assert.equal(g1?.startMs, 5000, 'never earlier than now');
  });

  test('ogg: the header in group 0 when starting mid-file, then again every header interval', () => {
    const rand = seeded(3);
    const header = randomBytes(rand, 3000);
    const chunkMs = 80;
    const chunks = Array.from({ length: 100 }, () =>
      randomBytes(rand, 300 + Math.floor(rand() * 900)),
    );
    const a = assembler({ header, chunkTimeMs: chunkMs, headerIntervalMs: 1000 });
    const groups = run(a, chunks, 7, 0, chunkMs);
    assert.equal(
      groups[0]!.audioHeaderSize,
      3000,
      'picked up mid-file: group 0 carries the header',
    );
    assert.equal(groups[0]!.bos, false);
    const withHeader = groups.filter((g) => g.audioHeaderSize > 0);
    for (let i = 1; i < withHeader.length; i++) {
      const gap = withHeader[i]!.startMs - withHeader[i - 1]!.startMs;
      assert.ok(gap >= 1000 - chunkMs && gap <= 1000 + 2 * 150, `header gap ${gap}`);
    }
    assert.ok(withHeader.length >= 6, `${withHeader.length} header groups in 8 s`);
    for (const g of groups) {
      assert.equal(g.headerStream, true);
      const { header: h, data } = groupContent(g);
      if (g.audioHeaderSize > 0) assert.deepEqual(h, header);
      assert.deepEqual(
        data,
        concat(chunks.slice(g.firstChunk - 7, g.firstChunk - 7 + g.numChunks)),
      );
    }
  });

  test('ogg from chunk 0: chunk 0 (the header) is group 0 on its own, without header slices', () => {
    const header = new Uint8Array(3000).fill(7);
    const a = assembler({ header, chunkTimeMs: 80 });
    const groups = run(a, [header, new Uint8Array(500), new Uint8Array(500)], 0, 0, 80);
    assert.equal(groups[0]!.numChunks, 1);
    assert.equal(groups[0]!.bos, true);
    assert.equal(groups[0]!.audioHeaderSize, 0);
    assert.equal(groups[1]!.audioHeaderSize, 0, 'the next header is due one interval later');
  });

  test('a chunk too big for k slices adds extra slices; one too big for 255 is refused', () => {
    const a = assembler({ fec: { maxSliceBytes: 0, dataSlices: 4, slicesPerGroup: 6 }, mps: 132 });
    const before = a.push(0, new Uint8Array(50), 0);
    assert.equal(before.length, 1);
    const [big] = [...a.push(1, new Uint8Array(1000), 10), ...a.flush(20)]; // 10 slices of 100
    assert.ok(big);
    assert.equal(big.k, 10);
    assert.equal(big.n, 12);
    assert.equal(a.plan.extraSlices, 6);
    assert.throws(() => a.push(2, new Uint8Array(100 * 254), 30), /too large/);
    const after = [...a.push(2, new Uint8Array(10), 40), ...a.flush(50)];
    assert.equal(after[0]?.num, 2, 'nothing lost or renumbered by the refused chunk');
  });

  test('slice packets decode to the group fields', () => {
    const rand = seeded(4);
    const header = randomBytes(rand, 2000);
    const a = assembler({ header, chunkTimeMs: 100 });
    const [g] = [...a.push(5, randomBytes(rand, 5000), 0), ...a.flush(100)];
    assert.ok(g);
    for (let i = 0; i < g.n; i++) {
      const p = decodePacket(slicePacket(g, i));
      assert.ok(p.kind === 'slice');
      assert.equal(p.header.sliceNum, i);
      assert.equal(p.header.groupBytes, 7000);
      assert.equal(p.header.audioHeaderSize, 2000);
      if (i < g.k) assert.deepEqual(p.payload, g.data[i]);
    }
  });
});
