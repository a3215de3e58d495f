// The gap at a file change on a live mount, measured on the decoded PCM (issue #15: at most one
// frame). Two tone files (440 Hz, then 880 Hz) play on /live.mp3, /live.aac and /live.opus; what a
// listener gets is decoded by the real ffmpeg and the longest run of silence between the tones is
// counted. Sources of another format get renditions (FLAC, Ogg Vorbis); MP3 files pass through
// /live.mp3 untouched, every frame as on `/` (and have their loudness measured all the same, for
// the web player's levelling of `/`). A mount stays in step with `/` (vss/mount-clock.ts), so a
// pass-through MP3 keeps the silence its encoder's delay and padding take on `/`: whole frames of
// it cannot be left out without a silent frame in their place.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { tempDir } from '../../test/db.js';
import { parseMp3 } from '../afs/index.js';
import { listen } from '../senders/http/test-client.js';
import { AAC_MOUNT, makeTone, MP3_MOUNT, OPUS_MOUNT } from '../senders/mounts/test-media.js';
import type { MountProfile } from '../senders/mounts/types.js';
import { mountStreaming } from '../vss/mount-test-util.js';
import { sleep, until } from '../vss/test-util.js';
import { fitsRecord, RenditionStore } from './index.js';

const SECONDS = 2;
const dir = tempDir('paraweb-gap-');
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const FRAME: Record<string, number> = { mp3: 1152, aac: 1024, opus: 960 };
const FORMATS = ['mp3', 'ogg', 'aac', 'wma', 'spx', 'flac', 'opus'];

/** ffmpeg decodes a captured mount to mono float PCM at `rate`. */
function decode(data: Buffer, rate: number): Float32Array {
  const r = spawnSync(
    'ffmpeg',
    ['-v', 'error', '-nostdin', '-i', 'pipe:0', '-ac', '1', '-ar', String(rate)].concat([
      '-f',
      'f32le',
      'pipe:1',
    ]),
    { input: data, maxBuffer: 256 * 1024 * 1024 },
  );
  assert.equal(r.status, 0, r.stderr.toString());
  const out = r.stdout;
  return new Float32Array(out.buffer.slice(out.byteOffset, out.byteOffset + out.length));
}

interface Gaps {
  /** longest run of silent samples between the first and the last tone sample */
  longest: number;
  /** tone changes seen (440 <-> 880 Hz) */
  changes: number;
}

/**
 * A sine of amplitude A is below 0.05 A for at most one sample at a zero crossing (at 880 Hz and
 * 44.1 kHz it moves 0.125 A per sample), so longer runs below that are silence.
 */
function gaps(pcm: Float32Array, rate: number): Gaps {
  const sorted = Float32Array.from(pcm, Math.abs).sort();
  const amp = sorted[Math.floor(sorted.length * 0.99)]!;
  const quiet = 0.05 * amp;
  let first = pcm.findIndex((x) => Math.abs(x) > 0.5 * amp);
  // the end of the capture may cut a frame: leave the last two frames out
  const last = pcm.length - 2 * 1152;
  let longest = 0;
  let run = 0;
  for (let i = first; i < last; i++) {
    if (Math.abs(pcm[i]!) < quiet) longest = Math.max(longest, ++run);
    else run = 0;
  }
  // tone per 50 ms window by its zero crossings
  const win = Math.round(rate / 20);
  let tone = 0;
  let changes = 0;
  for (first = Math.max(first, 0); first + win < last; first += win) {
    let z = 0;
    for (let i = first + 1; i < first + win; i++) if (pcm[i - 1]! < 0 !== pcm[i]! < 0) z++;
    const hz = (z / 2) * 20;
    const now = Math.abs(hz - 440) < 40 ? 440 : Math.abs(hz - 880) < 40 ? 880 : 0;
    if (now && tone && now !== tone) changes++;
    if (now) tone = now;
  }
  return { longest, changes };
}

function sourcesOf(files: string[]): {
  hash: string;
  path: string;
  durationMs: number;
  fits: (p: MountProfile) => boolean;
}[] {
  return files.map((f) => {
    const ext = path.extname(f).slice(1);
    const row = { format: FORMATS.indexOf(ext), frequency: 44100, channels: 2 };
    return {
      hash: crypto.createHash('sha1').update(fs.readFileSync(f)).digest('hex'),
      path: f,
      durationMs: SECONDS * 1000,
      fits: (p: MountProfile) => fitsRecord(row, p),
    };
  });
}

