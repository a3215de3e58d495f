// The silent frames decode, with the real ffmpeg, to silence and without an error: MP3 and ADTS
// frames back to back, Opus packets in the continuous Ogg stream of ogg-mux.ts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { OggOpusMuxer } from './ogg-mux.js';
import { silentFrame } from './silence.js';
import type { MountProfile } from './types.js';

/** ffmpeg decodes `input` (format `fmt`) to 16-bit PCM: its samples and stderr */
function decode(input: Uint8Array, fmt: string): { pcm: Int16Array; stderr: string } {
  const r = spawnSync(
    'ffmpeg',
    ['-v', 'error', '-nostdin', '-f', fmt, '-i', 'pipe:0', '-f', 's16le', '-ac', '2', 'pipe:1'],
    { input, maxBuffer: 64 * 1024 * 1024 },
  );
  const out = r.stdout;
  return {
    pcm: new Int16Array(out.buffer, out.byteOffset, Math.floor(out.length / 2)),
    stderr: r.stderr.toString(),
  };
}

const profiles: [MountProfile, string][] = [
  [{ codec: 'mp3', bitrate: 128, frequency: 44100, channels: 2 }, 'mp3'],
  [{ codec: 'mp3', bitrate: 192, frequency: 48000, channels: 1 }, 'mp3'],
  [{ codec: 'aac', bitrate: 128, frequency: 44100, channels: 2 }, 'aac'],
  [{ codec: 'aac', bitrate: 96, frequency: 48000, channels: 1 }, 'aac'],
];

for (const [p, fmt] of profiles) {
  test(`${p.codec} ${p.frequency} Hz ${p.channels} ch: 1 s of silent frames decode to silence`, () => {
    const f = silentFrame(p);
    const n = Math.ceil(1e6 / f.durationUs);
    const { pcm, stderr } = decode(Buffer.concat(Array.from({ length: n }, () => f.data)), fmt);
    assert.equal(stderr, '');
    const seconds = pcm.length / 2 / p.frequency;
    assert.ok(seconds > 0.9, `${seconds.toFixed(2)} s decoded`);
    assert.ok(
      pcm.every((x) => x === 0),
      'all samples zero',
    );
  });
}

test('opus: silence packets in the continuous Ogg stream decode to 1 s of silence', () => {
  const p: MountProfile = { codec: 'opus', bitrate: 128, frequency: 48000, channels: 2 };
  const f = silentFrame(p);
  const mux = new OggOpusMuxer(2, 0);
  const pages: Uint8Array[] = [mux.head];
  for (let i = 0; i < 50; i++) {
    const page = mux.add(f.data);
    if (page) pages.push(page);
  }
  const last = mux.flush();
  if (last) pages.push(last);
  const { pcm, stderr } = decode(Buffer.concat(pages), 'ogg');
  assert.equal(stderr, '');
  assert.equal(pcm.length / 2, 48000, 'exactly 50 packets of 20 ms');
  assert.ok(pcm.every((x) => Math.abs(x) <= 1));
});
