// The relay list against real HTTP servers on loopback that answer as Icecast's stats do (the
// whole tree with real icecast2 processes is tree.test.ts): counts, health, a relay that never
// answers (bounded by the timeout), a mount that is down, /admin/stats with its login, the least
// loaded choice, and --relay values refused at start.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { freePort } from '../../test/spawn.js';
import { loadConfig } from '../config.js';
import { parseRelay, type RelaySpec } from './spec.js';
import { Relays } from './relays.js';

interface Fake {
  port: number;
  /** what the next answers say: listeners of /live.mp3, or 'hang', 'down' (no such mount) */
  mode: number | 'hang' | 'down';
  close(): Promise<void>;
}

const json = (port: number, listeners: number): string =>
  JSON.stringify({
    icestats: {
      admin: 'x',
      source: [
        { listenurl: `http://127.0.0.1:${port}/other.ogg`, listeners: 99 },
        { listenurl: `http://127.0.0.1:${port}/live.mp3`, listeners },
      ],
    },
  });

const xml = (listeners: number): string =>
  `<?xml version="1.0"?><icestats><listeners>${listeners + 99}</listeners>` +
  `<source mount="/other.ogg"><listeners>99</listeners></source>` +
  `<source mount="/live.mp3"><listeners>${listeners}</listeners></source></icestats>`;

