// The Audience page's queries on a busy month (issue #17): SESSIONS (default 1,000,000) listener
// sessions and PLAYS (default 100,000) plays spread over 30 days, with their hourly roll-ups and
// the last day's per-minute counts, bulk-inserted into a fresh SQLite file and a fresh
// PostgreSQL database (PG_TEST_URL, default the local server). Each query runs once to warm up,
// then RUNS (5) times; the median is printed with its target. Targets: the 30-day chart query
// < 200 ms, the top-files query < 300 ms. Run `npm run build` (the server) first.
//   node bench/audience-queries.bench.mjs [sqlite|postgres ...]
import { execSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'apps', 'server', process.env.PARAWEB_BENCH_DIST ?? 'dist');
const { openDatabase, migrate, valuesList } = await import(
  path.join(dist, 'src', 'db', 'index.js')
);
const { AudienceQueries } = await import(path.join(dist, 'src', 'audience', 'index.js'));
const { buildCommandTable, runArgv, PERMS } = await import(
  path.join(dist, 'src', 'commands', 'index.js')
);
const { freshDatabaseUrl } = await import(path.join(dist, 'test', 'db.js'));

const SESSIONS = Number(process.env.SESSIONS ?? 1_000_000);
const PLAYS = Number(process.env.PLAYS ?? 100_000);
const RUNS = Number(process.env.RUNS ?? 5);
const kinds = process.argv.slice(2).length ? process.argv.slice(2) : ['sqlite', 'postgres'];
const DAY = 86_400_000;
const HOUR = 3_600_000;
const END = Date.UTC(2026, 11, 1);
const START = END - 30 * DAY;
const OUTPUTS = ['/', '/live.mp3', '/live.opus', '/hls'];
const FAMILIES = ['VLC', 'Firefox', 'Chrome', 'Safari', 'iOS', 'Android', 'ffmpeg', 'relay'];

