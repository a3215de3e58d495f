// Journey (issue #21): a visitor plays /listen through hls.js while two para_server processes on
// one PostgreSQL database (and Redis) stand behind nginx (deploy/nginx/hls-failover.conf); the leader is
// killed (-9) and the standby takes over. The audio keeps advancing, the player stays on HLS
// (no fatal hls.js error, no fallback, no reconnection). Its own servers, nginx, database and
// web app (pointed at the standby's API and at nginx for the stream); the run's shared server is
// not used.
import { expect, test } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { audioTime } from './support/tone.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(repo, 'apps/server/dist');
const webDir = path.join(repo, 'apps/web');

interface OwnNginx {
  port: number;
  dir: string;
  errors(): string;
  stop(): Promise<void>;
}
interface Node {
  name: string;
  httpPort: number;
  apiPort: number;
  child: ChildProcess;
  log: string;
}

async function until(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** the server's test helpers (built): free ports, nginx with a config of deploy/nginx */
interface ServerTestHelpers {
  freePort: () => Promise<number>;
  /** a new empty PostgreSQL database (PG_TEST_URL's server) and how to drop it */
  freshDatabaseUrl: (kind: 'postgres') => Promise<{ url: string; cleanup(): Promise<void> }>;
  startNginx: (
    file: string,
    dir: string,
    port: number,
    replace: [string, string][],
  ) => Promise<OwnNginx>;
}
const helpers = async (): Promise<ServerTestHelpers> => ({
  ...((await import(path.join(dist, 'test/spawn.js'))) as Pick<ServerTestHelpers, 'freePort'>),
  ...((await import(path.join(dist, 'test/db.js'))) as Pick<ServerTestHelpers, 'freshDatabaseUrl'>),
  ...((await import(path.join(dist, 'test/nginx.js'))) as Pick<ServerTestHelpers, 'startNginx'>),
});
let freePort: ServerTestHelpers['freePort'];

const exited = (c: ChildProcess): Promise<unknown> =>
  c.exitCode !== null || c.signalCode !== null
    ? Promise.resolve()
    : new Promise((r) => c.once('exit', r));

/**
 * A media playlist without the segments numbered above `last` (each one's tags go with it), as a
 * player that has not polled since they were cut would have it.
 */
function withoutSegmentsAfter(playlist: string, last: number): string {
  let seq = Number(/^#EXT-X-MEDIA-SEQUENCE:(\d+)$/m.exec(playlist)?.[1] ?? 0);
  const out: string[] = [];
  let tags: string[] = [];
  for (const line of playlist.split('\n')) {
    if (/^#EXT(INF|-X-PROGRAM-DATE-TIME|-X-DISCONTINUITY$)/.test(line)) tags.push(line);
    else if (line !== '' && !line.startsWith('#')) {
      if (seq++ <= last) out.push(...tags, line);
      tags = [];
    } else out.push(line);
  }
  return out.join('\n');
}

test.describe('HLS on /listen across a takeover', () => {
  // made in beforeAll: the runner also loads this file to list the tests
  let dir = '';
  let db: { url: string; cleanup(): Promise<void> } | undefined;
  let dbUrl = '';
  const nodes: Node[] = [];
  let nginx: OwnNginx | undefined;
  let web: ChildProcess | undefined;
  let webPort = 0;
  let leader: Node;
  let standby: Node;

  async function startNode(name: string): Promise<Node> {
    const sdir = path.join(dir, name);
    fs.mkdirSync(sdir);
    const httpPort = await freePort();
    const apiPort = await freePort();
    const child = spawn(
      process.execPath,
      [
        path.join(dist, 'src/main.js'),
        ...['--afs-database-dir', sdir, '--database-url', dbUrl, '--node-name', name],
        ...['--user-list', path.join(dir, 'users'), '--autoplay', '--loglevel', 'info'],
        ...['--port', String(await freePort()), '--listen-address', '127.0.0.1'],
        ...['--api-port', String(apiPort), '--api-listen-address', '127.0.0.1'],
        ...['--http-port', String(httpPort), '--http-listen-address', '127.0.0.1'],
        ...['--hls-target-duration', '2'],
        // the standbys hear of the leader's segments over Redis (a prefix of this run's own)
        ...['--redis-url', 'redis://127.0.0.1:6379', '--redis-prefix', path.basename(dir)],
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const n: Node = { name, httpPort, apiPort, child, log: '' };
    child.stderr?.on('data', (d: Buffer) => (n.log += d.toString()));
    nodes.push(n);
    await until(
      async () => (await fetch(`http://127.0.0.1:${apiPort}/health`)).ok,
      30_000,
      `${name} to start`,
    );
    return n;
  }

  const hlsUp = async (n: Node): Promise<boolean> =>
    (await fetch(`http://127.0.0.1:${n.httpPort}/hls/mp3.m3u8`)).status === 200;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paraweb-e2e-failover-'));
    const h = await helpers();
    freePort = h.freePort;
    db = await h.freshDatabaseUrl('postgres');
    dbUrl = db.url;
    fs.writeFileSync(path.join(dir, 'users'), '');
    // MP3 at the live mount's rate and channels: it passes through to /live.mp3 and its HLS
    const lib = path.join(dir, 'lib');
    fs.mkdirSync(lib);
    for (const [i, hz] of [220, 262, 330].entries()) {
      execFileSync('ffmpeg', [
        ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi'],
        ...['-i', `sine=frequency=${hz}:duration=${20 + i}`, '-ar', '44100', '-ac', '2'],
        ...['-b:a', '128k', '-metadata', `title=Tone ${hz}`, path.join(lib, `${hz}.mp3`)],
      ]);
    }
    execFileSync(process.execPath, [
      ...[path.join(dist, 'bin/para-admin.js'), '--afs-database-dir', dir],
      ...['--database-url', dbUrl, 'add', lib],
    ]);
    const [a, b] = await Promise.all([startNode('a'), startNode('b')]);
    await until(async () => (await hlsUp(a)) || (await hlsUp(b)), 30_000, 'a leader with HLS');
    [leader, standby] = (await hlsUp(a)) ? [a, b] : [b, a];

    const ngDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paraweb-e2e-nginx-'));
    nginx = await h.startNginx('hls-failover.conf', ngDir, await freePort(), [
      ['server 127.0.0.1:8000 ', `server 127.0.0.1:${a.httpPort} `],
      ['server 127.0.0.1:8001 ', `server 127.0.0.1:${b.httpPort} `],
    ]);

    // the web app: the standby's API (it outlives the leader), the stream through nginx
    webPort = await freePort();
    const nextBin = createRequire(path.join(webDir, 'package.json')).resolve('next/dist/bin/next');
    web = spawn(process.execPath, [nextBin, 'start', '-p', String(webPort), '-H', '127.0.0.1'], {
      cwd: webDir,
      stdio: 'ignore',
      env: {
        ...process.env,
        PARAWEB_API_URL: `http://127.0.0.1:${standby.apiPort}`,
        PARAWEB_STREAM_URL: `http://127.0.0.1:${nginx.port}/`,
        NEXT_TELEMETRY_DISABLED: '1',
      },
    });
    await until(
      async () => (await fetch(`http://127.0.0.1:${webPort}/listen`)).ok,
      60_000,
      'the web app',
    );
  });

  test.afterAll(async () => {
    web?.kill('SIGTERM');
    if (web) await exited(web);
    if (nginx) {
      await nginx.stop();
      fs.rmSync(nginx.dir, { recursive: true, force: true });
    }
    for (const n of nodes) {
      n.child.kill('SIGKILL');
      await exited(n.child);
      // what the node warned of (the shared state, the election), for a failure's report
      const said = n.log.split('\n').filter((l) => /hls:|leader|redis|warn|error/i.test(l));
      if (said.length > 0) console.log(`node ${n.name}:\n${said.join('\n').slice(-3000)}`);
    }
    await db?.cleanup();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('hls.js keeps playing when the leader is killed and the standby takes over', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    const errors: string[] = [];
    const t0 = Date.now();
    page.on('pageerror', (e) => errors.push(`${Date.now() - t0} ms: ${String(e)}`));
    // what hls.js asked for and got, for a failure's report (the segment numbers across the kill)
    const asked: string[] = [];
    page.on('response', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/hls/'))
        asked.push(
          `${Date.now() - t0} ms ${u.pathname.slice(5)} ${r.status()} ${r.headers()['x-cache-status'] ?? ''}`,
        );
    });
    page.on('requestfailed', (r) => asked.push(`${Date.now() - t0} ms ${r.url()} failed`));
    // before the kill, the player is kept from the segments the leader cuts in its last 2.5 s:
    // the leader then dies with a segment no player fetched (as when it is killed between a cut
    // and the players' next poll). The new leader must go on right after the last segment served,
    // not after the last cut: hls.js stalled at the missing number until the player reconnected
    // (2 runs of 3 when the new leader went on after the last cut).
    let hideAfter: number | undefined;
    let hiding = false;
    await page.route(/\/hls\/mp3\.m3u8(\?|$)/, async (route) => {
      // a poll on its way when the page closes (the test's end): dropped, not a failure (CI
      // failed once on "Response has been disposed" after every check had passed)
      const res = await route.fetch().catch(() => undefined);
      let body = await res?.text().catch(() => undefined);
      if (res === undefined || body === undefined) return route.abort().catch(() => {});
      if (hiding) {
        hideAfter ??=
          Number(/^#EXT-X-MEDIA-SEQUENCE:(\d+)$/m.exec(body)?.[1]) +
          body.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length -
          1;
        body = withoutSegmentsAfter(body, hideAfter);
        asked.push(`${Date.now() - t0} ms: the player is not told of segments after ${hideAfter}`);
      }
      await route.fulfill({ response: res, body }).catch(() => {});
    });
    await page.goto(`http://127.0.0.1:${webPort}/listen`);
    await page.getByRole('button', { name: 'Play' }).click();
    const phase = page.getByTestId('player-phase');
    await expect(phase).toHaveAttribute('data-phase', 'playing', { timeout: 20_000 });
    const audio = page.getByTestId('player-audio');
    // hls.js feeds the element through Media Source Extensions (a blob: URL)
    const src = (): Promise<string> => audio.evaluate((a: HTMLAudioElement) => a.src);
    expect(await src()).toMatch(/^blob:/);
    const t1 = await audioTime(page);
    await expect.poll(() => audioTime(page), { timeout: 15_000 }).toBeGreaterThan(t1 + 3);

    // every phase the player shows from now on, and how long it waited for data (buffering)
    const phases = new Set<string>();
    let stalledMs = 0;
    let last = Date.now();
    const watch = setInterval(() => {
      void phase
        .getAttribute('data-phase')
        .then((p) => {
          const now = Date.now();
          if (p === 'buffering') stalledMs += now - last;
          last = now;
          if (p && !phases.has(p) && p !== 'playing' && p !== 'buffering')
            // what the player says of it (the reason of a reconnection), for a failure's report
            void phase.textContent().then((t) => asked.push(`${now - t0} ms: the player: ${t}`));
          if (p) phases.add(p);
        })
        .catch(() => {});
    }, 250);
    // none before the kill either (PARAWEB_STREAM_URL once made the first render differ from the
    // server's HTML: React error #418, fixed in station-player.tsx)
    expect(errors).toEqual([]);
    hiding = true;
    await new Promise((r) => setTimeout(r, 2500));
    // and nginx's cache holds a playlist naming a segment the player never fetched: the player
    // asks for it right after the kill, while no node has it (the new leader has not cut it yet).
    // Left to chance (about 1 run of 5) before this wait; hls.js gave up when nginx's own answer
    // in those seconds was a 502 without CORS (nginx-errors.test.ts)
    const lastListed = async (): Promise<number> => {
      const body = await (await fetch(`http://127.0.0.1:${nginx!.port}/hls/mp3.m3u8`)).text();
      const seq = Number(/^#EXT-X-MEDIA-SEQUENCE:(\d+)$/m.exec(body)?.[1]);
      return seq + body.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length - 1;
    };
    await until(async () => (await lastListed()) > hideAfter!, 5000, 'a segment not fetched');
    const atKill = await audioTime(page);
    const killedAt = Date.now();
    asked.push(`${killedAt - t0} ms: kill -9 of ${leader.name}`);
    leader.child.kill('SIGKILL');
    // told only now: told before the kill, the player fetched the segment from the leader in
    // time once (CI, 2026-12-07), and the new leader rightly went on after it
    hiding = false;
    await exited(leader.child);
    await until(() => hlsUp(standby), 20_000, 'the new leader to serve HLS');
    console.log(`new leader serving HLS ${Date.now() - killedAt} ms after kill -9`);
    // 30 s after the kill the audio has gone on well past the old leader's last segment
    await new Promise((r) => setTimeout(r, 30_000));
    const after = await audioTime(page);
    clearInterval(watch);
    const t = await audioTime(page);
    await expect.poll(() => audioTime(page), { timeout: 5_000 }).toBeGreaterThan(t + 1);
    // the segment listed and not fetched, asked for while no node had it
    const retried = asked.filter((l) => / mp3\/\d+\.mp3 503 /.test(l)).length;
    console.log(
      `audio ${atKill.toFixed(1)} s at the kill, ${after.toFixed(1)} s 30 s later; phases ` +
        `${[...phases].join(', ')}; waited for data ${(stalledMs / 1000).toFixed(1)} s; ` +
        `${retried} segment answers 503`,
    );
    const report = (): string =>
      `the player's HLS requests:\n${asked.slice(-60).join('\n')}\nnginx:\n${nginx!.errors()}`;
    // on, and in step: the new leader's segments follow the old ones (no jump of a reservation)
    expect(after - atKill, report()).toBeGreaterThan(20);
    expect(after - atKill, report()).toBeLessThan(40);
    // a stall while the new leader cuts its first segment, no reconnection, no fallback
    expect(
      [...phases].filter((p) => p !== 'playing' && p !== 'buffering'),
      report(),
    ).toEqual([]);
    expect(await src()).toMatch(/^blob:/);
    expect(errors).toEqual([]);
    // the new leader went on right after the last segment the player fetched
    const took = /"start":\{"mp3":\{"seq":(\d+)/.exec(standby.log)?.[1];
    expect(Number(took), report()).toBe(hideAfter! + 1);
    await page.unrouteAll({ behavior: 'ignoreErrors' });
  });
});
