// HLS from the live mounts, end to end on the wall clock: a library of tone files (MP3, m4a and
// Opus, so every mount passes one through and renders nothing) streams; the HTTP sender serves
// /hls/; ffmpeg plays the master playlist across file changes with no error, ffprobe names each
// variant's codec, the segments keep wall time (EXT-X-PROGRAM-DATE-TIME against EXTINF), and
// titles reach the segment where each file starts.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { tempDir } from '../../../test/db.js';
import { ffmpeg } from '../http/test-client.js';
import type { MountServer } from '../../vss/mount-test-util.js';
import { mountStreaming } from '../../vss/mount-test-util.js';
import { AAC_MOUNT, MP3_MOUNT, OPUS_MOUNT, makeTone } from '../mounts/test-media.js';
import { until } from '../../vss/test-util.js';
import { HlsHttp } from './http.js';
import { HlsOutput } from './output.js';

const SECONDS = 4;
let dir: string;
let m: MountServer;
let hls: HlsOutput;

before(async () => {
  dir = tempDir('paraweb-hls-');
  // each codec once: each mount passes its own file through and hears silence for the others
  const files = ['mp3', 'm4a', 'opus', 'mp3', 'm4a', 'opus'].map((ext, i) =>
    makeTone(dir, {
      name: `t${i}.${ext}`,
      seconds: SECONDS,
      freq: 330 + 55 * i,
      title: `tone ${i}`,
    }),
  );
  hls = new HlsOutput({ targetS: 2, stateDir: dir });
  m = await mountStreaming(files, [MP3_MOUNT, AAC_MOUNT, OPUS_MOUNT], { mountSinks: [hls] });
  m.http.hls = new HlsHttp({ output: hls, otherListeners: () => m.http.clientCount });
  // three segments of every variant: what a player starts with
  await until(
    () => ['mp3', 'aac', 'opus'].every((c) => (hls.get(c)?.segments.length ?? 0) >= 3),
    15_000,
    'segments',
  );
});
after(async () => {
  await m.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('HLS from the live mounts', () => {
  test('ffprobe: the master lists an AAC, an MP3 and an Opus variant', async () => {
    // not execFileSync: the server answering ffprobe runs on this thread
    const { stdout: out } = await promisify(execFile)(
      'ffprobe',
      [
        '-v',
        'error',
        '-show_entries',
        'stream=codec_name',
        '-of',
        'csv=p=0',
        `http://127.0.0.1:${m.port}/hls/live.m3u8`,
      ],
      { encoding: 'utf8' },
    );
    // (one line per stream and per program it is in)
    assert.deepEqual([...new Set(out.split('\n').filter(Boolean))].sort(), ['aac', 'mp3', 'opus']);
  });

  for (const codec of ['live', 'mp3', 'opus'] as const) {
    test(`ffmpeg plays /hls/${codec}.m3u8 for 12 s across file changes with no error`, async () => {
      const files = m.s.rec.files().length;
      const r = await ffmpeg(m.port, 12, `/hls/${codec}.m3u8`);
      // ffmpeg's MP3 reader takes 1,024-byte packets, which cross segment boundaries, and puts
      // the next segment's timestamp on frames of the one before: its muxer then says the dts
      // did not increase. Nothing else may appear (docs/streaming.md, HLS).
      const errors = r.stderr
        .split('\n')
        .filter((l) => l && !(codec === 'mp3' && /non monotonically increasing dts/.test(l)));
      assert.deepEqual(errors, [], 'ffmpeg reports no error');
      assert.equal(r.code, 0);
      const media = r.progress.at(-1)?.[1] ?? 0;
      const wall = r.progress.at(-1)?.[0] ?? 0;
      console.log(
        `${codec}: ${(media / 1000).toFixed(2)} s of media in ${(wall / 1000).toFixed(2)} s, ${m.s.rec.files().length - files} file changes`,
      );
      assert.ok(media >= 11_900, `${media} ms decoded`);
      // a player starts some segments behind the live edge, so 12 s of media arrive in about 6 s:
      // the stream changes file at least once meanwhile, and the media (files of 4 s) spans at
      // least two file changes
      assert.ok(m.s.rec.files().length - files >= 1, 'across file changes');
    });
  }

  test('hostile input while it streams: clear errors, nothing changes, segments go on', async () => {
    const v = hls.get('mp3')!;
    const seg = v.segments.at(-1)!;
    const url = `http://127.0.0.1:${m.port}/hls/${seg.uri}`;
    const held = Buffer.from(seg.data);
    const lastSeq = seg.seq;
    const ask = async (u: string, headers: Record<string, string> = {}): Promise<string> => {
      const r = await fetch(u, { headers });
      return `${r.status} ${(await r.text()).trim()}`;
    };
    const t0 = Date.now();
    // 3 s of it, from 20 clients at once: bad ranges, long query strings, forged session ids
    const flood = async (): Promise<string[]> => {
      const seen: string[] = [];
      while (Date.now() - t0 < 3000) {
        seen.push(await ask(url, { range: `bytes=${held.length + 5}-` }));
        seen.push(await ask(url, { range: 'bytes=9-3' }));
        seen.push(await ask(`${url}?q=${'x'.repeat(3000)}`));
        seen.push(await ask(`${url}?s=${'%00'.repeat(8)}`));
      }
      return seen;
    };
    const answers = new Set((await Promise.all(Array.from({ length: 20 }, flood))).flat());
    assert.deepEqual(
      [...answers].sort(),
      [
        '400 bad session id (s)',
        `416 range starts past the end (${held.length} bytes)`,
        '416 range ends before it starts',
        '414 request target too long',
      ].sort(),
    );
    // nothing changed: the segment is the same bytes, no listener was counted for the stream
    const again = await fetch(url);
    assert.ok(Buffer.from(await again.arrayBuffer()).equals(held));
    assert.equal(m.http.clientCount, 0);
    // and the stream went on cutting segments meanwhile, each where the one before ended
    assert.ok(v.segments.at(-1)!.seq >= lastSeq + 1, 'new segments during the flood');
    const recent = v.segments.filter((x) => x.seq >= lastSeq);
    for (let i = 1; i < recent.length; i++) {
      const gap = recent[i]!.pdtMs - recent[i - 1]!.pdtMs;
      assert.ok(Math.abs(gap - recent[i - 1]!.duration * 1000) < 30, `gap ${gap} ms`);
    }
  });

  test('segments keep wall time: media durations against program date times within 1 %', () => {
    for (const codec of ['aac', 'mp3', 'opus']) {
      const segs = hls.get(codec)!.segments;
      const first = segs[0]!;
      const last = segs.at(-1)!;
      const media = segs.slice(0, -1).reduce((n, s) => n + s.duration * 1000, 0);
      const wall = last.pdtMs - first.pdtMs;
      console.log(
        `${codec}: ${segs.length} segments, media ${media.toFixed(0)} ms, wall ${wall.toFixed(0)} ms`,
      );
      assert.ok(wall > 10_000);
      assert.ok(Math.abs(media / wall - 1) < 0.01, `${codec}: media/wall ${media / wall}`);
      assert.ok(
        segs.every((s) => Math.round(s.duration) <= 2),
        'within the target',
      );
      assert.ok(
        segs.every((s) => !s.discontinuity),
        'file changes are no discontinuity',
      );
    }
  });

  test('the title is in the segment where its file starts (ID3 TIT2 / emsg)', () => {
    const titled = hls.get('mp3')!.segments.filter((s) => Buffer.from(s.data).includes('TIT2'));
    assert.ok(titled.length >= 2, `${titled.length} segments with a title`);
    for (const s of titled) assert.match(Buffer.from(s.data).toString('utf8'), /tone \d/);
    const opus = hls
      .get('opus')!
      .segments.filter((s) => Buffer.from(s.data).toString('latin1', 4, 8) === 'emsg');
    assert.ok(opus.length >= 2);
  });
});
