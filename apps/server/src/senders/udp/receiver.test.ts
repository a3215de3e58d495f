// The receiving library fed packet lists directly: in order, mid-stream joins, unrepairable loss,
// restarts without EOF, garbage. (Real sockets with loss: stream.test.ts.)
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixture } from '../../../test/fixtures.js';
import type { FecGroup } from './group.js';
import { DEFAULT_FEC, GroupAssembler, slicePacket } from './group.js';
import { FEC_EOF_PACKET } from './packet.js';
import { FecReceiver } from './receiver.js';
import type { FixtureStream } from './test-helpers.js';
import { concat, fixtureStream, randomBytes, seeded } from './test-helpers.js';

/** The groups the sender would make for chunks [from, to) of a fixture, pushed at their due times. */
function groupsOf(
  s: FixtureStream,
  from = 0,
  to = s.chunks.length,
  headerIntervalMs = 2000,
): FecGroup[] {
  const r = GroupAssembler.create({
    fec: DEFAULT_FEC,
    mps: 1472,
    header: s.file.header,
    chunkTimeMs: s.file.chunkTimeUs / 1000,
    headerIntervalMs,
  });
  assert.ok(r.ok);
  const a = r.assembler;
  const groups: FecGroup[] = [];
  const ms = s.file.chunkTimeUs / 1000;
  for (let i = from; i < to; i++) groups.push(...a.push(i, s.chunks[i]!, (i - from) * ms));
  groups.push(...a.flush((to - from) * ms));
  return groups;
}

function packets(groups: FecGroup[]): Uint8Array[] {
  return groups.flatMap((g) => Array.from({ length: g.n }, (_, i) => slicePacket(g, i)));
}

function collect(): { out: Uint8Array[]; eofs: number; warnings: string[]; receiver: FecReceiver } {
  const state = { out: [] as Uint8Array[], eofs: 0, warnings: [] as string[] };
  const receiver = new FecReceiver({
    onData: (b) => state.out.push(b),
    onEof: () => state.eofs++,
    onWarning: (w) => state.warnings.push(w),
  });
  return Object.assign(state, { receiver });
}

