// Test helper: runs the built para_server / para_admin as real processes.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const MAIN = path.join(dist, 'src', 'main.js');
export const ADMIN = path.join(dist, 'bin', 'para-admin.js');
export const CLIENT = path.join(dist, 'bin', 'para-client.js');
export const WEBUSER = path.join(dist, 'bin', 'para-webuser.js');
/** the launcher users start (bin/para_server): node with MAIN and malloc's arenas bounded */
export const LAUNCHER = path.join(dist, '..', 'bin', 'para_server');

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(
  script: string,
  args: string[],
  input?: Uint8Array | string,
  env: NodeJS.ProcessEnv = {},
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/**
 * Runs a script whose stdout goes to a reader that takes nothing until the process has exited or
 * `holdMs` have passed, then a piece every few milliseconds: output the process did not wait for
 * is lost (give holdMs well above the script's usual run time, so that a tool that does not
 * wait has exited by then).
 */
export function runToSlowReader(script: string, args: string[], holdMs: number): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const parts: Buffer[] = [];
    let stderr = '';
    child.stdout.pause();
    child.stdout.on('data', (d: Buffer) => {
      parts.push(d);
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 2);
    });
    const read = (): void => void child.stdout.resume();
    const hold = setTimeout(read, holdMs);
    child.once('exit', () => (clearTimeout(hold), read()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(parts).toString(), stderr }));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** `n` free ports, all different: each is held until all are found (one after another, a port
 * just released can come again: a node once got its command port equal to its API port) */
export async function freePorts(n: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const srv = net.createServer();
      servers.push(srv);
      await new Promise<void>((resolve, reject) => {
        srv.on('error', reject);
        srv.listen(0, '127.0.0.1', resolve);
      });
    }
    return servers.map((srv) => (srv.address() as net.AddressInfo).port);
  } finally {
    await Promise.all(servers.map((srv) => new Promise((r) => srv.close(r))));
  }
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out waiting');
}

/** `prefix`: a command that runs the server, e.g. `ip netns exec <name>` */
export interface Started {
  child: ChildProcess;
  exited: Promise<number | null>;
  stderr: () => string;
}

export function startServer(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  prefix: string[] = [],
): Started {
  const [cmd, ...pre] = [...prefix, process.execPath];
  return watched(
    spawn(cmd, [...pre, MAIN, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    }),
  );
}

/** startServer through the launcher (bin/para_server), with this node. */
export function startLaunched(args: string[], env: NodeJS.ProcessEnv = {}): Started {
  return watched(
    spawn(LAUNCHER, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE: process.execPath, ...env },
    }),
  );
}

/** Kills each server at once (SIGKILL) and waits until all have exited (tests' teardown). */
export async function killAll(servers: Iterable<{ proc: Started }>): Promise<void> {
  const all = [...servers];
  for (const s of all) s.proc.child.kill('SIGKILL');
  await Promise.all(all.map((s) => s.proc.exited));
}

function watched(child: ChildProcess): Started {
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout?.resume();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => err };
}
