// The lag watch looks at thousands of listeners a slice per event-loop turn: the stream clock
// runs on the same thread (10,000 at once held it 20-45 ms, every 5 s).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LagWatch } from './lag-watch.js';
import type { Listener } from './listener.js';

/** a listener on the addon as the watch sees it: `kernel` bytes in its kernel queue */
function fakeListener(kernel: number): Listener {
  const out = { queued: 0, kernelQueued: () => kernel };
  return { state: 'streaming', out } as unknown as Listener;
}

test('10,000 listeners are checked in slices, and the one behind is dropped', async () => {
  const all = Array.from({ length: 10_000 }, (_, i) => fakeListener(i === 7_777 ? 64_000 : 100));
  const dropped: [Listener, string][] = [];
  const watch = new LagWatch({
    maxLagS: 3,
    everyMs: 5000,
    port: () => 0,
    bytesPerSecond: () => 16_000,
    listeners: () => all,
    drop: (l, why) => dropped.push([l, why]),
  });
  let turns = 0;
  let counting = true;
  const count = (): void => {
    turns++;
    if (counting) setImmediate(count);
  };
  setImmediate(count);
  await watch.check();
  counting = false;
  assert.deepEqual(dropped, [[all[7_777], '4 s behind']]);
  assert.ok(turns >= 10, `the event loop turned ${turns} times during the check`);
  assert.equal(watch.procReads, 0, 'no net.Socket listener: /proc/net not read');
});
