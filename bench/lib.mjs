// Shared bench helpers: the server's built modules, a fresh database, a command runner.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'apps', 'server', 'dist', 'src');
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
