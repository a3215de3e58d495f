// The BatchWriter: a flush to many listeners goes out a few hundred per event-loop turn (all at
// once held the stream clock over 100 ms at 10,000 listeners), strictly in order, each write with
// the tag (the ICY title) of the flush it belongs to; `now` drains everything first.
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { setImmediate as turn } from 'node:timers/promises';
import { BatchWriter } from './batch-writer.js';
import { Listener } from './listener.js';

function listeners(n: number): Listener[] {
  return Array.from({ length: n }, (_, i) => {
    const l = new Listener(i, new net.Socket(), '127.0.0.1', `127.0.0.1:${i}`, () => {});
    l.state = 'streaming';
    return l;
  });
}

test('many listeners: a few hundred per turn, in order, each write tagged with its flush', async () => {
  const ls = listeners(600);
  const writes: string[] = [];
  const w = new BatchWriter<string>((l, data, tag) =>
    writes.push(`${tag}:${l.id}:${data.toString()}`),
  );
  w.add(Buffer.from('a'), ls, false, 'one');
  const atOnce = writes.length;
  assert.ok(atOnce > 0 && atOnce < 600, `${atOnce} written before add returned`);
  w.add(Buffer.from('b'), ls.slice(0, 3), false, 'two');
  for (let i = 0; i < 20 && writes.length < 603; i++) await turn();
  assert.deepEqual(writes, [
    ...ls.map((l) => `one:${l.id}:a`),
    ...ls.slice(0, 3).map((l) => `two:${l.id}:b`),
  ]);
});

test('now: what is queued goes out before add returns, in order; gone listeners are skipped', () => {
  const ls = listeners(600);
  const writes: string[] = [];
  const w = new BatchWriter<string>((l, _data, tag) => writes.push(`${tag}:${l.id}`));
  w.add(Buffer.from('a'), ls, false, 'one');
  ls[599]!.state = 'closing';
  w.add(Buffer.from('b'), ls.slice(0, 2), true, 'two');
  assert.deepEqual(writes, [...ls.slice(0, 599).map((l) => `one:${l.id}`), 'two:0', 'two:1']);
});
