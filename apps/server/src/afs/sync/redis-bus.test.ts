// The bus between server processes on a redis-server of the test's own, stopped and started again:
// nothing throws or waits while Redis is away, the loss and the return are logged once each, and
// messages flow again when it is back.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { test } from 'node:test';
import { ownRedis } from '../../../test/redis.js';
import { RedisBus, openEnvelope, sealEnvelope } from './redis-bus.js';

function recordingLog(): { lines: string[]; info(m: string): void; warn(m: string): void } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => void lines.push(`info ${m}`),
    warn: (m) => void lines.push(`warn ${m}`),
  };
}

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** the installation's key (peer-key.ts reads it from the database) */
const KEY = crypto.randomBytes(32);

test('Redis down at start: the bus starts anyway, says so once, and connects when Redis comes', async () => {
  const redis = await ownRedis();
  const log = recordingLog();
  const bus = new RedisBus(redis.url, 'paraweb-test', log, KEY);
  const resumed: boolean[] = [];
  bus.onResume((dropped) => resumed.push(dropped));
  try {
    await until('down', () => bus.state === 'down');
    // publishing while down returns at once, without an error
    const t = performance.now();
    await bus.publish('t', { n: 1 });
    assert.ok(performance.now() - t < 50);
    await sleep(1500); // several reconnect attempts
    assert.equal(log.lines.filter((l) => l.startsWith('warn')).length, 1, log.lines.join('\n'));
    assert.match(bus.describe(), /unreachable since/);
    await redis.start();
    await until('connected', () => bus.state === 'connected');
    assert.deepEqual(resumed, [true]);
    assert.match(bus.describe(), /connected since/);
  } finally {
    bus.close();
    await redis.stop();
  }
});

test('Redis lost mid-run and back: no error, one warning, messages flow again', async () => {
  const redis = await ownRedis();
  await redis.start();
  const logA = recordingLog();
  const a = new RedisBus(redis.url, 'paraweb-test', logA, KEY);
  const b = new RedisBus(redis.url, 'paraweb-test', recordingLog(), KEY);
  const got: unknown[] = [];
  b.subscribe('t', (d) => got.push(d));
  // a process does not hear itself
  a.subscribe('t', () => got.push('echo'));
  const resumedB: boolean[] = [];
  b.onResume((dropped) => resumedB.push(dropped));
  try {
    assert.ok(await a.ready(5000));
    assert.ok(await b.ready(5000));
    await a.publish('t', { n: 1 });
    await until('first message', () => got.length === 1);

    await redis.stop();
    await until('A notices', () => a.state === 'down');
    // publishes for longer than the old client took to give up and end the process (7.6 s)
    const end = Date.now() + 8000;
    let sent = 0;
    while (Date.now() < end) {
      await a.publish('t', { n: 2 });
      sent++;
      await sleep(50);
    }
    assert.ok(sent > 100);
    assert.equal(logA.lines.filter((l) => l.startsWith('warn')).length, 1, logA.lines.join('\n'));

    await redis.start();
    await until('both back', () => a.state === 'connected' && b.state === 'connected');
    // B published nothing while down: nothing of its own was missed
    assert.deepEqual(resumedB, [false]);
    assert.equal(logA.lines.filter((l) => /is back:/.test(l)).length, 1, logA.lines.join('\n'));
    await a.publish('t', { n: 3 });
    await until('message after the return', () => got.length === 2);
    assert.deepEqual(got, [{ n: 1 }, { n: 3 }]);
  } finally {
    a.close();
    b.close();
    await redis.stop();
  }
});

test('sealed envelopes: the key, the signature, the age and the shape are checked', () => {
  const e = { from: 'x', topic: 't', at: 1_000_000, data: { n: 1 } };
  const text = sealEnvelope(KEY, e);
  assert.deepEqual(openEnvelope(KEY, text, 1_000_000), e);
  assert.deepEqual(openEnvelope(KEY, text, 1_059_000), e, 'a minute of clock difference');
  assert.equal(openEnvelope(KEY, text, 1_061_000), 'sent 61 s ago');
  assert.equal(
    openEnvelope(crypto.randomBytes(32), text, 1_000_000),
    "signed with another key (not this database's)",
  );
  // the data changed after signing
  const outer = JSON.parse(text) as { m: string; s: string };
  const changed = JSON.stringify({ ...outer, m: outer.m.replace('"n":1', '"n":2') });
  assert.equal(
    openEnvelope(KEY, changed, 1_000_000),
    "signed with another key (not this database's)",
  );
  // the format before signing, and garbage
  assert.equal(openEnvelope(KEY, JSON.stringify(e), 1_000_000), 'not signed');
  assert.equal(openEnvelope(KEY, 'not json', 1_000_000), 'not JSON');
  assert.equal(openEnvelope(KEY, '"a string"', 1_000_000), 'not signed');
  const noTime = sealEnvelope(KEY, { ...e, at: 'soon' as unknown as number });
  assert.equal(openEnvelope(KEY, noTime, 1_000_000), 'malformed');
});
