// Webhooks against a real receiver on loopback: the HMAC signature verifies, a failing receiver
// is retried with backoff until it answers, the test delivery reports each URL's outcome, and
// dead air is said once when it starts and once when it ends.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { harness } from '../../test/harness.js';
import { loadConfig } from '../config.js';
import { DeadAirWatch } from './dead-air.js';
import { ThresholdWatch, Webhooks, signature } from './webhooks.js';

interface Received {
  event: string;
  signature: string | undefined;
  body: string;
}

describe('webhooks', () => {
  let server: http.Server;
  let url: string;
  const received: Received[] = [];
  /** answers 500 this many times before 204 */
  let failures = 0;

  before(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        received.push({
          event: String(req.headers['x-paraweb-event']),
          signature: req.headers['x-paraweb-signature'] as string | undefined,
          body,
        });
        res.statusCode = failures-- > 0 ? 500 : 204;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  test('signed JSON, retried with backoff until the receiver takes it', async () => {
    received.length = 0;
    failures = 2;
    const warnings: string[] = [];
    const hooks = new Webhooks({
      urls: [url],
      secret: 'k3y',
      backoffMs: [50, 100, 200],
      warn: (m) => warnings.push(m),
    });
    hooks.send('file.started', { path: '/music/a.mp3' });
    const end = Date.now() + 3000;
    while (received.length < 3 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    assert.equal(received.length, 3, 'two failures, then delivered');
    for (const r of received) {
      assert.equal(r.event, 'file.started');
      assert.equal(r.signature, signature('k3y', r.body));
      const body = JSON.parse(r.body) as { event: string; data: { path: string } };
      assert.equal(body.event, 'file.started');
      assert.equal(body.data.path, '/music/a.mp3');
    }
    assert.deepEqual(warnings, []);
  });

  test('the test delivery reports each URL, a dead one included', async () => {
    failures = 0;
    const hooks = new Webhooks({ urls: [url, 'http://127.0.0.1:1/none'], warn: () => {} });
    const results = await hooks.test();
    assert.equal(results[0]!.ok, true);
    assert.equal(results[0]!.detail, 'HTTP 204');
    assert.equal(results[1]!.ok, false);
    assert.match(results[1]!.detail, /ECONNREFUSED|fetch failed/);
  });

  test('testhook: each URL and its answer; refused without webhooks', async () => {
    failures = 0;
    const h = await harness();
    try {
      const unsupported = await h.fail(['testhook']);
      assert.equal(unsupported.code, 'E_UNSUPPORTED');
      h.services.webhooks = new Webhooks({ urls: [], warn: () => {} });
      const none = await h.fail(['testhook']);
      assert.equal(none.code, 'E_INVALID');
      assert.match(none.message, /no webhook configured \(--webhook-url\)/);
      received.length = 0;
      h.services.webhooks = new Webhooks({ urls: [url], secret: 's', warn: () => {} });
      const ok = await h.run(['testhook']);
      assert.equal(ok.text, `${url}: ok (HTTP 204)\n`);
      assert.equal(received[0]?.event, 'test');
      assert.equal(received[0]?.signature, signature('s', received[0].body));
    } finally {
      await h.close();
    }
  });

  test('a receiver that never takes it is given up after the last retry, with a warning', async () => {
    failures = 100;
    const warnings: string[] = [];
    const hooks = new Webhooks({ urls: [url], backoffMs: [10, 10], warn: (m) => warnings.push(m) });
    hooks.send('dead_air.started', {});
    const end = Date.now() + 3000;
    while (warnings.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    assert.match(warnings[0] ?? '', /failed after 3 attempts: HTTP 500/);
    failures = 0;
  });
});

test('bad webhook options are refused at start, naming the option', () => {
  for (const [args, want] of [
    [['--webhook-url', 'ftp://example.org/x'], /webhook-url.*http:\/\/ or https:\/\//],
    [['--webhook-url', 'not a url'], /webhook-url/],
    [['--webhook-listeners', 'many'], /webhook-listeners/],
    [['--webhook-listeners', '0'], /webhook-listeners/],
    [['--dead-air', '0'], /dead-air/],
    [['--audience-addresses', 'some'], /audience-addresses/],
    [['--audience-minute-days', '-1'], /audience-minute-days/],
    [['--metrics-token', 'short'], /metrics-token.*16/],
    [['--metrics-port', '70000'], /metrics-port/],
  ] as const) {
    const r = loadConfig([...args], {});
    assert.equal(r.ok, false, args.join(' '));
    if (!r.ok) assert.match(r.errors.join('\n'), want, args.join(' '));
  }
  const ok = loadConfig(
    ['--webhook-url', 'https://hooks.example.org/p', '--webhook-listeners', '10'],
    {},
  );
  assert.equal(ok.ok, true);
});

test('listener thresholds fire when crossed, up and down', () => {
  const fired: string[] = [];
  const w = new ThresholdWatch([10, 100], (d) => fired.push(`${d.threshold}${d.direction}`));
  for (const n of [5, 10, 50, 120, 99, 9, 9]) w.update(n);
  assert.deepEqual(fired, ['10up', '100up', '100down', '10down']);
});

test('dead air: said once when it starts, once when it ends; a stop is not dead air', () => {
  let now = 0;
  let playing = true;
  const events: string[] = [];
  const w = new DeadAirWatch({
    seconds: 10,
    playing: () => playing,
    onStart: (since) => events.push(`start@${since}`),
    onEnd: (ms) => events.push(`end+${ms}`),
    nowMs: () => now,
  });
  w.chunks(5, 0);
  for (now = 0; now <= 9000; now += 1000) w.check();
  assert.deepEqual(events, [], 'no chunks for 9 s: not yet');
  now = 10_000;
  w.check();
  w.check();
  assert.deepEqual(events, ['start@0']);
  assert.equal(w.since, 0);
  now = 12_000;
  w.chunks(3, 12_000);
  w.check();
  assert.deepEqual(events, ['start@0', 'end+12000']);
  // stopped on purpose: no chunks for a minute is what was asked for
  playing = false;
  for (now = 13_000; now <= 80_000; now += 1000) w.check();
  assert.equal(events.length, 2);
  // playing again: the N seconds count from the play
  playing = true;
  now = 81_000;
  w.check();
  now = 90_000;
  w.check();
  assert.equal(events.length, 2);
  now = 91_000;
  w.check();
  assert.deepEqual(events.slice(2), ['start@81000']);
});

test('dead air: a blocked event loop (a long database write) is not taken for dead air', () => {
  let now = 0;
  const events: string[] = [];
  const w = new DeadAirWatch({
    seconds: 10,
    playing: () => true,
    onStart: (since) => events.push(`start@${since}`),
    onEnd: (ms) => events.push(`end+${ms}`),
    nowMs: () => now,
  });
  for (now = 0; now <= 3000; now += 1000) {
    w.chunks(40, now);
    w.check();
  }
  // this thread is blocked for 12 s; the stream thread's reports of that time wait in the queue
  now = 15_000;
  w.check();
  for (const at of [4000, 8000, 12_000, 14_900]) w.chunks(40, at);
  now = 15_100;
  w.check();
  now = 16_000;
  w.check();
  assert.deepEqual(events, []);
  // real dead air is still said, 10 s after the last chunk
  for (now = 17_000; now <= 24_000; now += 1000) w.check();
  assert.deepEqual(events, []);
  now = 25_000;
  w.check();
  assert.deepEqual(events, ['start@14900']);
});
