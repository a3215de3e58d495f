// Memory of `add` for one big file: para_admin adds a BIG_MB (default 1024) MB mp3 (copies of a
// fixture one after another: a long valid MPEG stream), then a flac of the same size (one stream,
// random samples encoded by the `flac` CLI, so its frames are as big as the raw audio), an m4a
// (AAC; ffmpeg loops the fixture without re-encoding: moov last, about 2.9 million samples per GB)
// and a wma (WMA v2 likewise: fixed-size ASF packets); with BIG_FORMATS=...,opus also an Ogg Opus
// of about that size (random samples at 512 kbit/s: about 100 s of opusenc per GB, so not by
// default; BIG_FORMATS picks, default "mp3,flac,m4a,wma"). Each add runs in a process of its own
// whose peak RSS (VmHWM) is read from /proc, as is the RSS once the add is done and the process
// idles. Target: the peak grows by less than 100 MB, whatever the file's size: big files are hashed
// in pieces and parsed in windows, an m4a by its moov atom only, a wma by its header only (issue 13
// item 4: a 1 GB file raised RSS by 1.05 GB). Run `npm run build` and make the test fixtures first
// (any server test does).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const server = path.join(root, 'apps', 'server');
const MB = 1024 * 1024;
const size = Number(process.env.BIG_MB ?? 1024) * MB;
const formats = (process.env.BIG_FORMATS ?? 'mp3,flac,m4a,wma').split(',');
const TARGET_MB = 100;

/** A long mp3: copies of a fixture back to back. */
function makeMp3(file) {
  const piece = fs.readFileSync(path.join(server, '.fixtures', 'notags.mp3'));
  const out = fs.openSync(file, 'w');
  for (let n = 0; n < size; n += piece.length) fs.writeSync(out, piece);
  fs.closeSync(out);
}

/** A long flac: one stream of random 16-bit stereo samples (flac -0 stores them verbatim). */
function makeFlac(file) {
  const raw = ['--force-raw-format', '--endian=little', '--sign=signed', '--channels=2'];
  const enc = spawnSync('sh', [
    '-c',
    `head -c ${size} /dev/urandom | flac -s -0 -f ${raw.join(' ')} --bps=16 --sample-rate=44100 -o "$0" -`,
    file,
  ]);
  if (enc.status !== 0) throw new Error(`flac failed: ${enc.stderr}`);
}

/** A long Ogg Opus: random samples at opus's highest bit rate (raw 1536 kbit/s, so 3x the bytes). */
function makeOpus(file) {
  const raw = '--raw --raw-bits 16 --raw-rate 48000 --raw-chan 2';
  const enc = spawnSync('sh', [
    '-c',
    `head -c ${size * 3} /dev/urandom | opusenc --quiet ${raw} --bitrate 512 --comp 0 - "$0"`,
    file,
  ]);
  if (enc.status !== 0) throw new Error(`opusenc failed: ${enc.stderr}`);
}

/** ffmpeg loops a fixture into `file` without re-encoding, to about `size` bytes. */
function loopFixture(name, file, ...opts) {
  const piece = fs.statSync(path.join(server, '.fixtures', name)).size;
  const loops = String(Math.ceil(size / piece) - 1);
  const fixture = path.join(server, '.fixtures', name);
  const args = ['-v', 'error', '-y', '-stream_loop', loops, '-i', fixture, '-map', '0:a'];
  const enc = spawnSync('ffmpeg', [...args, '-c', 'copy', ...opts, file]);
  if (enc.status !== 0) throw new Error(`ffmpeg failed: ${enc.stderr}`);
}

const makeM4a = (file) => loopFixture('aac.m4a', file);
const makeWma = (file) => loopFixture('wma.wma', file);

const MAKE = { mp3: makeMp3, flac: makeFlac, opus: makeOpus, m4a: makeM4a, wma: makeWma };

for (const format of formats) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paraweb-add-big-'));
  const file = path.join(dir, `long.${format}`);
  const made = performance.now();
  MAKE[format](file);
  const bytes = fs.statSync(file).size;
  const makeS = ((performance.now() - made) / 1000).toFixed(0);

  const kb = (pid, field) =>
    Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`))[1]);
  // the add runs in a process of its own, so that its RSS is the add's alone
  const script = `
  import path from 'node:path';
  const dist = ${JSON.stringify(path.join(server, 'dist', 'src'))};
  const { openDatabase, migrate } = await import(path.join(dist, 'db', 'index.js'));
  const { Afs } = await import(path.join(dist, 'afs', 'index.js'));
  const db = await openDatabase('file:${path.join(dir, 'big.db')}');
  await migrate(db);
  const afs = await Afs.open(db);
  const rss = () => Math.round(process.memoryUsage().rss / 1048576);
  const before = rss();
  const t = performance.now();
  const r = await afs.add([${JSON.stringify(file)}], { all: false, lazy: false, force: false, verbose: false });
  const ms = performance.now() - t;
  await new Promise((res) => setTimeout(res, 2000));
  process.send({ before, after: rss(), ms, added: r.added, errors: r.errors });
  await afs.close();
  await db.close();
`;
  const runner = path.join(dir, 'run.mjs');
  fs.writeFileSync(runner, script);
  const add = spawn(process.execPath, [runner], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let peakKb = 0;
  const sampler = setInterval(() => {
    try {
      peakKb = Math.max(peakKb, kb(add.pid, 'VmHWM'));
    } catch {
      // the process has ended
    }
  }, 50);
  const result = await new Promise((resolve) => add.once('message', resolve));
  peakKb = Math.max(peakKb, kb(add.pid, 'VmHWM'));
  clearInterval(sampler);
  await new Promise((r) => add.once('exit', r));
  fs.rmSync(dir, { recursive: true, force: true });

  const grew = peakKb / 1024 - result.before;
  console.log(
    `add of one ${Math.round(bytes / MB)} MB ${format} (made in ${makeS} s): ${result.added} added in ${(result.ms / 1000).toFixed(1)} s${result.errors?.length ? `, errors: ${JSON.stringify(result.errors)}` : ''}`,
  );
  console.log(
    `RSS before ${result.before} MB, peak ${Math.round(peakKb / 1024)} MB (+${Math.round(grew)} MB), 2 s after ${result.after} MB`,
  );
  console.log(
    `target: the peak grows by less than ${TARGET_MB} MB: ${grew < TARGET_MB ? 'met' : 'MISSED'}`,
  );
}
