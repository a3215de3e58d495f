// kill -9 during writes: para_admin is killed at a random moment while it adds a library, and
// while it changes every row at once (setatt, touch); after each round the database is opened
// and every row is checked: the file it names exists and has the hash the row says, its chunk
// table has chunksTotal + 1 offsets, its attribute bits belong to attributes, and SQLite's
// integrity check passes. Target (issue 13): 0 damaged rows on SQLite and PostgreSQL; a last add
// completes the library. ROUNDS (default 20 per database), FILES (default 120), DBS
// (sqlite,postgres). Needs `npm run build` and ffmpeg; PostgreSQL as the server tests use it.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { dist, server } from './lib.mjs';

const ROUNDS = Number(process.env.ROUNDS ?? 20);
const FILES = Number(process.env.FILES ?? 120);
const DBS = (process.env.DBS ?? 'sqlite,postgres').split(',');
const PG_ADMIN_URL = process.env.PG_TEST_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const ADMIN = path.join(dist, '..', 'bin', 'para-admin.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paraweb-kill9-'));
const lib = path.join(dir, 'lib');

/** FILES short tones of distinct pitches in three formats (distinct contents, distinct hashes) */
function makeLibrary() {
  fs.mkdirSync(lib);
  const kinds = [
    ['mp3', ['-c:a', 'libmp3lame', '-b:a', '64k']],
    ['ogg', ['-c:a', 'libvorbis', '-q:a', '0']],
    ['flac', ['-c:a', 'flac']],
  ];
  for (let i = 0; i < FILES; i++) {
    const [ext, codec] = kinds[i % kinds.length];
    const out = path.join(lib, `tone-${String(i).padStart(4, '0')}.${ext}`);
    const r = spawnSync('ffmpeg', [
      ...['-v', 'error', '-f', 'lavfi', '-i', `sine=frequency=${200 + i * 7}:duration=3`],
      ...['-ac', '2', ...codec, out],
    ]);
    if (r.status !== 0) throw new Error(`ffmpeg: ${r.stderr}`);
  }
}

async function freshPostgres() {
  const name = `paraweb_kill9_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** runs para_admin; with killAfterMs, kills it with SIGKILL then (if it is still running) */
function admin(dbArgs, argv, killAfterMs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [ADMIN, ...dbArgs, ...argv], { stdio: 'ignore' });
    let killed = false;
    const timer =
      killAfterMs === undefined
        ? undefined
        : setTimeout(() => {
            killed = child.kill('SIGKILL');
          }, killAfterMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, killed });
    });
  });
}

const sha1 = (file) => crypto.createHash('sha1').update(fs.readFileSync(file)).digest('hex');

/** opens the database as the server does and checks every row; the number of damaged rows */
async function damagedRows(dbUrl) {
  const db = await server.db.openDatabase(dbUrl);
  let damaged = 0;
  try {
    if (db.kind === 'sqlite') {
      const rows = await db.prisma.$queryRawUnsafe('PRAGMA integrity_check');
      if (JSON.stringify(rows) !== JSON.stringify([{ integrity_check: 'ok' }])) {
        console.log('  integrity_check:', JSON.stringify(rows));
        damaged++;
      }
    }
    await server.db.migrate(db);
    const afs = await server.afs.Afs.open(db);
    let known = 0n;
    for (const [, bit] of afs.attributes.entries()) known |= 1n << BigInt(bit);
    for (const f of afs.files.all()) {
      const problems = [];
      if (!fs.existsSync(f.path)) problems.push('no such file');
      else if (sha1(f.path) !== f.hash) problems.push('hash differs');
      const table = (await afs.files.chunkTable(f.id))?.offsets;
      if (!table || table.length !== f.chunksTotal + 1)
        problems.push(`chunk table of ${table?.length} offsets for ${f.chunksTotal} chunks`);
      if ((f.attributes & ~known) !== 0n) problems.push('attribute bits nobody owns');
      if (problems.length > 0) {
        damaged++;
        console.log(`  damaged: ${f.path}: ${problems.join(', ')}`);
      }
    }
    const size = afs.files.size;
    await afs.close();
    return { damaged, files: size };
  } finally {
    await db.close();
  }
}

async function rounds(kind) {
  const pgDb = kind === 'postgres' ? await freshPostgres() : undefined;
  const dbDir = path.join(dir, `db-${kind}`);
  const dbArgs = ['--afs-database-dir', dbDir, ...(pgDb ? ['--database-url', pgDb.url] : [])];
  const dbUrl = pgDb ? pgDb.url : `file:${path.join(dbDir, 'paraweb.db')}`;
  const started = performance.now();
  let killed = 0;
  let damaged = 0;
  try {
    await admin(dbArgs, ['addatt', 'kept', 'loud']);
    for (let i = 0; i < ROUNDS; i++) {
      // the first rounds kill adds; later ones also bulk changes of every row added so far
      const work = [
        ['add', lib],
        ['setatt', i % 2 ? 'kept+' : 'kept-', 'loud+', '*'],
        ['touch', `-n=${i}`, '-l=1700000000', '*'],
      ][i < ROUNDS / 2 ? 0 : i % 3];
      // para_admin takes ~1-2 s to open the database: the kills land from then to the end of the work
      const r = await admin(dbArgs, work, 800 + Math.floor(Math.random() * 4000));
      if (r.killed) killed++;
      const d = await damagedRows(dbUrl);
      damaged += d.damaged;
      console.log(
        `${kind} round ${i + 1}: ${work[0]} ${r.killed ? 'killed' : `ended (${r.code})`}; ` +
          `${d.files} files, ${d.damaged} damaged`,
      );
    }
    const last = await admin(dbArgs, ['add', lib]);
    const end = await damagedRows(dbUrl);
    damaged += end.damaged;
    return {
      kind,
      killed,
      damaged,
      complete: last.code === 0 && end.files === FILES,
      files: end.files,
      s: (performance.now() - started) / 1000,
    };
  } finally {
    await pgDb?.drop();
  }
}

makeLibrary();
const results = [];
for (const kind of DBS) results.push(await rounds(kind));
console.log('\nkill -9 during add, setatt and touch (para_admin):');
for (const r of results)
  console.log(
    `  ${r.kind.padEnd(8)} ${ROUNDS} rounds, ${r.killed} killed mid-work, ${r.damaged} damaged rows, ` +
      `last add: ${r.files}/${FILES} files ${r.complete ? 'complete' : 'INCOMPLETE'} (${r.s.toFixed(0)} s)`,
  );
console.log('target: 0 damaged rows, the library complete after a last add');
fs.rmSync(dir, { recursive: true, force: true });
process.exitCode = results.every((r) => r.damaged === 0 && r.complete) ? 0 : 1;
