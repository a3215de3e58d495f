// The public /listen page in Debian's Chromium against the real server (built main.js, --autoplay,
// /live.mp3 and its HLS variant) and the built web app (next start):
//  1. time to first sound: from opening /listen (navigation start) and from the click on Play to
//     the first advance of the audio element's currentTime, looked at every 5 ms (target < 1.5 s
//     from opening; until 2026-12-06 it was timed at the first timeupdate event, up to 250 ms
//     after the advance), for HLS
//     (hls.js) and for /live.mp3 (the player's fallback: /hls/ is blocked in the page);
//  2. latency of the title: from a file change at the server (the new play's start, server clock,
//     read from /api/nowplaying/events) to the title change shown on /listen, for HLS and
//     /live.mp3. The page shows the title of what the listener hears, so this is the audio's lag.
// Env: TRIES (3), SECONDS (listening per latency run, 60), HLS_TARGET (4). Build first:
// npx turbo run build --filter=@paraweb/server --filter=@paraweb/web.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { fmt, freePort, scratch, sleep, startParaweb } from './http-servers.mjs';
import { synthWav } from './make-library.mjs';

const TRIES = Number(process.env.TRIES ?? 3);
const SECONDS = Number(process.env.SECONDS ?? 60);
const HLS_TARGET = Number(process.env.HLS_TARGET ?? 4);
const FILE_S = 12;
const here = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.join(here, '..', 'apps', 'web');
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** four 12 s MP3 files with their own titles, made once */
function library() {
  const lib = path.join(scratch, 'hls-listen-lib');
  if (fs.existsSync(path.join(lib, '.made'))) return lib;
  fs.mkdirSync(lib, { recursive: true });
  for (const [i, freq] of [220, 262, 330, 392].entries()) {
    const wav = path.join(lib, 'src.wav');
    synthWav(wav, FILE_S, ['sine', freq]);
    const out = path.join(lib, `t${i + 1}.mp3`);
    execFileSync('lame', ['--quiet', '-b', '128', '--cbr', '--tt', `Tone ${i + 1}`, wav, out]);
    fs.rmSync(wav);
  }
  fs.writeFileSync(path.join(lib, '.made'), '');
  return lib;
}

async function waitHttp(url, ms) {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(300)) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not yet
    }
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

/** the server's plays as they begin: [title, startedAt (ms, server clock)] */
function followPlays(apiUrl) {
  const plays = [];
  const ctl = new AbortController();
  void (async () => {
    const res = await fetch(`${apiUrl}/api/nowplaying/events`, { signal: ctl.signal });
    const dec = new TextDecoder();
    let buf = '';
    for await (const piece of res.body) {
      buf += dec.decode(piece, { stream: true });
      let end;
      while ((end = buf.indexOf('\n\n')) >= 0) {
        const data = /^data: (.*)$/m.exec(buf.slice(0, end))?.[1];
        buf = buf.slice(end + 2);
        const np = data && JSON.parse(data).nowPlaying;
        if (np && !plays.some((p) => p.startedAt === np.startedAt))
          plays.push({ title: np.title, startedAt: np.startedAt });
      }
    }
  })().catch(() => {});
  return { plays, stop: () => ctl.abort() };
}

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--autoplay-policy=no-user-gesture-required',
];

