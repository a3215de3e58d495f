#!/usr/bin/env node
// para_admin: runs any server command directly against the database, with every permission, for
// the person who owns the box. If a server is running on the same database it is told (SIGHUP)
// to re-read its tables afterwards.
import { openRedisBus, startAfsSync } from '../src/afs/index.js';
import { openCore } from '../src/core.js';
import { ALL_PERMS, runArgv } from '../src/commands/index.js';
import type { CommandContext } from '../src/commands/index.js';
import { splitServerArgs as split } from '../src/config-options.js';
import { loadConfig } from '../src/config.js';
import { toParaError } from '../src/errors.js';
import { silentLogger } from '../src/log.js';
import { pidFilePath, runningServer } from '../src/pid-file.js';
import { exitWhenWritten } from './exit.js';

const USAGE = `usage: para_admin [server options] [--] command [args...]
Runs a para_server command on the database named by the server options
(--afs-database-dir, --database-url, -c config file; DATABASE_URL also works).
Examples: para_admin add /music    para_admin ls -l    para_admin help
`;

function readStdin(): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    process.stdin.on('data', (d: Buffer) => parts.push(d));
    process.stdin.on('end', () => resolve(Buffer.concat(parts)));
    process.stdin.on('error', reject);
  });
}

/** SIGHUP to the server of this database directory: only to the process that holds its pid
 * file open, never to whatever got the PID of a stale file (src/pid-file.ts). */
function notifyServer(dir: string): void {
  const pid = runningServer(pidFilePath(dir));
  if (pid === undefined) return; // no server running on this database: nothing to tell
  try {
    process.kill(pid, 'SIGHUP');
  } catch {
    // it ended meanwhile
  }
}

async function main(): Promise<number> {
  const { serverArgs, command } = split(process.argv.slice(2));
  if (command.length === 0 || command[0] === '--help' || command[0] === '-h') {
    process.stdout.write(USAGE);
    return command.length === 0 ? 2 : 0;
  }
  const loaded = loadConfig(serverArgs);
  if (!loaded.ok) {
    process.stderr.write(`para_admin: ${loaded.errors.join('\n  ')}\n`);
    return 2;
  }
  if (!('config' in loaded)) {
    process.stdout.write(USAGE);
    return 0;
  }
  const core = await openCore(loaded.config, silentLogger());
  // the server processes on this database hear of the changes the way they hear of each other's
  const { redisUrl, redisPrefix } = loaded.config;
  const quiet = { info: () => {}, warn: () => {} };
  const peers = redisUrl ? await openRedisBus(core.db, redisUrl, redisPrefix, quiet) : undefined;
  const sync = peers && startAfsSync(core.afs, peers, quiet);
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  const ctx: CommandContext = {
    services: core.services,
    user: { name: 'admin', perms: ALL_PERMS },
    log: (line) => process.stdout.write(`${line}\n`),
    signal: abort.signal,
    readData: readStdin,
  };
  try {
    const result = await runArgv(core.commands, ctx, command);
    process.stdout.write(Buffer.from(result.text, result.command.binaryOutput ? 'latin1' : 'utf8'));
    if (result.command.kind === 'mutation') {
      await sync?.flush();
      if (peers && peers.state !== 'connected')
        process.stderr.write(
          `para_admin: ${peers.describe()}: other server processes were not told\n`,
        );
      notifyServer(loaded.config.afsDatabaseDir);
    }
    if (result.failure === undefined) return 0;
    process.stderr.write(`para_admin: ${result.failure}\n`);
    return 1;
  } catch (err) {
    const e = toParaError(err);
    process.stderr.write(`para_admin: ${e.message}\n`);
    return 1;
  } finally {
    sync?.close();
    peers?.close();
    core.services.renditions?.close();
    await core.afs.close();
    await core.db.close();
  }
}

main()
  .then(exitWhenWritten)
  .catch((err: unknown) => {
    process.stderr.write(`para_admin: ${toParaError(err).message}\n`);
    exitWhenWritten(1);
  });
