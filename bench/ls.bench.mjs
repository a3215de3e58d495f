// ls -l over 100,000 files (target: whole listing < 2 s) and of one path (target: < 20 ms).
// The rows are synthetic and inserted through the store's bulk path; ls reads them as usual.
import fs from 'node:fs';
import path from 'node:path';
import { fmt, freshAfs, insertSynthetic, runner, scratch } from './lib.mjs';

const N = Number(process.env.N ?? 100_000);
const dir = fs.mkdtempSync(path.join(scratch, 'ls-'));
let { db, afs } = await freshAfs(`file:${path.join(dir, 'ls.db')}`);
let t = performance.now();
await insertSynthetic(afs, N);
console.log(`inserted ${fmt(N)} rows in ${fmt((performance.now() - t) / 1000, 1)} s`);
await afs.close();
await db.close();
t = performance.now();
({ db, afs } = await freshAfs(`file:${path.join(dir, 'ls.db')}`));
console.log(
  `server start: loaded ${fmt(afs.files.size)} files in ${fmt(performance.now() - t)} ms`,
);
const run = runner(afs);
const time = async (argv, reps) => {
  const times = [];
  let bytes = 0;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    const r = await run(argv);
    times.push(performance.now() - t0);
    bytes = r.text.length;
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], bytes };
};
const all = await time(['ls', '-l'], 5);
console.log(
  `ls -l (all ${fmt(N)} files): median ${fmt(all.median)} ms, ${fmt(all.bytes / 1e6, 1)} MB of text; target < 2000 ms: ${all.median < 2000 ? 'met' : 'MISSED'}`,
);
const one = await time(['ls', '-l', `/music/a7/b7/track-7.mp3`], 50);
console.log(
  `ls -l one path: median ${fmt(one.median, 2)} ms; target < 20 ms: ${one.median < 20 ? 'met' : 'MISSED'}`,
);
const pat = await time(['ls', '-l', '/music/a7/*'], 10);
console.log(`ls -l '/music/a7/*' (pattern scan): median ${fmt(pat.median, 1)} ms`);
const v = await time(['ls', '-lv', '-s', 'l'], 3);
console.log(`ls -l=v -s l (all): median ${fmt(v.median)} ms`);
await afs.close();
await db.close();
fs.rmSync(dir, { recursive: true, force: true });
