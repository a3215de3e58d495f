// Test helper: a redis-server of the test's own on a free loopback port, to stop and start again
// (the shared one at 127.0.0.1:6379 must stay up for the other tests).
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './spawn.js';

export interface OwnRedis {
  port: number;
  url: string;
  /** starts redis-server (again) on the same port; resolves when it accepts connections */
  start(): Promise<void>;
  /** stops it (SIGKILL: the connections drop as in a crash) */
  stop(): Promise<void>;
}

export async function ownRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const r: OwnRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    start() {
      return new Promise((resolve, reject) => {
        const c = spawn(
          'redis-server',
          ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        );
        child = c;
        let out = '';
        c.stdout?.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('Ready to accept connections')) resolve();
        });
        c.stderr?.resume();
        c.on('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
        c.on('error', reject);
      });
    },
    async stop() {
      const c = child;
      child = undefined;
      if (!c || c.exitCode !== null) return;
      const exited = new Promise((resolve) => c.once('exit', resolve));
      c.kill('SIGKILL');
      await exited;
    },
  };
  return r;
}
