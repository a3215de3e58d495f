// Shared bench helpers: the server's built modules, a fresh database, a command runner.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// PARAWEB_BENCH_DIST: another build directory of the server (e.g. a helper's dist-<name>)
export const dist = path.join(
  root,
  'apps',
  'server',
  process.env.PARAWEB_BENCH_DIST ?? 'dist',
  'src',
);
export const server = {
  db: await import(path.join(dist, 'db', 'index.js')),
  afs: await import(path.join(dist, 'afs', 'index.js')),
  commands: await import(path.join(dist, 'commands', 'index.js')),
};

export const scratch = path.join(process.env.BENCH_DIR ?? path.join(os.tmpdir(), 'paraweb-bench'));
fs.mkdirSync(scratch, { recursive: true });

export async function freshAfs(url) {
  const db = await server.db.openDatabase(url);
  await server.db.migrate(db);
  const afs = await server.afs.Afs.open(db);
  return { db, afs };
}

export function runner(afs) {
  const table = server.commands.buildCommandTable();
  const services = { afs, server: { version: 'bench', startedAt: new Date() } };
  return (argv) =>
    server.commands.runArgv(
      table,
      {
        services,
        user: { name: 'bench', perms: server.commands.ALL_PERMS },
        log: () => {},
        signal: new AbortController().signal,
      },
      argv,
    );
}

export const fmt = (n, d = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

/** N synthetic audio file rows (no files on disk) through the store's bulk path, numbered from `from`;
 * `at(k)` may give row k's path and size (bench/watch.bench.mjs: rows of files it made). */
export async function insertSynthetic(afs, N, from = 0, at = undefined) {
  const now = Math.floor(Date.now() / 1000);
  const table = new Uint32Array(Array.from({ length: 201 }, (_, i) => i * 418));
  for (let i = from; i < from + N; i += 5000) {
    const batch = [];
    for (let k = i; k < Math.min(from + N, i + 5000); k++) {
      batch.push({
        path: `/music/a${k % 400}/b${k % 1500}/track-${k}.mp3`,
        hash: k.toString(16).padStart(40, '0'),
        size: 83600,
        lastPlayed: now - (k % 10000) * 3600,
        attributes: BigInt(k % 7),
        numPlayed: k % 13,
        imageId: 0,
        lyricsId: 0,
        amp: 0,
        format: k % 3 === 0 ? 1 : 0,
        secondsTotal: 120 + (k % 300),
        durationMs: 5224,
        chunksTotal: 200,
        chunkTimeUs: 26122,
        bitrate: 96 + (k % 5) * 32,
        frequency: 44100,
        channels: 2,
        headerLen: 0,
        maxChunkSize: 418,
        techinfo: 'cbr, joint stereo, id3: v2',
        artist: `Artist ${k % 400}`,
        title: `Title ${k}`,
        year: String(1960 + (k % 60)),
        album: `Album ${k % 1500}`,
        comment: '',
        chunkTable: table,
        ...at?.(k),
      });
    }
    await afs.files.insertMany(batch);
  }
}

/** A sender that only counts chunks: the lateness benchmarks measure the vss clock itself. */
export function nullSender() {
  return {
    name: 'null',
    isOn: true,
    subcommands: {},
    chunks: 0,
    fileStart() {},
    chunk() {
      this.chunks++;
    },
    streamBreak() {},
    help: () => '',
    status: () => '',
    listenerCount: () => 0,
    command: async () => undefined,
    start: async () => {},
    stop: async () => {},
  };
}

/**
 * The stream engine on `afs`, placed as `engine` says: `thread` as the server runs it (engine and
 * senders on a stream thread of their own; no sender switched on), `main` in this thread beside
 * everything else (with a null sender). Either way with timing() and resetTiming().
 */
export async function openEngine(afs, engine) {
  const vssModule = await import(path.join(dist, 'vss', 'index.js'));
  if (engine === 'thread') {
    const { loadConfig } = await import(path.join(dist, 'config.js'));
    const { createLogger } = await import(path.join(dist, 'log.js'));
    // a directory of its own for what the stream thread keeps (HLS sequence numbers): the
    // default database directory need not exist on a bench machine
    const stateDir = fs.mkdtempSync(path.join(scratch, 'engine-'));
    const cfg = loadConfig(
      ['--http-port', '0', '--http-no-autostart', '--afs-database-dir', stateDir],
      {},
    ).config;
    const logger = createLogger({ loglevel: 'warning' }).logger;
    const host = await vssModule.StreamHost.open({ afs, senders: cfg, announceTimeMs: 0, logger });
    await host.start();
    return {
      vss: host,
      senders: host.senders,
      timing: () => host.timing(),
      resetTiming: () => host.resetTiming(),
      close: () => host.close(),
    };
  }
  const { SenderTable } = await import(path.join(dist, 'senders', 'index.js'));
  const senders = new SenderTable();
  senders.add(nullSender());
  const vss = new vssModule.Vss({ afs, senders, announceTimeMs: 0 });
  vss.start();
  return {
    vss,
    senders,
    timing: async () => vss.timing,
    resetTiming: async () => vss.resetTiming(),
    close: async () => vss.close(),
  };
}

/** ENGINES=thread,main (default): where the benchmarks that measure chunk lateness run the engine */
export const ENGINES = (process.env.ENGINES ?? 'thread,main').split(',');
