// para-recv-udp as a real process: receives a stream from the UDP sender on 127.0.0.1 and writes
// the exact bytes to a file or stdout; bad options are refused.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { UdpSender } from '../src/senders/udp/index.js';
import { concat, fixtureStream, play } from '../src/senders/udp/test-helpers.js';
import { fixture } from '../test/fixtures.js';
import { run } from '../test/spawn.js';

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), 'para-recv-udp.js');

/** Starts the receiver on an ephemeral port; resolves with the port once it listens. */
function startReceiver(args: string[]) {
  const child = spawn(process.execPath, [CLI, '-i', '127.0.0.1', '-p', '0', ...args]);
  const stdout: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => stdout.push(d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const port = new Promise<number>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(stderr);
      if (m) resolve(Number(m[1]));
    });
    child.on('close', () => reject(new Error(`receiver exited: ${stderr}`)));
  });
  return { child, port, exited, stdout: () => concat(stdout), stderr: () => stderr };
}

async function send(port: number, file: string, chunkTimeUs: number): Promise<Uint8Array> {
  const s = await fixtureStream(fixture(file), chunkTimeUs);
  const udp = new UdpSender({
    targets: [`127.0.0.1:${port}`],
    defaultPort: 8000,
    noAutostart: false,
    headerIntervalMs: 100,
    ttl: 1,
    mcastIface: undefined,
  });
  await udp.start();
  udp.fileStart(s.file);
  await play(udp, s);
  udp.streamBreak('eof');
  const started = performance.now();
  while (udp.isBusy && performance.now() - started < 10_000)
    await new Promise((r) => setTimeout(r, 10));
  await udp.stop();
  return concat(s.chunks);
}

describe('para-recv-udp', () => {
  test('writes the rebuilt ogg stream to a file and exits at EOF', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recv-udp-'));
    try {
      const out = path.join(dir, 'out.ogg');
      const rx = startReceiver(['-o', out]);
      const sent = await send(await rx.port, 'vorbis.ogg', 4000);
      assert.equal(await rx.exited, 0, rx.stderr());
      assert.deepEqual(new Uint8Array(fs.readFileSync(out)), sent);
      assert.match(rx.stderr(), /0 lost/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('writes mp3 to stdout', async () => {
    const rx = startReceiver([]);
    const sent = await send(await rx.port, 'cbr128.mp3', 2000);
    assert.equal(await rx.exited, 0, rx.stderr());
    assert.deepEqual(rx.stdout(), sent);
  });

  test('refuses bad options with usage and exit code 2', async () => {
    for (const args of [['-p', 'x'], ['-i', 'not-an-address'], ['--bogus'], ['-n', '-1']]) {
      const r = await run(CLI, args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /usage: para-recv-udp/);
    }
    const help = await run(CLI, ['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--streams/);
  });
});
