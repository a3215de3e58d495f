// End to end over real UDP sockets on 127.0.0.1: sender -> lossy relay (seeded drops, duplicates,
// reordering) -> receiver; the rebuilt bytes must equal the chunks sent.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixture } from '../../../test/fixtures.js';
import { UdpSender } from './sender.js';
import type { FixtureStream } from './test-helpers.js';
import { concat, fixtureStream, listen, lossyRelay, play } from './test-helpers.js';

function sender(target: string, headerIntervalMs = 60_000): UdpSender {
  return new UdpSender({
    targets: [target],
    defaultPort: 8000,
    noAutostart: false,
    headerIntervalMs,
    ttl: 1,
    mcastIface: undefined,
  });
}

/** Streams chunks [from, end) through a relay with 10 % loss; returns what the receiver rebuilt. */
async function lossyRun(s: FixtureStream, from: number, seed: number) {
  const rx = await listen();
  const relay = await lossyRelay(rx.port, { seed, drop: 0.1, duplicate: 0.05, reorder: 0.1 });
  // small slices for many packets, 8 of 24 slices rebuild a group (k and n grow alike for big
  // ogg chunks); a long header interval keeps the group layout (and so the losses) independent
  // of timing
  const udp = sender(`127.0.0.1:${relay.port}/400:8:24`);
  try {
    await udp.start();
    udp.fileStart(s.file);
    await play(udp, s, from);
    udp.streamBreak('eof');
    await rx.eof();
    return { out: rx.output(), stats: rx.receiver.stats, relay };
  } finally {
    await udp.stop();
    await relay.close();
    await rx.close();
  }
}

describe('UDP stream with loss, duplicates and reordering', () => {
  test('mp3: byte-identical to the chunks sent', async () => {
    const s = await fixtureStream(fixture('cbr128.mp3'), 3000);
    const { out, stats, relay } = await lossyRun(s, 0, 1234);
    assert.ok(relay.dropped >= 30, `only ${relay.dropped} packets dropped`);
    assert.ok(relay.duplicated > 0);
    assert.ok(stats.groupsRecovered > 0, 'no group needed repair');
    assert.ok(stats.duplicates + stats.lateOrOld > 0);
    assert.equal(stats.groupsLost, 0);
    assert.equal(out.length, concat(s.chunks).length);
    assert.deepEqual(out, concat(s.chunks));
  });

  test('ogg/vorbis from chunk 0 (chunk 0 is the header): byte-identical', async () => {
    const s = await fixtureStream(fixture('vorbis.ogg'), 4000);
    const { out, stats, relay } = await lossyRun(s, 0, 99);
    assert.ok(relay.dropped >= 15, `only ${relay.dropped} packets dropped`);
    assert.ok(stats.groupsRecovered > 0);
    assert.deepEqual(out, concat(s.chunks));
  });

  test('ogg/vorbis picked up mid-file: the header, then the chunks from there', async () => {
    const s = await fixtureStream(fixture('vorbis.ogg'), 4000);
    assert.ok(s.file.header);
    const { out, stats } = await lossyRun(s, 120, 7);
    assert.ok(stats.groupsRecovered > 0);
    assert.deepEqual(out, concat([s.file.header, ...s.chunks.slice(120)]));
  });

  test('header repeated every 40 ms: later header slices are skipped, bytes identical', async () => {
    const s = await fixtureStream(fixture('vorbis.ogg'), 4000);
    const rx = await listen();
    const udp = sender(`127.0.0.1:${rx.port}`, 40);
    try {
      await udp.start();
      udp.fileStart(s.file);
      await play(udp, s);
      udp.streamBreak('eof');
      await rx.eof();
      assert.deepEqual(rx.output(), concat(s.chunks));
      // 1 s of stream in groups of up to 150 ms: the header went out in several of them
      assert.ok(rx.headerSlices >= 3 * 16, `${rx.headerSlices} header slices`);
    } finally {
      await udp.stop();
      await rx.close();
    }
  });
});
