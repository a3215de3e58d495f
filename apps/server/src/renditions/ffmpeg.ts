// ffmpeg (Debian's, from PATH) in a child process: niced, with a timeout and a cancel signal,
// stdout collected, the end of stderr kept for the error message. Never throws synchronously;
// every failure is an FfmpegError that says what went wrong.
import { spawn } from 'node:child_process';
import os from 'node:os';

/** what is kept of stderr for the error message (ffmpeg's last lines say why it failed) */
const STDERR_KEEP = 4096;
/** nice value of the children: below the stream thread and the main thread */
export const FFMPEG_NICE = 10;

export class FfmpegError extends Error {
  override readonly name = 'FfmpegError';
}

export interface FfmpegRun {
  stdout: Buffer;
  stderr: string;
  /** wall time of the run, ms */
  wallMs: number;
}

export interface FfmpegOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** the executable (tests: a name that is not on PATH) */
  binary?: string;
}

/** The last lines of ffmpeg's stderr, on one line, for an error message. */
export function lastLines(stderr: string, n = 2): string {
  const lines = stderr
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines.slice(-n).join(' / ');
}

export function runFfmpeg(args: readonly string[], opts: FfmpegOptions): Promise<FfmpegRun> {
  const bin = opts.binary ?? 'ffmpeg';
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new FfmpegError('cancelled'));
      return;
    }
    const child = spawn(bin, ['-hide_banner', '-nostdin', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let err = '';
    let why: string | undefined;
    const started = process.hrtime.bigint();
    if (child.pid !== undefined) {
      try {
        os.setPriority(child.pid, FFMPEG_NICE);
      } catch {
        // the child may be gone already; its error comes through 'close'
      }
    }
    const kill = (reason: string): void => {
      why ??= reason;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => kill(`timed out after ${opts.timeoutMs} ms`), opts.timeoutMs);
    const onAbort = (): void => kill('cancelled');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString('utf8');
      if (err.length > 2 * STDERR_KEEP) err = err.slice(-STDERR_KEEP);
    });
    const done = (): void => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    child.on('error', (e: NodeJS.ErrnoException) => {
      done();
      reject(
        new FfmpegError(
          e.code === 'ENOENT'
            ? `${bin} not found in PATH (install Debian's ffmpeg)`
            : `${bin}: ${e.message}`,
        ),
      );
    });
    child.on('close', (code, sig) => {
      done();
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (why !== undefined) reject(new FfmpegError(`${bin} ${why}`));
      else if (code !== 0)
        reject(
          new FfmpegError(
            `${bin} failed (${code === null ? `signal ${sig}` : `exit ${code}`}): ${lastLines(err) || 'no message'}`,
          ),
        );
      else resolve({ stdout: Buffer.concat(out), stderr: err.slice(-STDERR_KEEP), wallMs });
    });
  });
}
