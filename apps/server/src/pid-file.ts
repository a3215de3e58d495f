// The pid file in the database directory. para_admin finds the server there (SIGHUP after a
// change), and it is the lock that keeps a second server off the same directory. The server keeps
// the file open for its whole life, so "the server of this directory" is the process that holds
// this very file open (Linux: /proc/PID/fd): a stale file left by a killed server never makes
// anyone signal, or wait for, an unrelated process that got the PID later.
import fs from 'node:fs';
import path from 'node:path';
import { isPostgresUrl, sqliteFile } from './db/index.js';
import { ParaError } from './errors.js';

export const PID_FILE_NAME = 'para_server.pid';

export function pidFilePath(dir: string): string {
  return path.join(dir, PID_FILE_NAME);
}

function sameFile(a: fs.Stats, b: fs.Stats): boolean {
  return a.ino === b.ino && a.dev === b.dev;
}

/** Does process `pid` hold the file `st` open? False where /proc cannot tell (other systems,
 * another user's process): then nobody is signalled, which is the safe side. */
function holdsOpen(pid: number, st: fs.Stats): boolean {
  let fds: string[];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  return fds.some((fd) => {
    try {
      return sameFile(fs.statSync(`/proc/${pid}/fd/${fd}`), st);
    } catch {
      return false; // closed meanwhile
    }
  });
}

/** The PID of the para_server running on the directory of `file`, or undefined if none. */
export function runningServer(file: string): number | undefined {
  let st: fs.Stats;
  let text: string;
  try {
    st = fs.statSync(file);
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(text.split('\n')[0]!.trim());
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  return holdsOpen(pid, st) ? pid : undefined;
}

export interface PidLock {
  file: string;
  /** removes the file (if it is still this server's) and closes it */
  release(): void;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Writes this process's pid file in `dir` (created if missing) and keeps it open. Refuses, with
 * a message that says what to do, when another server runs on the directory or when the file
 * cannot be written.
 */
export function claimPidFile(dir: string, option = '--afs-database-dir'): PidLock {
  const file = pidFilePath(dir);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new ParaError(
      'E_CONFIG',
      `cannot create the database directory ${dir} for the pid file ${PID_FILE_NAME}: ${errorText(err)}; give ${option} a directory this user can write`,
      { cause: err },
    );
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const other = runningServer(file);
    if (other !== undefined && other !== process.pid) {
      throw new ParaError(
        'E_EXISTS',
        `another para_server (pid ${other}) runs on the database directory ${dir}; stop it first (kill ${other}) or give this one another ${option}`,
      );
    }
    // absent or stale: a new file (a new inode) that appears with its content, already held
    // open, so a server starting at the same moment sees it running (link fails if it exists)
    const tmp = `${file}.${process.pid}`;
    let fd: number | undefined;
    try {
      fd = fs.openSync(tmp, 'w', 0o644);
      fs.writeSync(fd, `${process.pid}\n`);
      fs.rmSync(file, { force: true });
      fs.linkSync(tmp, file);
    } catch (err) {
      if (fd !== undefined) fs.closeSync(fd);
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue; // another start won the race
      throw new ParaError(
        'E_CONFIG',
        `cannot write the pid file ${file}: ${errorText(err)}; give ${option} a directory this user can write`,
        { cause: err },
      );
    } finally {
      fs.rmSync(tmp, { force: true });
    }
    const mine = fs.fstatSync(fd);
    let released = false;
    return {
      file,
      release() {
        if (released) return;
        released = true;
        try {
          if (sameFile(fs.statSync(file), mine)) fs.rmSync(file, { force: true });
        } catch {
          // already gone
        }
        fs.closeSync(fd);
      },
    };
  }
  throw new ParaError(
    'E_EXISTS',
    `another para_server is starting on the database directory ${dir}`,
  );
}

/**
 * The server's locks: the pid file of its database directory and, for a SQLite file elsewhere
 * (--database-url file:...), one beside that file too, so that a second server started from
 * another directory on the same SQLite file refuses to start (both would stream it). On
 * PostgreSQL several servers share the database; the playout leader's election (leader/) decides
 * which one streams.
 */
export function claimServerLocks(afsDatabaseDir: string, databaseUrl: string): PidLock {
  const dirLock = claimPidFile(afsDatabaseDir);
  if (isPostgresUrl(databaseUrl)) return dirLock;
  const fileDir = path.dirname(path.resolve(sqliteFile(databaseUrl)));
  if (fileDir === path.resolve(afsDatabaseDir)) return dirLock;
  let fileLock: PidLock;
  try {
    fileLock = claimPidFile(fileDir, '--database-url');
  } catch (err) {
    dirLock.release();
    throw err;
  }
  return {
    file: dirLock.file,
    release() {
      fileLock.release();
      dirLock.release();
    },
  };
}
