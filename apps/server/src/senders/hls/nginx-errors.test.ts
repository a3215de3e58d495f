// What a web player on another origin gets from nginx (deploy/nginx/*.conf, Debian's nginx) when
// no node answers: a 503 with Retry-After and CORS, as a node's own, never nginx's bare 502. A
// bare 502 has no Access-Control-Allow-Origin, so the browser reports a network error (status 0)
// that hls.js does not retry: /listen reconnected after a takeover (e2e/tests/hls-failover.spec.ts,
// 2 runs of 22, when nginx had marked the dead leader and the standby's 503 both failed).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { tempDir } from '../../../test/db.js';
import { freePort } from '../../../test/spawn.js';
import { startNginx, type OwnNginx } from '../../../test/nginx.js';
import { HttpSender } from '../http/index.js';
import { HlsHttp } from './http.js';
import { HlsOutput } from './output.js';

/** a player's request from the web app's origin */
const asPlayer = (url: string): Promise<Response> =>
  fetch(url, { headers: { Origin: 'http://127.0.0.1:3000' } });

async function assertRetryable(res: Response, what: string): Promise<void> {
  const body = await res.text();
  assert.equal(res.status, 503, `${what}: ${res.status} ${body}`);
  assert.equal(res.headers.get('retry-after'), '1', what);
  // exactly one value: two (nginx's and a node's) would fail the browser's CORS check as well
  assert.equal(res.headers.get('access-control-allow-origin'), '*', what);
  assert.equal(res.headers.get('cache-control'), 'no-store', what);
}

const PATHS = ['/hls/live.m3u8', '/hls/mp3.m3u8', '/hls/mp3/1796658180.mp3'];

describe('nginx in front of paraweb: its own errors are 503s a player retries', () => {
  const started: OwnNginx[] = [];
  let standby: HttpSender;

  before(async () => {
    // a node that stands by (another leads): it answers /hls/ with 503, CORS and Retry-After
    standby = new HttpSender({ port: 0, listenAddresses: ['127.0.0.1'] });
    standby.hls = new HlsHttp({ output: new HlsOutput({ targetS: 2, followsLead: true }) });
    await standby.start();
  });
  after(async () => {
    for (const n of started) {
      await n.stop();
      fs.rmSync(n.dir, { recursive: true, force: true });
    }
    await standby.stop();
  });

  async function nginx(file: string, replace: [string, string][]): Promise<string> {
    // its own directory: nginx's workers (nobody) write their cache there
    const n = await startNginx(file, tempDir('paraweb-nginx-errors-'), await freePort(), replace);
    started.push(n);
    return `http://127.0.0.1:${n.port}`;
  }

  test('hls-cache.conf, paraweb down: 503, Retry-After, CORS on every HLS path', async () => {
    const down = await freePort();
    const base = await nginx('hls-cache.conf', [
      ['server 127.0.0.1:8000;', `server 127.0.0.1:${down};`],
    ]);
    for (const p of PATHS) await assertRetryable(await asPlayer(base + p), p);
  });

  test('hls-failover.conf: a dead leader and a standby, then no live upstream at all', async () => {
    const dead = await freePort();
    const base = await nginx('hls-failover.conf', [
      ['server 127.0.0.1:8000 ', `server 127.0.0.1:${dead} `],
      ['server 127.0.0.1:8001 ', `server 127.0.0.1:${standby.port} `],
    ]);
    const seg = PATHS[2]!;
    // the dead node refuses, the standby's own 503 passes through (its CORS header once)
    const first = await asPlayer(base + seg);
    assert.match(await first.clone().text(), /not the playout leader/);
    await assertRetryable(first, `${seg}, the standby's answer`);
    // both are now left alone for fail_timeout (2 s): nginx answers itself, and the same way
    for (const p of PATHS) {
      const res = await asPlayer(base + p);
      assert.match(await res.clone().text(), /no paraweb node answers/, p);
      await assertRetryable(res, `${p}, no live upstream`);
    }
  });
});
