// GET /metrics, /healthz and /readyz over real sockets: the token is required when set (a wrong
// one is counted as an auth failure), the text is Prometheus', readiness names what fails, and
// commands are counted by door and result.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { freshDatabase, type TestDatabase } from '../../../test/db.js';
import { harness } from '../../../test/harness.js';
import { AudienceMetrics, readiness } from '../../audience/index.js';
import { registerObserveRoutes, startMetricsServer } from './observe.js';

const TOKEN = 'a-token-of-16-chars-or-more';

describe('/metrics, /healthz, /readyz', () => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let base: string;
  const metrics = new AudienceMetrics({ audioFiles: () => 42, streamUp: () => true });
  let streamUp = true;
  let dead: number | null = null;

  before(async () => {
    tdb = await freshDatabase('sqlite');
    app = Fastify();
    registerObserveRoutes(app, {
      metrics,
      token: TOKEN,
      metricsOnApiPort: true,
      ready: () =>
        readiness({
          db: tdb.db,
          streamUp: () => streamUp,
          playing: () => true,
          deadAirSince: () => dead,
        }),
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await app.close();
    await tdb.drop();
  });

  test('/metrics wants the token; with it, the Prometheus text', async () => {
    const none = await fetch(`${base}/metrics`);
    assert.equal(none.status, 401);
    assert.match(await none.text(), /Authorization: Bearer/);
    const wrong = await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer nope' } });
    assert.equal(wrong.status, 401);
    const ok = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(ok.status, 200);
    assert.match(ok.headers.get('content-type') ?? '', /text\/plain/);
    const text = await ok.text();
    assert.match(text, /^paraweb_audio_files 42$/m);
    assert.match(text, /^paraweb_auth_failures_total\{door="metrics"\} 2$/m);
    assert.match(text, /^# TYPE paraweb_chunk_lateness_seconds histogram$/m);
    assert.match(text, /^paraweb_chunk_lateness_seconds_bucket\{le="\+Inf"\} 0$/m);
    assert.match(text, /^paraweb_stream_thread_up 1$/m);
    assert.match(text, /^paraweb_process_cpu_seconds_total /m);
    assert.match(text, /^paraweb_nodejs_eventloop_lag_seconds /m);
  });

  test('/healthz answers; /readyz names what is not ready', async () => {
    assert.deepEqual(await (await fetch(`${base}/healthz`)).json(), { status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), {
      status: 'ready',
      database: 'ok',
      stream: 'ok',
      audio: 'playing',
    });
    streamUp = false;
    dead = Date.UTC(2026, 11, 6, 3, 0, 0);
    const not = await fetch(`${base}/readyz`);
    assert.equal(not.status, 503);
    assert.deepEqual(await not.json(), {
      status: 'not ready',
      database: 'ok',
      stream: 'the stream thread is not running',
      audio: 'dead air since 2026-12-06T03:00:00.000Z',
    });
    streamUp = true;
    dead = null;
  });

  test('/metrics on a port of its own', async () => {
    const m = await startMetricsServer({
      metrics,
      metricsOnApiPort: false,
      ready: () => Promise.reject(new Error('not used')),
      host: '127.0.0.1',
      port: 0,
    });
    try {
      const res = await fetch(`http://127.0.0.1:${m.port}/metrics`);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /^paraweb_audio_files 42$/m);
      assert.equal((await fetch(`http://127.0.0.1:${m.port}/readyz`)).status, 404);
    } finally {
      await m.close();
    }
  });

  test('commands are counted by door, command and result; add by file result', async () => {
    const h = await harness();
    try {
      const counted = new AudienceMetrics({ audioFiles: () => 0, streamUp: () => false });
      h.services.metrics = counted;
      await h.run(['version']);
      await h.fail(['ls', '--no-such-option']);
      await h.fail(['nosuchcommand']);
      await h.fail(['add', '/no/such/dir']);
      await h.fail(['rm', 'x'], { perms: 0 });
      const text = await counted.text();
      assert.match(
        text,
        /^paraweb_commands_total\{door="other",command="version",result="ok"\} 1$/m,
      );
      assert.match(
        text,
        /^paraweb_commands_total\{door="other",command="ls",result="invalid"\} 1$/m,
      );
      assert.match(
        text,
        /^paraweb_commands_total\{door="other",command="unknown",result="invalid"\} 1$/m,
      );
      assert.match(
        text,
        /^paraweb_commands_total\{door="other",command="rm",result="denied"\} 1$/m,
      );
    } finally {
      await h.close();
    }
  });
});
