// What a streaming listener keeps of its request: nothing of the head. A header value that V8
// slices out of the head's text (the User-Agent) keeps that whole text alive while the slice
// lives, ~0.5-1 KB per browser listener (docs/streaming.md §8).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import v8 from 'node:v8';
import { tempDir } from '../../../test/db.js';
import { exposeGc } from '../../../test/gc.js';
import { type MountServer, mountStreaming } from '../../vss/mount-test-util.js';
import { until } from '../../vss/test-util.js';
import type { ListenerStart, ListenerTap } from '../listener-tap.js';
import { MP3_MOUNT, toneLibrary } from '../mounts/test-media.js';

const gc = exposeGc();
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0';

/** a listener in a child process: none of its request's strings are in this process's heap */
function childListener(port: number, path: string, probe: [string, string]) {
  const script = `
    const [port, path, a, b, ua] = process.argv.slice(1);
    const s = require('node:net').connect(+port, '127.0.0.1', () => s.write(
      'GET ' + path + ' HTTP/1.1\\r\\nHost: test\\r\\nUser-Agent: ' + ua + '\\r\\nX-Probe: ' + a + b + '\\r\\n\\r\\n'));
    let n = 0;
    s.on('data', (d) => { n += d.length; if (n > 1000 && n - d.length <= 1000) console.log('streaming'); });
  `;
  const child = spawn(process.execPath, ['-e', script, String(port), path, ...probe, UA], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return { child, streaming: () => out.includes('streaming') };
}

/** Is `a` + `b` in a string of this process's heap? (a snapshot lists each string it holds;
 * joined only after it is taken) */
async function inHeap([a, b]: [string, string]): Promise<boolean> {
  // V8 keeps the subject of the last regular expression match (RegExp.lastMatch): one string per
  // process, perhaps a request's; a match here makes it another
  /x/.exec('x');
  gc();
  gc();
  let all = '';
  for await (const part of v8.getHeapSnapshot()) all += String(part);
  return all.includes(a + b);
}

describe('http sender: what a listener keeps of its request', () => {
  let dir: string;
  let m: MountServer;
  const agents: number[] = [];
  const tap: ListenerTap = {
    // the tap keeps only the length: nothing of the head stays alive through it
    opened: (start: ListenerStart) => agents.push(start.userAgent.length) - 1,
    closed: () => {},
    counted: () => {},
  };
  before(async () => {
    dir = tempDir('paraweb-request-memory-');
    m = await mountStreaming(toneLibrary(dir, 'mp3', 2, 20), [MP3_MOUNT], { tap });
  });
  after(async () => {
    await m.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const path of ['/', '/live.mp3']) {
    test(`a listener of ${path} keeps no part of its request head once it streams`, async () => {
      const probe: [string, string] = [
        randomBytes(8).toString('hex'),
        randomBytes(8).toString('hex'),
      ];
      const before = agents.length;
      const l = childListener(m.port, path, probe);
      try {
        await until(l.streaming, 15_000, `${path} streams`);
        assert.equal(agents.length, before + 1, 'its session opened');
        assert.equal(agents.at(-1), UA.length, 'the audience got its User-Agent');
        assert.equal(await inHeap(probe), false, 'the request head is garbage');
      } finally {
        l.child.kill();
      }
    });
  }
});
