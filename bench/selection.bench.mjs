// With 100,000 files: loading a mood (parse + evaluate + score) < 1 s, a preview < 300 ms,
// choosing the next file (best + recording the play) < 5 ms.
import fs from 'node:fs';
import path from 'node:path';
import { fmt, freshAfs, insertSynthetic, scratch } from './lib.mjs';

const N = Number(process.env.N ?? 100_000);
const dir = fs.mkdtempSync(path.join(scratch, 'sel-'));
const { db, afs } = await freshAfs(`file:${path.join(dir, 'sel.db')}`);
await insertSynthetic(afs, N);
await afs.attributes.add(['rock', 'jazz', 'calm']);
const MOOD = [
  '# a typical mood: some attributes, a year range, not played too often, a path pattern',
  '(is_set("rock") || is_set("jazz")) && !is_set("calm")',
  '&& year >= 1970 && year <= 2010 && num_played < 10',
  '&& (path =| |/music/a1*| || bitrate >= 128)',
].join('\n');
await afs.blobs.mood.add('bench', new TextEncoder().encode(MOOD));
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const loads = [];
let activated = '';
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  activated = (await afs.selector.select('m/bench')).lines.at(-1);
  loads.push(performance.now() - t);
}
console.log(
  `mood load over ${fmt(N)} files (${activated}): median ${fmt(median(loads))} ms; target < 1000 ms: ${median(loads) < 1000 ? 'met' : 'MISSED'}`,
);

const { preview } = await import('../apps/server/dist/src/afs/selection/index.js');
const previews = [];
let count = 0;
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  count = (await preview(afs.files.all(), MOOD.replace('< 10', '< 5'), afs.moodContext(), 20))
    .admissible;
  previews.push(performance.now() - t);
}
console.log(
  `preview of an unsaved mood (${fmt(count)} matches, first 20): median ${fmt(median(previews))} ms; target < 300 ms: ${median(previews) < 300 ? 'met' : 'MISSED'}`,
);

const picks = [];
for (let i = 0; i < 200; i++) {
  const t = performance.now();
  const best = afs.selector.best();
  const f = afs.files.get(best.id);
  afs.selector.played(f);
  await afs.files.changeAfsi([
    { id: f.id, addPlayed: 1, set: { lastPlayed: Math.floor(Date.now() / 1000) } },
  ]);
  picks.push(performance.now() - t);
}
console.log(
  `choosing the next file and recording the play: median ${fmt(median(picks), 2)} ms, max ${fmt(Math.max(...picks), 2)} ms; target < 5 ms: ${median(picks) < 5 ? 'met' : 'MISSED'}`,
);
await afs.close();
await db.close();
fs.rmSync(dir, { recursive: true, force: true });