async function fake(): Promise<Fake> {
  const f = { port: 0, mode: 0 as Fake['mode'], close: async () => {} };
  const hung: http.ServerResponse[] = [];
  const srv = http.createServer((req, res) => {
    if (f.mode === 'hang') return void hung.push(res);
    const n = f.mode === 'down' ? undefined : f.mode;
    if (req.url === '/admin/stats') {
      if (req.headers.authorization !== `Basic ${Buffer.from('admin:pw').toString('base64')}`)
        return void res.writeHead(401).end('auth');
      res.setHeader('content-type', 'text/xml');
      return void res.end(n === undefined ? '<icestats></icestats>' : xml(n));
    }
    res.setHeader('content-type', 'application/json');
    res.end(n === undefined ? '{"icestats":{"admin":"x"}}' : json(f.port, n));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  f.port = (srv.address() as AddressInfo).port;
  f.close = () =>
    new Promise((r) => {
      for (const res of hung) res.destroy();
      srv.closeAllConnections();
      srv.close(() => r());
    });
  return f;
}

const spec = (arg: string): RelaySpec => {
  const r = parseRelay(arg);
  if (typeof r === 'string') throw new Error(r);
  return r;
};
const quiet = { info: () => {}, warn: () => {} };

describe('relays', () => {
  const fakes: Fake[] = [];
  before(async () => {
    for (let i = 0; i < 3; i++) fakes.push(await fake());
  });
  after(async () => {
    for (const f of fakes) await f.close();
  });
  const relays = (everyMs = 1000): Relays =>
    new Relays({
      specs: [
        spec(`a=http://127.0.0.1:${fakes[0]!.port}/live.mp3`),
        spec(`b=http://127.0.0.1:${fakes[1]!.port}/live.mp3`),
        spec(
          `c=http://127.0.0.1:${fakes[2]!.port}/live.mp3,stats=http://admin:pw@127.0.0.1:${fakes[2]!.port}/admin/stats`,
        ),
      ],
      everyMs,
      log: quiet,
    });

  test('counts each relay from its stats (JSON and /admin/stats with its login)', async () => {
    [fakes[0]!.mode, fakes[1]!.mode, fakes[2]!.mode] = [3, 5, 7];
    const r = relays();
    await r.poll();
    assert.deepEqual(
      r.now().map((s) => [s.name, s.healthy, s.listeners, s.error]),
      [
        ['a', true, 3, null],
        ['b', true, 5, null],
        ['c', true, 7, null],
      ],
    );
    assert.equal(r.listeners(), 15);
    assert.equal(r.connected(), 3);
    // the login of the stats URL is kept, never shown
    assert.equal(r.now()[2]!.statsUrl, `http://127.0.0.1:${fakes[2]!.port}/admin/stats`);
  });

  test('the least loaded healthy relay, counting the listeners sent there since', async () => {
    [fakes[0]!.mode, fakes[1]!.mode, fakes[2]!.mode] = [4, 2, 9];
    const r = relays();
    await r.poll();
    const picks = Array.from({ length: 6 }, () => r.pick());
    const url = (i: number): string => `http://127.0.0.1:${fakes[i]!.port}/live.mp3`;
    // b (2) takes two, then a and b alternate: 4+1 a, 4+2 b ...
    assert.deepEqual(picks, [url(1), url(1), url(0), url(1), url(0), url(1)]);
    // a new count replaces what was sent
    [fakes[0]!.mode, fakes[1]!.mode] = [1, 8];
    await r.poll();
    assert.equal(r.pick(), url(0));
    // a player that lost a relay is sent to another, however loaded; with none, to this server
    assert.equal(r.pick(url(0)), url(1));
    [fakes[1]!.mode, fakes[2]!.mode] = ['down', 'down'];
    await r.poll();
    assert.equal(r.pick(url(0)), null);
  });

  test('a relay that never answers, one whose mount is down: unhealthy, never picked', async () => {
    [fakes[0]!.mode, fakes[1]!.mode, fakes[2]!.mode] = ['hang', 'down', 6];
    const r = relays(500);
    const t0 = Date.now();
    await r.poll();
    // the round waits no longer than its timeout (the interval less 100 ms, at least 200 ms)
    assert.ok(Date.now() - t0 < 1500, `round took ${Date.now() - t0} ms`);
    const [a, b, c] = r.now();
    assert.equal(a!.healthy, false);
    assert.match(a!.error!, /no answer within 400 ms/);
    assert.equal(b!.healthy, false);
    assert.match(b!.error!, /mount \/live\.mp3 is not live/);
    assert.equal(c!.healthy, true);
    for (let i = 0; i < 5; i++) assert.equal(r.pick(), c!.url);
    assert.equal(r.listeners(), 6);
    assert.equal(r.connected(), 1);
    fakes[2]!.mode = 'down';
    await r.poll();
    assert.equal(r.pick(), null, 'none healthy: this server plays its own');
  });

  test('a wrong login and a stopped relay are unhealthy with the reason', async () => {
    const gone = await freePort();
    const wrong = new Relays({
      specs: [
        spec(
          `x=http://127.0.0.1:${fakes[2]!.port}/live.mp3,stats=http://admin:nope@127.0.0.1:${fakes[2]!.port}/admin/stats`,
        ),
        spec(`y=http://127.0.0.1:${gone}/live.mp3`),
      ],
      log: quiet,
    });
    fakes[2]!.mode = 3;
    await wrong.poll();
    const [x, y] = wrong.now();
    assert.match(x!.error!, /HTTP 401/);
    assert.equal(y!.healthy, false);
    assert.match(y!.error!, /ECONNREFUSED/);
  });

  test('--relay values: parsed, and refused at start with the reason', () => {
    const a = spec('r1=https://relay.example:8443/live.mp3');
    assert.equal(a.stats.url, 'https://relay.example:8443/status-json.xsl');
    assert.equal(a.stats.format, 'json');
    assert.equal(a.mount, '/live.mp3');
    const base = ['--afs-database-dir', '/tmp/x'];
    const bad = (arg: string): string => {
      const r = loadConfig([...base, '--relay', arg], {});
      assert.equal(r.ok, false, arg);
      return 'errors' in r ? r.errors.join('\n') : '';
    };
    assert.match(bad('http://r/live.mp3'), /must be name=URL/);
    assert.match(bad('r=ftp://r/live.mp3'), /http:\/\/ or https:\/\//);
    assert.match(bad('r=http://u:p@r/live.mp3'), /no user or password/);
    assert.match(bad('r=http://r:8000/'), /must name the mount/);
    assert.match(bad('r=http://r/x,stats=nonsense'), /stats: not a URL/);
    const twice = loadConfig([...base, '--relay', 'r=http://a/x', '--relay', 'r=http://b/x'], {});
    assert.match('errors' in twice ? twice.errors.join() : '', /relay r: listed twice/);
    const ok = loadConfig([...base, '--relay', 'r=http://a/x', '--relay', 's=http://b/x'], {});
    assert.ok(ok.ok && 'config' in ok && ok.config.relay.length === 2);
  });
});
