// End to end: a library of four formats (mp3, Ogg Vorbis, Opus, FLAC) on /live.mp3, /live.aac and
// /live.opus through the RenditionStore as the mounts' feeder. Each mount is decoded by ffmpeg
// across at least six file changes with no error, in real time (media time within 1 % of wall
// time). The renditions are made ahead (`rendition make`'s warmUp), as a warmed library would be.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { tempDir } from '../../test/db.js';
import { ffmpeg } from '../senders/http/test-client.js';
import {
  AAC_MOUNT,
  makeTone,
  MP3_MOUNT,
  OPUS_MOUNT,
  realtimeSlope,
} from '../senders/mounts/test-media.js';
import { mountStreaming } from '../vss/mount-test-util.js';
import { until } from '../vss/test-util.js';
import { fitsRecord, RenditionStore } from './index.js';

const SECONDS = 4;
const LISTEN_S = 30;
const dir = tempDir('paraweb-live-renditions-');
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('mp3, vorbis, opus and flac files play on /live.mp3, /live.aac and /live.opus without a break', async () => {
  const files = ['mp3', 'ogg', 'opus', 'flac'].map((ext, i) =>
    makeTone(dir, { name: `t${i}.${ext}`, seconds: SECONDS, freq: 330 + 110 * i, title: `t${i}` }),
  );
  const mounts = [MP3_MOUNT, AAC_MOUNT, OPUS_MOUNT];
  const store = new RenditionStore({ dir: path.join(dir, 'renditions'), profiles: mounts });
  const sources = files.map((f) => {
    const ext = path.extname(f).slice(1);
    const format = ['mp3', 'ogg', 'aac', 'wma', 'spx', 'flac', 'opus'].indexOf(ext);
    const row = { format, frequency: ext === 'opus' ? 48000 : 44100, channels: 2 };
    return {
      hash: crypto.createHash('sha1').update(fs.readFileSync(f)).digest('hex'),
      path: f,
      durationMs: SECONDS * 1000,
      fits: (p: (typeof mounts)[number]) => fitsRecord(row, p),
    };
  });
  const warm = await store.warmUp(sources, new AbortController().signal);
  // mp3 passes through /live.mp3, opus through /live.opus: 12 - 2 renditions
  assert.deepEqual(warm, { total: 10, done: 10, cached: 0, failed: 0 });

  const m = await mountStreaming(files, mounts, { feeder: store, burstMs: 1000 });
  try {
    await until(() => m.s.rec.files().length > 0, 5000, 'first file');
    const runs = await Promise.all(
      ['/live.mp3', '/live.aac', '/live.opus'].map((p) => ffmpeg(m.port, LISTEN_S, p)),
    );
    const played = m.s.rec.files().length;
    for (const [i, r] of runs.entries()) {
      const mount = mounts[i]!.codec;
      const { slope, points } = realtimeSlope(r.progress, 1500, LISTEN_S * 1000 - 100);
      console.log(
        `/live.${mount}: ${played} files, media/wall ${slope.toFixed(4)} (${points} reports)`,
      );
      assert.equal(r.stderr, '', `/live.${mount}: ffmpeg reports no error`);
      assert.equal(r.code, 0);
      assert.ok(Math.abs(slope - 1) < 0.01, `/live.${mount}: media time / wall time = ${slope}`);
      const media = r.progress.at(-1)?.[1] ?? 0;
      assert.ok(media >= LISTEN_S * 1000 - 500, `/live.${mount}: ${media} ms decoded`);
    }
    assert.ok(played >= 7, `${played} files: at least six changes`);
    const st = await store.status();
    assert.equal(st.failures.length, 0, JSON.stringify(st.failures));
  } finally {
    await m.close();
    store.close();
  }
});