/** a fresh visitor's page; `mp3`: /hls/ blocked, so the player falls back to /live.mp3 */
async function visitor(browser, mp3) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  if (mp3) await page.route(/\/hls\//, (r) => r.abort());
  await page.addInitScript(() => {
    // the first advance of any media element, and every title shown, on the page's clock
    window.__firstSound = undefined;
    window.__titles = [];
    // timeupdate fires only every 250 ms or so while playing: currentTime is also looked at
    // every 5 ms, so the first advance is timed within a few ms
    const heard = (el) => {
      if (window.__firstSound === undefined && el.currentTime > 0)
        window.__firstSound = performance.now();
    };
    document.addEventListener(
      'timeupdate',
      (e) => {
        if (window.__firstTimeupdate === undefined && e.target.currentTime > 0)
          window.__firstTimeupdate = performance.now();
        heard(e.target);
      },
      true,
    );
    const poll = setInterval(() => {
      document.querySelectorAll('audio, video').forEach(heard);
      if (window.__firstSound !== undefined) clearInterval(poll);
    }, 5);
    const watch = () => {
      const el = document.querySelector('[data-testid="player-title"]');
      if (!el) return void setTimeout(watch, 50);
      const note = () => {
        const t = el.textContent;
        if (window.__titles.at(-1)?.[0] !== t) window.__titles.push([t, Date.now()]);
      };
      note();
      new MutationObserver(note).observe(el, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    };
    document.addEventListener('DOMContentLoaded', watch);
    // when Play can be pressed (the page hydrated and knows its stream)
    const ready = setInterval(() => {
      const b = [...document.querySelectorAll('button')].find(
        (x) => x.textContent.trim() === 'Play' || x.getAttribute('aria-label') === 'Play',
      );
      if (b && !b.disabled) {
        window.__playReady = performance.now();
        clearInterval(ready);
      }
    }, 5);
  });
  return { ctx, page };
}

async function firstSound(browser, base, mp3) {
  const { ctx, page } = await visitor(browser, mp3);
  try {
    await page.goto(`${base}/listen`);
    const play = page.getByRole('button', { name: 'Play' });
    await play.waitFor();
    const clickAt = await page.evaluate(() => performance.now());
    await play.click();
    await page.waitForFunction(() => window.__firstSound !== undefined, null, { timeout: 30_000 });
    await page.waitForFunction(() => window.__firstTimeupdate !== undefined, null, {
      timeout: 5_000,
    });
    const [sound, ready, loaded, tu, fetched] = await page.evaluate(() => [
      window.__firstSound,
      window.__playReady,
      performance.getEntriesByType('navigation')[0]?.loadEventEnd,
      window.__firstTimeupdate,
      // the stream's requests: where the time after the click goes
      performance
        .getEntriesByType('resource')
        .filter((r) => /\/hls\/|\/live\./.test(r.name))
        .map((r) => [new URL(r.name).pathname.replace(/.*\//, ''), r.startTime, r.responseEnd]),
    ]);
    const steps = fetched
      .filter(([, start]) => start >= clickAt - 1)
      .map(([name, start, end]) => `${name} ${fmt(start - clickAt)}-${fmt(end - clickAt)}`);
    return {
      fromOpen: sound,
      fromClick: sound - clickAt,
      ready,
      loaded,
      timeupdate: tu,
      steps: steps.join(', '),
    };
  } finally {
    await ctx.close();
  }
}

async function titleLatency(browser, base, apiUrl, mp3) {
  const { ctx, page } = await visitor(browser, mp3);
  const follow = followPlays(apiUrl);
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  const audioTime = () =>
    page.getByTestId('player-audio').evaluate((a) => [a.currentTime, performance.now()]);
  try {
    await page.goto(`${base}/listen`);
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForFunction(() => window.__firstSound !== undefined, null, { timeout: 30_000 });
    const [m0, w0] = await audioTime();
    await sleep(SECONDS * 1000);
    const [m1, w1] = await audioTime();
    // (a fallback to /live.mp3 blocked /hls/ on purpose: those aborted requests are not errors)
    const real = errors.filter((e) => !(mp3 && /ERR_FAILED|net::/.test(e)));
    console.log(
      `  ${mp3 ? '/live.mp3' : 'HLS'}: currentTime advanced ${fmt(m1 - m0, 1)} s in ${fmt((w1 - w0) / 1000, 1)} s ` +
        `of wall time; console errors: ${real.length ? real.join(' | ') : 'none'}`,
    );
    const titles = await page.evaluate(() => window.__titles);
    const out = [];
    // each play that began after the page played: when its title was shown
    for (const p of follow.plays) {
      const shown = titles.find(([t, at]) => t === p.title && at >= p.startedAt);
      if (shown && p.startedAt > titles[0][1]) out.push(shown[1] - p.startedAt);
    }
    return out;
  } finally {
    follow.stop();
    await ctx.close();
  }
}

console.log(`load before: ${uptime()}`);
const apiPort = await freePort();
const server = await startParaweb(library(), {
  extra: ['--api-port', String(apiPort), '--hls-target-duration', String(HLS_TARGET)],
  ready: () => waitHttp(`http://127.0.0.1:${apiPort}/api/nowplaying`, 180_000),
});
const apiUrl = `http://127.0.0.1:${apiPort}`;
const webPort = await freePort();
const nextBin = createRequire(path.join(webDir, 'package.json')).resolve('next/dist/bin/next');
const web = spawn(process.execPath, [nextBin, 'start', '-p', String(webPort), '-H', '127.0.0.1'], {
  cwd: webDir,
  env: { ...process.env, PARAWEB_API_URL: apiUrl, NEXT_TELEMETRY_DISABLED: '1' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const base = `http://127.0.0.1:${webPort}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ARGS,
});
try {
  await waitHttp(`${base}/listen`, 120_000);
  await sleep(3 * HLS_TARGET * 1000); // segments for a player to start with
  await (await browser.newPage()).goto(`${base}/listen`); // the page compiled and cached once
  for (const [label, mp3] of [
    ['HLS (hls.js)', false],
    ['/live.mp3', true],
  ]) {
    const runs = [];
    for (let i = 0; i < TRIES; i++) runs.push(await firstSound(browser, base, mp3));
    console.log(
      `first sound, ${label}: from opening /listen ${runs.map((r) => fmt(r.fromOpen)).join(', ')} ms ` +
        `(median ${fmt(median(runs.map((r) => r.fromOpen)))}), from the click ${runs.map((r) => fmt(r.fromClick)).join(', ')} ms; ` +
        `page loaded at ${runs.map((r) => fmt(r.loaded)).join(', ')} ms, Play ready at ${runs.map((r) => fmt(r.ready)).join(', ')} ms; ` +
        `(the first timeupdate came ${runs.map((r) => fmt(r.timeupdate - r.fromOpen)).join(', ')} ms after the first advance); ` +
        `target < 1,500 ms from opening; load ${uptime().replace(/.*load average: /, '')}`,
    );
    console.log(`  after the click (ms), first try: ${runs[0].steps}`);
    console.log(`  after the click (ms), last try: ${runs.at(-1).steps}`);
  }
  for (const [label, mp3] of [
    ['HLS (hls.js)', false],
    ['/live.mp3', true],
  ]) {
    const lat = await titleLatency(browser, base, apiUrl, mp3);
    console.log(
      `title change on /listen after the file change at the server, ${label}: ` +
        `${lat.map((l) => fmt(l / 1000, 1)).join(', ')} s (median ${lat.length ? fmt(median(lat) / 1000, 1) : '-'} s, ` +
        `${lat.length} changes in ${SECONDS} s); the title follows the audio, so this is the listener's lag; ` +
        `load ${uptime().replace(/.*load average: /, '')}`,
    );
  }
  console.log('targets (issue #16): first sound < 1.5 s; latency: figures for the closing note');
} finally {
  await browser.close();
  web.kill('SIGTERM');
  await server.stop();
  console.log(`load after: ${uptime()}`);
}
