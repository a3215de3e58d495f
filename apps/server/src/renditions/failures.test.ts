// When renditions cannot be made or kept, the mounts play on and `/` is unaffected (issue #15):
// ffmpeg missing from PATH makes the file silence on /live.mp3 with the reason in `sender http
// status`; a cache that cannot be written (a full or read-only disk) still plays the rendition
// made in memory, and the rendition status says why nothing was kept. Real sockets, real ffmpeg.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { tempDir } from '../../test/db.js';
import { listen, rateBetween, type StreamClient } from '../senders/http/test-client.js';
import { makeTone, MP3_MOUNT } from '../senders/mounts/test-media.js';
import { mountStreaming } from '../vss/mount-test-util.js';
import { sleep, until } from '../vss/test-util.js';
import { RenditionStore } from './index.js';

const dir = tempDir('paraweb-rendition-failures-');
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** the peak of the decoded MP3 (0..1); ffmpeg must decode it without an error */
function peak(data: Buffer): number {
  const r = spawnSync(
    'ffmpeg',
    ['-v', 'error', '-nostdin', '-f', 'mp3', '-i', 'pipe:0', '-f', 's16le', '-ac', '1', 'pipe:1'],
    { input: data, maxBuffer: 64 * 1024 * 1024 },
  );
  assert.equal(r.stderr.toString(), '', 'ffmpeg decodes the mount without an error');
  const pcm = new Int16Array(r.stdout.buffer, r.stdout.byteOffset, r.stdout.length >> 1);
  let max = 0;
  for (const x of pcm) max = Math.max(max, Math.abs(x));
  assert.ok(pcm.length > 44100, `${pcm.length} samples decoded`);
  return max / 32768;
}

/**
 * `/` (the FLAC files as they are) and /live.mp3 listened to for `ms` from the start of the second
 * file: the first one starts at once, with no time for a rendition (skipped, made for next time);
 * the second is chosen ahead, so its rendition is waited for.
 */
async function both(
  store: RenditionStore,
  files: string[],
  ms: number,
): Promise<{ root: StreamClient; mount: StreamClient; status: string }> {
  const m = await mountStreaming(files, [MP3_MOUNT], { feeder: store, burstMs: 500 });
  try {
    await until(() => m.s.rec.files().length > 1, 20_000, 'the second file starts');
    const root = listen(m.port);
    const mount = listen(m.port, { request: 'GET /live.mp3 HTTP/1.0\r\n\r\n' });
    await sleep(ms);
    const status = m.http.status();
    root.close();
    mount.close();
    return { root, mount, status };
  } finally {
    await m.close();
  }
}

/** `/` sends the FLAC file at its own rate (its bytes over its length) after the burst */
function rootUnaffected(root: StreamClient, file: string, seconds: number): void {
  assert.equal(root.status, 200);
  assert.equal(root.ended, false);
  const rate = rateBetween(root, 1000, 10_000);
  const own = fs.statSync(file).size / seconds;
  assert.ok(Math.abs(rate / own - 1) < 0.25, `/ at ${Math.round(rate)} B/s, the file ${own}`);
}

/** two FLAC tones of `seconds` (named <prefix>1.flac, <prefix>2.flac) */
function flacs(prefix: string, seconds: number): string[] {
  return [1, 2].map((i) => makeTone(dir, { name: `${prefix}${i}.flac`, seconds, freq: 330 * i }));
}

test('ffmpeg missing from PATH: silence on /live.mp3 with the reason, / plays the file', async () => {
  const files = flacs('a', 5);
  const store = new RenditionStore({
    dir: path.join(dir, 'nopath'),
    profiles: [MP3_MOUNT],
    ffmpeg: 'ffmpeg-not-installed',
  });
  try {
    const { root, mount, status } = await both(store, files, 3000);
    assert.match(status, /now silent: \S+a2\.flac \(ffmpeg-not-installed not found in PATH/);
    assert.equal(mount.status, 200);
    assert.equal(mount.ended, false, 'the mount plays on');
    assert.ok(peak(mount.bodyBuffer()) < 0.01, 'the skipped file is silence on the mount');
    rootUnaffected(root, files[1]!, 5);
    assert.match((await store.status()).failures[0]?.reason ?? '', /not found in PATH/);
  } finally {
    store.close();
  }
});

test('a rendition cache that cannot be written: /live.mp3 plays the rendition, the status says why', async () => {
  // long enough that the second file's rendition is waited for on a loaded machine
  const files = flacs('b', 10);
  // root may write anywhere: the cache is a path under a regular file (as a full disk, no write)
  const blocker = path.join(dir, 'not-a-dir');
  fs.writeFileSync(blocker, 'x');
  const store = new RenditionStore({
    dir: path.join(blocker, 'renditions'),
    profiles: [MP3_MOUNT],
  });
  try {
    const { root, mount, status } = await both(store, files, 3000);
    assert.doesNotMatch(status, /now silent/);
    const p = peak(mount.bodyBuffer());
    assert.ok(p > 0.05, `the rendition plays on the mount (peak ${p})`);
    rootUnaffected(root, files[1]!, 10);
    const st = await store.status();
    assert.match(st.failures[0]?.reason ?? '', /cannot write the rendition cache/);
    assert.equal(st.cache.entries, 0);
  } finally {
    store.close();
  }
});
