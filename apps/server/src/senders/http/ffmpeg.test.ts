// Real players on the HTTP stream: ffmpeg decodes mp3 and ogg without errors (an ogg listener
// joining mid-file gets the header first), and 20 s of stream decode in real time.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Streaming } from '../../vss/test-util.js';
import { sleep, streaming, until } from '../../vss/test-util.js';
import { HttpSender } from './http-sender.js';
import { ffmpeg, listen } from './test-client.js';

const CBR = ['cbr128.mp3', 'id3v1.mp3', 'id3v1v2.mp3', 'notags.mp3', 'id3v24.mp3'];

/** A 15 s ogg/vorbis file made by the real encoders. */
function longOgg(dir: string, name: string, title: string): string {
  const wav = path.join(dir, `${name}.wav`);
  const out = path.join(dir, name);
  execFileSync('sox', [
    '-n',
    '-r',
    '44100',
    '-b',
    '16',
    '-c',
    '2',
    wav,
    'synth',
    '15',
    'sine',
    '330',
    'pinknoise',
    'gain',
    '-n',
    '-6',
  ]);
  execFileSync('oggenc', ['-Q', '-q', '3', '-a', 'Ogg Artist', '-t', title, '-o', out, wav]);
  fs.rmSync(wav);
  return out;
}

async function withHttp(
  files: (string | [string, string])[],
  fn: (s: Streaming, port: number) => Promise<void>,
  burstMs?: number,
): Promise<void> {
  const http = new HttpSender({ port: 0, listenAddresses: ['127.0.0.1'], burstMs });
  const s = await streaming(files, { senders: [http] });
  try {
    await http.start();
    await s.h.run(['play']);
    await fn(s, http.port);
  } finally {
    await s.close();
  }
}

describe('ffmpeg on the http stream', () => {
  test('mp3: 5 s decode without errors', async () => {
    await withHttp(CBR, async (_s, port) => {
      await sleep(1000);
      const r = await ffmpeg(port, 5);
      assert.equal(r.stderr, '');
      assert.equal(r.code, 0);
    });
  });

  test('ogg: a listener joining mid-file gets the header first; ffmpeg decodes it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paraweb-ogg-'));
    try {
      const ogg = longOgg(dir, 'long.ogg', 'Long Song');
      await withHttp(
        [[ogg, 'long.ogg']],
        async (s, port) => {
          await until(() => s.vss.position !== undefined, 5000, 'file open');
          await sleep(8000); // a 2 s burst starts far from chunk 0
          const header = s.vss.position!.file.header!;
          const c = listen(port);
          await until(() => c.bodyBytes > header.length + 4096, 3000, 'data');
          assert.equal(c.headers.get('content-type'), 'audio/ogg');
          const body = c.bodyBuffer();
          assert.ok(
            body.subarray(0, header.length).equals(Buffer.from(header)),
            'the header first',
          );
          assert.equal(body.toString('latin1', 0, 4), 'OggS');
          assert.equal(body[5]! & 2, 2, 'a beginning-of-stream page');
          const next = body.subarray(header.length);
          assert.equal(next.toString('latin1', 0, 4), 'OggS', 'then a page boundary');
          assert.equal(next[5]! & 2, 0, 'from the middle of the file');
          assert.ok(next.readBigInt64LE(6) > 44100n * 2n, 'granule position seconds into the file');
          c.close();
          const r = await ffmpeg(port, 5);
          assert.equal(r.stderr, '');
          assert.equal(r.code, 0);
        },
        2000,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('20 s of the mp3 stream decode without errors, in real time (within 2 %)', async () => {
    await withHttp(CBR, async (_s, port) => {
      await sleep(500);
      const r = await ffmpeg(port, 20);
      assert.equal(r.stderr, '');
      assert.equal(r.code, 0);
      // after the burst, media time grows like wall time: least squares over the rest
      const pts = r.progress.filter(([wall, media]) => wall > 1500 && media > 0 && media < 19_900);
      // ffmpeg reports as data comes: one flush of the sender (1 s) at a time
      assert.ok(pts.length > 12, `${pts.length} progress reports`);
      const n = pts.length;
      const mx = pts.reduce((a, [x]) => a + x, 0) / n;
      const my = pts.reduce((a, [, y]) => a + y, 0) / n;
      const slope =
        pts.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) /
        pts.reduce((a, [x]) => a + (x - mx) ** 2, 0);
      const last = r.progress.at(-1)!;
      console.log(
        `ffmpeg: ${(last[1] / 1000).toFixed(1)} s of audio in ${(last[0] / 1000).toFixed(1)} s; ` +
          `media/wall after the burst ${slope.toFixed(4)}`,
      );
      assert.ok(Math.abs(slope - 1) < 0.02, `media time / wall time = ${slope}`);
    });
  });
});
