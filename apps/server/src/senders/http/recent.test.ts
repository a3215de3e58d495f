// The ring of recent chunks: how far back a burst reaches, and the header in front of it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StreamFile } from '../types.js';
import { RecentChunks } from './recent.js';

function file(seq: number, header?: number[]): StreamFile {
  return {
    seq,
    format: header ? 'ogg' : 'mp3',
    path: `/f${seq}`,
    title: `f${seq}`,
    header: header && Uint8Array.from(header),
    chunkTimeUs: 100_000,
    chunksTotal: 100,
    extra: undefined,
    bitrate: 128,
    frequency: 44100,
    channels: 2,
  };
}
const bytes = (n: number, v: number) => new Uint8Array(n).fill(v);

test('a burst covers the minimum time and bytes, within the maximum, from the newest back', () => {
  const r = new RecentChunks(10_000_000);
  const f = file(1);
  for (let i = 0; i < 50; i++) r.push(bytes(1000, i), 100_000, f, false);
  const lens = (b: Uint8Array[]) => b.reduce((a, x) => a + x.length, 0);
  assert.equal(lens(r.burst({ minUs: 2_000_000, minBytes: 0, maxBytes: 1e9 }).pieces), 20_000);
  assert.equal(lens(r.burst({ minUs: 0, minBytes: 30_500, maxBytes: 1e9 }).pieces), 31_000);
  assert.equal(lens(r.burst({ minUs: 9e9, minBytes: 0, maxBytes: 12_345 }).pieces), 12_000);
  assert.equal(r.burst({ minUs: 1, minBytes: 1, maxBytes: 1e9 }).pieces[0]![0], 49, 'newest last');
  assert.equal(r.burst({ minUs: 2_000_000, minBytes: 0, maxBytes: 1e9 }).us, 2_000_000);
  assert.equal(r.burst({ minUs: 9e9, minBytes: 0, maxBytes: 1e9 }).us, 5_000_000, 'all there is');
});

test('old chunks leave the ring after keepUs', () => {
  const r = new RecentChunks(1_000_000);
  const f = file(1);
  for (let i = 0; i < 5000; i++) r.push(bytes(1, i & 255), 100_000, f, false);
  assert.equal(r.size, 10);
  r.clear();
  assert.equal(r.size, 0);
});

test('a burst that starts inside a header format is led by its header; at chunk 0 it is not', () => {
  const r = new RecentChunks(10_000_000);
  const ogg = file(1, [9, 9]);
  r.push(Uint8Array.from([9, 9]), 0, ogg, true);
  for (let i = 0; i < 5; i++) r.push(bytes(10, i), 100_000, ogg, false);
  const all = r.burst({ minUs: 9e9, minBytes: 0, maxBytes: 1e9 }).pieces;
  assert.deepEqual(
    all.map((b) => b.length),
    [2, 10, 10, 10, 10, 10],
  );
  const some = r.burst({ minUs: 200_000, minBytes: 0, maxBytes: 1e9 }).pieces;
  assert.deepEqual(
    some.map((b) => b.length),
    [2, 10, 10],
  );
  assert.deepEqual([...some[0]!], [9, 9]);
});

test('after a flush the ring holds views of the flushed buffer: a burst is one piece of it', () => {
  const r = new RecentChunks(10_000_000);
  const f = file(1);
  const chunks = Array.from({ length: 30 }, (_, i) => bytes(500, i));
  for (const c of chunks.slice(0, 20)) r.push(c, 100_000, f, false);
  const batch = Buffer.concat(chunks.slice(0, 20));
  r.rebase(batch, 20);
  for (const c of chunks.slice(20)) r.push(c, 100_000, f, false);
  const { pieces } = r.burst({ minUs: 2_500_000, minBytes: 0, maxBytes: 1e9 });
  // 15 chunks of the batch as one view, then the 10 newer chunks one by one (not flushed yet)
  assert.equal(pieces.length, 11);
  assert.equal(pieces[0]!.buffer, batch.buffer, 'a view, not a copy');
  assert.equal(pieces[0]!.length, 7500);
  assert.equal(pieces[1], chunks[20], 'a chunk of its own goes out as it is, no new view');
  assert.deepEqual(Buffer.concat(pieces), Buffer.concat(chunks.slice(5)));
});