/** Plays `files` and captures each mount across a file change; the gaps per mount. */
async function measure(
  files: string[],
  mounts: MountProfile[],
  store: RenditionStore,
): Promise<Map<string, Gaps>> {
  const warm = await store.warmUp(sourcesOf(files), new AbortController().signal);
  assert.equal(warm.failed, 0);
  const m = await mountStreaming(files, mounts, { feeder: store, burstMs: 1000 });
  try {
    await until(() => m.s.rec.files().length > 0, 5000, 'first file');
    await sleep(500);
    const clients = mounts.map((p) =>
      listen(m.port, { request: `GET /live.${p.codec} HTTP/1.0\r\n\r\n` }),
    );
    // from half a second into the first file to past the middle of the next-but-one
    await sleep(SECONDS * 1000 * 2);
    clients.forEach((c) => c.close());
    const out = new Map<string, Gaps>();
    for (const [i, p] of mounts.entries()) {
      const c = clients[i]!;
      assert.equal(c.status, 200);
      const rate = p.codec === 'opus' ? 48000 : p.frequency;
      out.set(p.codec, gaps(decode(c.bodyBuffer(), rate), rate));
    }
    const st = await store.status();
    assert.equal(st.failures.length, 0, JSON.stringify(st.failures));
    return out;
  } finally {
    await m.close();
  }
}

test('renditions (FLAC, Ogg Vorbis): a file change on /live.mp3, /live.aac, /live.opus leaves at most one frame of silence', async () => {
  const files = [
    makeTone(dir, { name: 'a.flac', seconds: SECONDS, freq: 440 }),
    makeTone(dir, { name: 'b.ogg', seconds: SECONDS, freq: 880 }),
  ];
  const mounts = [MP3_MOUNT, AAC_MOUNT, OPUS_MOUNT];
  const store = new RenditionStore({ dir: path.join(dir, 'r1'), profiles: mounts });
  try {
    const got = await measure(files, mounts, store);
    for (const [codec, g] of got) {
      console.log(`/live.${codec}: ${g.changes} changes, longest silence ${g.longest} samples`);
      assert.ok(g.changes >= 1, `/live.${codec}: a file change was captured`);
      assert.ok(g.longest <= FRAME[codec]!, `/live.${codec}: ${g.longest} silent samples`);
    }
  } finally {
    store.close();
  }
});

test('MP3 files pass through /live.mp3 with no more silence at a file change than their own delay and padding', async () => {
  const files = [
    makeTone(dir, { name: 'a.mp3', seconds: SECONDS, freq: 440 }),
    makeTone(dir, { name: 'b.mp3', seconds: SECONDS, freq: 880 }),
  ];
  // the encoder's delay and padding of the first file (its frames less its samples): the
  // silence between the tones on `/`
  const frames = parseMp3(new Uint8Array(fs.readFileSync(files[0]!))).chunksTotal;
  const onSlash = frames * FRAME.mp3! - SECONDS * 44100;
  assert.ok(onSlash > 0 && onSlash < 2 * FRAME.mp3!, `${onSlash} samples of delay and padding`);
  const loudness = new Map<string, number>();
  const store = new RenditionStore({
    dir: path.join(dir, 'r2'),
    profiles: [MP3_MOUNT],
    onLoudness: (hash, lufs) => Promise.resolve(void loudness.set(hash, lufs)),
  });
  try {
    const g = (await measure(files, [MP3_MOUNT], store)).get('mp3')!;
    console.log(
      `/live.mp3 pass-through: ${g.changes} changes, longest silence ${g.longest} of ${onSlash}`,
    );
    assert.ok(g.changes >= 1, 'a file change was captured');
    // a sine's zero crossing on either side may count as one more quiet sample (see gaps())
    assert.ok(g.longest <= onSlash + 2, `${g.longest} silent samples, ${onSlash} on /`);
    // no rendition is made of them, but their loudness is measured (the web player levels `/`)
    await until(() => loudness.size === 2, 20_000, 'both files measured');
    for (const lufs of loudness.values()) assert.ok(lufs < -10 && lufs > -30, `${lufs} LUFS`);
  } finally {
    store.close();
  }
});
