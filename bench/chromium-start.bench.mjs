// How soon Debian's Chromium starts playing the HTTP stream, per format, with a small and with
// the default burst on connect (docs/streaming.md §3). Needs /usr/bin/chromium and Playwright.
// Env: SERVER_DIST (default apps/server/dist/src: npm run build first), TRIES (default 3).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { synthWav } from './make-library.mjs';
import { chromium } from 'playwright';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = process.env.SERVER_DIST ?? path.join(here, '..', 'apps', 'server', 'dist', 'src');
const TRIES = Number(process.env.TRIES ?? 3);
const { Vss } = await import(path.join(dist, 'vss', 'index.js'));
const { HttpSender, SenderTable } = await import(path.join(dist, 'senders', 'index.js'));
const { openDatabase, migrate } = await import(path.join(dist, 'db', 'index.js'));
const { Afs } = await import(path.join(dist, 'afs', 'index.js'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const scratch = process.env.BENCH_DIR ?? path.join(os.tmpdir(), 'paraweb-bench');
const lib = path.join(scratch, 'chromium-start-lib');
const FILES = {
  'mp3 128k': ['long.mp3', (w, o) => ['lame', '--quiet', '-b', '128', '--cbr', w, o]],
  'ogg/vorbis q3': ['long.ogg', (w, o) => ['oggenc', '-Q', '-q', '3', '-o', o, w]],
  'ogg/opus 96k': ['long.opus', (w, o) => ['opusenc', '--quiet', '--bitrate', '96', w, o]],
  'aac (m4a) 128k': [
    'long.m4a',
    (w, o) => ['ffmpeg', '-v', 'error', '-y', '-i', w, '-c:a', 'aac', '-b:a', '128k', o],
  ],
  flac: ['long.flac', (w, o) => ['flac', '-s', '-f', '-5', '-o', o, w]],
};
if (!fs.existsSync(path.join(lib, '.made'))) {
  fs.mkdirSync(lib, { recursive: true });
  const wav = path.join(lib, 'src.wav');
  synthWav(wav, 25, ['sine', 220, 'sine', 277, 'pinknoise', 'remix', '1,3', '2,3']);
  for (const [name, cmd] of Object.values(FILES)) {
    const [bin, ...args] = cmd(wav, path.join(lib, name));
    execFileSync(bin, args, { stdio: 'ignore' });
  }
  fs.rmSync(wav);
  fs.writeFileSync(path.join(lib, '.made'), '');
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required'],
});
console.log(`time from page load to 'playing', ${TRIES} page loads each, joining a running stream`);
for (const [label, [name]] of Object.entries(FILES)) {
  const row = [];
  for (const burstMs of [2000, undefined]) {
    const dir = fs.mkdtempSync(path.join(scratch, 'chromium-start-'));
    const db = await openDatabase(`file:${path.join(dir, 'bench.db')}`);
    await migrate(db);
    const afs = await Afs.open(db);
    fs.copyFileSync(path.join(lib, name), path.join(dir, name));
    await afs.add([path.join(dir, name)], {
      all: false,
      lazy: false,
      force: false,
      verbose: false,
    });
    const senders = new SenderTable();
    const http = new HttpSender({
      port: 0,
      listenAddresses: ['127.0.0.1'],
      burstMs,
      maxQueueBytes: 4 << 20,
    });
    senders.add(http);
    const vss = new Vss({ afs, senders, announceTimeMs: 0 });
    vss.start();
    await http.start();
    vss.play();
    await sleep(12_500); // more than the default burst has streamed
    const times = [];
    for (let i = 0; i < TRIES; i++) {
      const page = await browser.newPage();
      await page.setContent(
        `<audio id=a src="http://127.0.0.1:${http.port}/?${i}" autoplay></audio><script>window.ev=[];` +
          `const a=document.getElementById('a');a.addEventListener('playing',()=>ev.push(Math.round(performance.now())));` +
          `a.addEventListener('error',()=>ev.push('error '+a.error.code));</script>`,
      );
      await page
        .waitForFunction(() => window.ev.length > 0, null, { timeout: 15_000 })
        .catch(() => {});
      times.push(await page.evaluate(() => window.ev[0] ?? 'none'));
      await page.close();
    }
    row.push(
      `${burstMs === undefined ? 'default' : `${burstMs} ms`} burst: ${times.join(' / ')} ms`,
    );
    vss.close();
    await http.stop();
    await afs.close();
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`${label.padEnd(16)} ${row.join('; ')}`);
}
await browser.close();