describe('FecReceiver', () => {
  test('mp3 in order: exactly the chunks, then EOF', async () => {
    const s = await fixtureStream(fixture('cbr128.mp3'));
    const c = collect();
    for (const p of packets(groupsOf(s))) c.receiver.push(p);
    c.receiver.push(FEC_EOF_PACKET);
    assert.equal(c.eofs, 1);
    assert.deepEqual(concat(c.out), concat(s.chunks));
    assert.equal(c.receiver.stats.groupsRecovered, 0);
  });

  test('only redundant slices where possible: data rebuilt from any k', async () => {
    const s = await fixtureStream(fixture('cbr128.mp3'));
    const c = collect();
    for (const g of groupsOf(s)) {
      // drop the first n-k data slices of every group
      for (let i = g.n - g.k; i < g.n; i++) c.receiver.push(slicePacket(g, i));
    }
    c.receiver.push(FEC_EOF_PACKET);
    assert.deepEqual(concat(c.out), concat(s.chunks));
    assert.equal(c.receiver.stats.groupsRecovered, c.receiver.stats.groupsOut);
  });

  test('ogg joined mid-stream: waits for a header group, then header + chunks from there', async () => {
    const s = await fixtureStream(fixture('vorbis.ogg'));
    assert.ok(s.file.header);
    const groups = groupsOf(s, 0, s.chunks.length, 500);
    const join = 10; // a group without the header
    assert.equal(groups[join]!.audioHeaderSize, 0);
    const first = groups.findIndex((g, i) => i >= join && g.audioHeaderSize > 0);
    assert.ok(first > join);
    const c = collect();
    for (const p of packets(groups.slice(join))) c.receiver.push(p);
    c.receiver.push(FEC_EOF_PACKET);
    const expected = concat([s.file.header, ...s.chunks.slice(groups[first]!.firstChunk)]);
    assert.deepEqual(concat(c.out), expected);
    assert.ok(c.receiver.stats.groupsSkipped >= first - join);
    // later header groups were not output again
    assert.ok(groups.slice(first + 1).some((g) => g.audioHeaderSize > 0));
  });

  test('ogg from the start: chunk 0 is the header; header slices of later groups are skipped', async () => {
    const s = await fixtureStream(fixture('vorbis.ogg'));
    const c = collect();
    for (const p of packets(groupsOf(s, 0, s.chunks.length, 300))) c.receiver.push(p);
    c.receiver.push(FEC_EOF_PACKET);
    assert.deepEqual(concat(c.out), concat(s.chunks));
  });

  test('a group with more than n-k slices lost is dropped; the rest goes on', async () => {
    const s = await fixtureStream(fixture('cbr128.mp3'));
    const groups = groupsOf(s);
    const c = collect();
    for (const g of groups) {
      for (let i = 0; i < g.n; i++)
        if (g.num !== 5 || i > g.n - g.k) c.receiver.push(slicePacket(g, i));
    }
    c.receiver.push(FEC_EOF_PACKET);
    const lost = groups[5]!;
    const expected = concat([
      ...s.chunks.slice(0, lost.firstChunk),
      ...s.chunks.slice(lost.firstChunk + lost.numChunks),
    ]);
    assert.deepEqual(concat(c.out), expected);
    assert.equal(c.receiver.stats.groupsLost, 1);
    assert.ok(c.warnings.includes('group 5 lost'));
  });

  test('a stream restarted without EOF (pause, ff) is picked up with its header', async () => {
    const s = await fixtureStream(fixture('vorbis.ogg'));
    const a = groupsOf(s, 0, 100);
    const b = groupsOf(s, 150, s.chunks.length); // group numbers restart at 0, header in group 0
    assert.equal(b[0]!.num, 0);
    assert.ok(b[0]!.audioHeaderSize > 0);
    const c = collect();
    for (const p of [...packets(a), ...packets(b), FEC_EOF_PACKET]) c.receiver.push(p);
    // the receiver had the header already: the repeated one is skipped
    assert.deepEqual(concat(c.out), concat([...s.chunks.slice(0, 100), ...s.chunks.slice(150)]));
    assert.equal(c.eofs, 1);
  });

  test('a restart that looks exactly like the old stream is found by its run of group-0 slices', async () => {
    const s = await fixtureStream(fixture('cbr128.mp3'));
    const again = groupsOf(s, 10, 100); // the same chunks again: same group fields
    const c = collect();
    for (const p of [...packets(groupsOf(s, 10, 100)), ...packets(again), FEC_EOF_PACKET])
      c.receiver.push(p);
    const part = s.chunks.slice(10, 100);
    assert.deepEqual(concat(c.out), concat([...part, ...part]));
  });

  test('garbage and inconsistent slices are counted and ignored, never thrown', async () => {
    const s = await fixtureStream(fixture('cbr128.mp3'));
    const groups = groupsOf(s);
    const rand = seeded(8);
    const c = collect();
    for (const g of groups) {
      for (let i = 0; i < g.n; i++) {
        c.receiver.push(randomBytes(rand, Math.floor(rand() * 100)));
        const liar = slicePacket(g, i);
        liar[14] = (liar[14]! + 1) & 0xff; // group bytes disagree with the first slice
        if (i > 0) c.receiver.push(liar);
        c.receiver.push(slicePacket(g, i));
      }
    }
    c.receiver.push(FEC_EOF_PACKET);
    assert.deepEqual(concat(c.out), concat(s.chunks));
    assert.ok(c.receiver.stats.badPackets > groups.length * 16);
  });

  test('duplicates and late packets are ignored', async () => {
    const s = await fixtureStream(fixture('cbr128.mp3'));
    const all = packets(groupsOf(s));
    const c = collect();
    all.forEach((p, i) => {
      c.receiver.push(p);
      c.receiver.push(p);
      if (i >= 100) c.receiver.push(all[i - 100]!);
    });
    c.receiver.push(FEC_EOF_PACKET);
    assert.deepEqual(concat(c.out), concat(s.chunks));
    assert.ok(c.receiver.stats.duplicates > 0);
    assert.ok(c.receiver.stats.lateOrOld > 0);
    assert.equal(
      c.receiver.stats.streams,
      1,
      'late packets of group 0 did not look like a restart',
    );
  });
});
