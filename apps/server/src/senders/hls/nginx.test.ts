// HLS behind nginx (Debian's, /usr/sbin/nginx) as a caching reverse proxy, with the repo's
// config (deploy/nginx/hls-cache.conf) on loopback ports and its own prefix and temp dirs:
// 1,000 simulated players (a process of their own) poll through it, and the origin serves each
// segment at most twice; bad ranges and huge query strings get clear errors through the cache.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { tempDir } from '../../../test/db.js';
import { freePort } from '../../../test/spawn.js';
import { startNginx, type OwnNginx } from '../../../test/nginx.js';
import { HttpSender } from '../http/index.js';
import { HlsHttp } from './http.js';
import { HlsOutput } from './output.js';
import { liveFeed, makeFrames } from './test-frames.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const CLIENTS = 1000;

describe('HLS through nginx as a caching reverse proxy', () => {
  let dir: string;
  let nginx: OwnNginx;
  let http: HttpSender;
  let stop: () => void;
  let port: number;
  const served = new Map<string, number>();

  before(async () => {
    dir = tempDir('paraweb-nginx-');
    const out = new HlsOutput({ targetS: 2 });
    http = new HttpSender({ port: 0, listenAddresses: ['127.0.0.1'] });
    http.hls = new HlsHttp({
      output: out,
      onServe: (p, status) => {
        if (status.startsWith('200')) served.set(p, (served.get(p) ?? 0) + 1);
      },
    });
    await http.start();
    stop = liveFeed(out, await makeFrames('aac', 5), 5, 8);
    port = await freePort();
    nginx = await startNginx('hls-cache.conf', dir, port, [
      ['server 127.0.0.1:8000;', `server 127.0.0.1:${http.port};`],
    ]);
  });
  after(async () => {
    const errors = nginx.errors();
    if (errors) console.log(`nginx error.log:\n${errors}`);
    stop();
    await nginx.stop();
    await http.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test(`${CLIENTS} players through nginx: each segment leaves the origin at most twice`, async () => {
    const sim = path.join(here, 'sim-clients.js');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [sim, `http://127.0.0.1:${port}`, String(CLIENTS), '10', '3000'],
      { maxBuffer: 1024 * 1024 },
    );
    const totals = JSON.parse(stdout) as {
      requests: number;
      segments: number;
      starved: number;
      errors: Record<string, number>;
      segmentMs: { p50: number; max: number };
    };
    const segs = [...served].filter(([p]) => /\/\d+\.aac$/.test(p));
    const most = Math.max(...segs.map(([, n]) => n));
    const playlists = served.get('/hls/aac.m3u8') ?? 0;
    console.log(
      `${CLIENTS} players: ${totals.requests} requests to nginx, ${totals.segments} segments, ` +
        `segment fetch p50 ${totals.segmentMs.p50} ms, max ${totals.segmentMs.max} ms; origin: ` +
        `${segs.length} segments served ${segs.reduce((n, [, c]) => n + c, 0)} times (at most ${most} each), ` +
        `${playlists} media playlists, ${served.get('/hls/live.m3u8') ?? 0} masters; errors ${JSON.stringify(totals.errors)}`,
    );
    assert.deepEqual(totals.errors, {});
    assert.equal(totals.starved, 0, 'every player got segments');
    assert.ok(segs.length >= 4);
    assert.ok(most <= 2, `a segment served ${most} times by the origin`);
  });

  test('through the cache: 206 for a range, 416 for a bad one, 414 for a huge query', async () => {
    const base = `http://127.0.0.1:${port}`;
    const pl = await (await fetch(`${base}/hls/aac.m3u8`)).text();
    const uri = pl.trim().split('\n').at(-1)!;
    const part = await fetch(`${base}/hls/${uri}`, { headers: { Range: 'bytes=0-9' } });
    assert.equal(part.status, 206);
    assert.equal((await part.arrayBuffer()).byteLength, 10);
    const bad = await fetch(`${base}/hls/${uri}`, { headers: { Range: 'bytes=99999999-' } });
    assert.equal(bad.status, 416);
    const huge = await fetch(`${base}/hls/aac.m3u8?x=${'a'.repeat(20_000)}`);
    assert.equal(huge.status, 414);
  });
});
