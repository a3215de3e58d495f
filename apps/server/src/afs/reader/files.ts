// Opening and reading audio files, on the thread that calls it (the reader workers): only regular
// files are read, opening never waits (a FIFO would wait for a writer forever), bytes are read in
// pieces, and each failure says what it means for the file: gone, changed, or passing.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * gone: the file is not there (its directory is);
 * changed: it is there but no longer the file that was added (other content, not a regular file);
 * transient: anything that may pass (EMFILE, EIO, a directory missing while a disk is away, ...).
 */
export type FailureKind = 'gone' | 'changed' | 'transient';

export class ReadError extends Error {
  override readonly name = 'ReadError';
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
  }
}

/** bytes per read(2): large enough to be fast, small enough that a piece never matters */
export const PIECE = 1 << 20;

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** What an fs error means for the file at `file`. */
export function classify(err: unknown, file: string): ReadError {
  if (err instanceof ReadError) return err;
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOENT' || e.code === 'ENOTDIR') {
    // a missing directory is what an unmounted disk looks like: that may pass
    return isDirectory(path.dirname(file))
      ? new ReadError('gone', 'file vanished')
      : new ReadError('transient', `${path.dirname(file)}: directory missing`);
  }
  const message = e.code ? `${e.code}: ${e.syscall ?? 'read'} failed` : String(e.message);
  return new ReadError('transient', message);
}

/** An open regular file. */
export interface OpenFile {
  fd: number;
  size: number;
}

/**
 * Opens `file` for reading if it is a regular file (symbolic links to one included). The check
 * is made on the open descriptor, so nothing swapped in between can make a read block.
 */
export function openRegular(file: string): OpenFile {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (err) {
    throw classify(err, file);
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new ReadError('changed', 'not a regular file');
    return { fd, size: st.size };
  } catch (err) {
    fs.closeSync(fd);
    throw classify(err, file);
  }
}

/** Runs fn on the opened file and closes it, whatever happens. */
export function withRegularFile<T>(file: string, fn: (f: OpenFile) => T): T {
  const f = openRegular(file);
  try {
    return fn(f);
  } catch (err) {
    throw classify(err, file);
  } finally {
    fs.closeSync(f.fd);
  }
}

/** Reads the whole file into one buffer of its own (transferable), feeding `hash` on the way. */
export function readWhole(f: OpenFile, hash?: crypto.Hash): Uint8Array {
  const data = new Uint8Array(f.size);
  let off = 0;
  while (off < f.size) {
    const n = fs.readSync(f.fd, data, off, Math.min(PIECE, f.size - off), off);
    if (n === 0) throw new ReadError('changed', 'file shrank while it was read');
    hash?.update(data.subarray(off, off + n));
    off += n;
  }
  return data;
}

/** SHA-1 (the content hash of afs) of the whole file, read in pieces. */
export function hashFile(f: OpenFile): string {
  const hash = crypto.createHash('sha1');
  const buf = new Uint8Array(Math.min(PIECE, Math.max(1, f.size)));
  let off = 0;
  while (off < f.size) {
    const n = fs.readSync(f.fd, buf, 0, Math.min(buf.length, f.size - off), off);
    if (n === 0) throw new ReadError('changed', 'file shrank while it was read');
    hash.update(buf.subarray(0, n));
    off += n;
  }
  return hash.digest('hex');
}

export const sha1 = (data: Uint8Array): string =>
  crypto.createHash('sha1').update(data).digest('hex');