/** a small deterministic generator, so both databases get the same rows */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** SQLite keeps DateTime as ISO text with an offset (Prisma's format); PostgreSQL takes Dates */
const at = (kind, ms) =>
  kind === 'sqlite' ? new Date(ms).toISOString().replace('Z', '+00:00') : new Date(ms);

async function insert(db, table, cols, rows) {
  const quoted = cols.map((c) => `"${c}"`).join(', ');
  const per = Math.floor(30_000 / cols.length);
  for (let i = 0; i < rows.length; i += per) {
    const part = rows.slice(i, i + per);
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO "${table}" (${quoted}) VALUES ${valuesList(db.kind, part.length, cols.length)}`,
      ...part.flat(),
    );
  }
}

async function seed(db) {
  const r = rng(17);
  const t0 = Date.now();
  const hours = new Map();
  const chunk = 100_000;
  for (let done = 0; done < SESSIONS; done += chunk) {
    const rows = [];
    for (let i = 0; i < Math.min(chunk, SESSIONS - done); i++) {
      const start = START + Math.floor(r() * 30 * DAY);
      // lengths: most short, some hours long
      const len = Math.floor(10 + r() ** 3 * 4 * 3600);
      const output = OUTPUTS[Math.floor(r() * OUTPUTS.length)];
      rows.push([
        output,
        at(db.kind, start),
        at(db.kind, start + len * 1000),
        len * 16_000,
        '10.0.0.0/24',
        FAMILIES[Math.floor(r() * FAMILIES.length)],
        'client',
      ]);
      const key = `${start - (start % HOUR)}|${output}`;
      const h = hours.get(key) ?? { sessions: 0, seconds: 0 };
      h.sessions++;
      h.seconds += len;
      hours.set(key, h);
    }
    await insert(
      db,
      'ListenerSession',
      ['output', 'startedAt', 'endedAt', 'bytes', 'address', 'family', 'endReason'],
      rows,
    );
  }
  const hourRows = [...hours].map(([key, h]) => {
    const [hour, output] = key.split('|');
    return [at(db.kind, Number(hour)), output, Math.ceil(h.seconds / 3600), h.seconds, h.sessions];
  });
  await insert(
    db,
    'ListenerHour',
    ['hour', 'output', 'peak', 'listenerSeconds', 'sessions'],
    hourRows,
  );
  const minuteRows = [];
  for (let m = END - DAY; m < END; m += 60_000)
    for (const output of OUTPUTS) minuteRows.push([at(db.kind, m), output, Math.floor(r() * 50)]);
  await insert(db, 'ListenerMinute', ['minute', 'output', 'listeners'], minuteRows);
  const plays = [];
  const step = (30 * DAY) / PLAYS;
  for (let i = 0; i < PLAYS; i++) {
    const start = START + Math.floor(i * step);
    const fileId = 1 + Math.floor(r() ** 2 * 5000);
    const listeners = Math.floor(r() * 200);
    plays.push([
      fileId,
      `/music/artist ${fileId % 300}/track ${fileId}.mp3`,
      at(db.kind, start),
      at(db.kind, start + step),
      'ended',
      'm/all',
      listeners,
      listeners + 5,
      Math.max(0, listeners - 3),
      Math.floor(r() * 10),
    ]);
  }
  await insert(
    db,
    'Play',
    [
      'fileId',
      'path',
      'startedAt',
      'endedAt',
      'endReason',
      'mode',
      'listenersStart',
      'listenersPeak',
      'listenersEnd',
      'tuneOuts',
    ],
    plays,
  );
  if (db.kind === 'postgres') await db.prisma.$executeRawUnsafe('ANALYZE');
  else await db.prisma.$executeRawUnsafe('ANALYZE');
  return Date.now() - t0;
}

async function time(fn) {
  await fn();
  const ms = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)];
}

const uptime = () => execSync('uptime').toString().trim();
console.log(
  `audience queries: ${SESSIONS} sessions, ${PLAYS} plays over 30 days; median of ${RUNS}`,
);
console.log(`load before: ${uptime()}`);
for (const kind of kinds) {
  const fresh = await freshDatabaseUrl(kind);
  const db = await openDatabase(fresh.url);
  try {
    await migrate(db);
    const seedMs = await seed(db);
    console.log(`\n${kind}: seeded in ${(seedMs / 1000).toFixed(1)} s`);
    const q = new AudienceQueries(db);
    const range = { from: new Date(START), to: new Date(END) };
    const table = buildCommandTable();
    const services = { server: { version: 'bench', startedAt: new Date() }, audience: q };
    const command = (args) =>
      runArgv(
        table,
        {
          services,
          user: { name: 'bench', perms: PERMS.AFS_READ },
          log: () => {},
          signal: new AbortController().signal,
        },
        ['audience', ...args, '-s', String(START / 1000), '-u', String(END / 1000)],
      );
    const rows = [
      ['30-day chart (hourly roll-ups, 6 h buckets)', () => q.chart(range, 6), 200],
      ['30-day top files (20)', () => q.topFiles(range, 20), 300],
      ['30-day median session lengths', () => q.lengths(range, 6 * HOUR), undefined],
      ['audience chart command (both above)', () => command(['chart']), undefined],
      ['30-day files that lose listeners', () => q.tuneOuts(range, 20, 10), undefined],
      ['30-day player families', () => q.families(range), undefined],
      ['sessions page 1 (50) with total', () => q.sessionPage(range, 1, 50), undefined],
      [
        'last hour per minute',
        () => q.minutes({ from: new Date(END - HOUR), to: new Date(END) }),
        undefined,
      ],
    ];
    for (const [name, fn, target] of rows) {
      const ms = await time(fn);
      const verdict =
        target === undefined
          ? ''
          : ms < target
            ? `  (target < ${target} ms: ok)`
            : `  (target < ${target} ms: MISSED)`;
      console.log(`  ${name}: ${ms.toFixed(1)} ms${verdict}`);
    }
  } finally {
    await db.close();
    await fresh.cleanup();
  }
}
console.log(`\nload after: ${uptime()}`);
