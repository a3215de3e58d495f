// add of 10,000 distinct small MP3s: files/s and the split of the time, side by side with MPD's
// library scan of the same files in the same run. Target: >= 2,000 files/s with SQLite.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fmt, freshAfs, scratch } from './lib.mjs';
import { makeLibrary } from './make-library.mjs';

const N = Number(process.env.N ?? 10_000);
const lib = path.join(scratch, `lib-${N}`);
let t = performance.now();
makeLibrary(lib, N);
console.log(
  `library: ${N} files in ${lib} (${fmt((performance.now() - t) / 1000, 1)} s to make or find)`,
);
// warm the page cache for both contestants alike
execFileSync('bash', ['-c', `find ${lib} -name '*.mp3' -print0 | xargs -0 cat > /dev/null`]);

async function ours(label, url) {
  const { db, afs } = await freshAfs(url);
  t = performance.now();
  const r = await afs.add([lib], { all: false, lazy: false, force: false, verbose: false });
  const wall = (performance.now() - t) / 1000;
  const tm = r.timing;
  console.log(
    `paraweb add (${label}): ${r.added} files in ${fmt(wall, 2)} s = ${fmt(r.added / wall)} files/s; ` +
      `worker CPU: read ${fmt(tm.readMs / 1000, 2)} s, hash ${fmt(tm.hashMs / 1000, 2)} s, parse ${fmt(tm.parseMs / 1000, 2)} s; ` +
      `main thread DB writes ${fmt(tm.dbMs / 1000, 2)} s`,
  );
  await afs.close();
  await db.close();
  return r.added / wall;
}

function mpd() {
  if (spawnSync('which', ['mpd']).status !== 0) {
    console.log('mpd: not installed (apt-get install mpd mpc), no comparison');
    return undefined;
  }
  const dir = fs.mkdtempSync(path.join(scratch, 'mpd-'));
  const conf = path.join(dir, 'mpd.conf');
  fs.writeFileSync(
    conf,
    [
      `music_directory "${lib}"`,
      `playlist_directory "${dir}"`,
      `db_file "${dir}/db"`,
      `log_file "${dir}/log"`,
      `pid_file "${dir}/pid"`,
      `state_file "${dir}/state"`,
      'bind_to_address "127.0.0.1"',
      'port "6611"',
      'auto_update "no"',
      'zeroconf_enabled "no"',
      'audio_output {\n type "null"\n name "null"\n}',
    ].join('\n'),
  );
  execFileSync('mpd', [conf]);
  try {
    const env = { ...process.env, MPD_HOST: '127.0.0.1', MPD_PORT: '6611' };
    for (let i = 0; i < 50 && spawnSync('mpc', ['status'], { env }).status !== 0; i++)
      execFileSync('sleep', ['0.1']);
    const t0 = performance.now();
    execFileSync('mpc', ['update', '--wait'], { env, stdio: 'ignore' });
    const wall = (performance.now() - t0) / 1000;
    const songs = /songs:\s+(\d+)/i.exec(execFileSync('mpc', ['stats'], { env }).toString())?.[1];
    console.log(
      `mpd 'mpc update --wait': ${songs} songs in ${fmt(wall, 2)} s = ${fmt(N / wall)} files/s (no hashing, no chunk tables)`,
    );
    return N / wall;
  } finally {
    spawnSync('mpd', ['--kill', conf]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const sqliteDir = fs.mkdtempSync(path.join(scratch, 'db-'));
const rate = await ours('SQLite', `file:${path.join(sqliteDir, 'bench.db')}`);
fs.rmSync(sqliteDir, { recursive: true, force: true });
const mpdRate = mpd();
if (process.env.PG_BENCH_URL) await ours('PostgreSQL', process.env.PG_BENCH_URL);
console.log(
  `target >= 2,000 files/s: ${rate >= 2000 ? 'met' : 'MISSED'} (${fmt(rate)} files/s)` +
    (mpdRate ? `; ratio to MPD ${fmt(rate / mpdRate, 2)}x` : ''),
);
