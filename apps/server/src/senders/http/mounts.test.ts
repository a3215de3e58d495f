// The live mounts on real sockets with real ffmpeg: /live.mp3 decodes across file changes (one of
// them a file skipped on the mount, which is silence there) in real time with the ICY title
// changing at each file; /live.aac and /live.opus (one continuous Ogg stream) decode across file
// changes; a mount that is off answers 404; `sender http status` lists the mounts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { tempDir } from '../../../test/db.js';
import {
  AAC_MOUNT,
  MP3_MOUNT,
  OPUS_MOUNT,
  icyTitles,
  makeTone,
  realtimeSlope,
  toneLibrary,
} from '../mounts/test-media.js';
import { mountStreaming } from '../../vss/mount-test-util.js';
import { until } from '../../vss/test-util.js';
import { ffmpeg, listen } from './test-client.js';

const SECONDS = 4;
let dir: string;

before(() => {
  dir = tempDir('paraweb-mounts-');
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('live mounts over HTTP', () => {
  test('/live.mp3: 14 s across file changes (one skipped: silence) decode in real time; ICY titles change', async () => {
    const files = toneLibrary(dir, 'mp3', 3, SECONDS);
    // a vorbis file has no MP3 to pass through: silence on /live.mp3, the connection stays
    files.push(makeTone(dir, { name: 'skipped.ogg', seconds: SECONDS, title: 'skipped' }));
    const m = await mountStreaming(files, [MP3_MOUNT], { burstMs: 1000 });
    try {
      await until(() => m.s.rec.files().length > 0, 5000, 'first file');
      const icy = icyTitles(`http://127.0.0.1:${m.port}/live.mp3`);
      const r = await ffmpeg(m.port, 14, '/live.mp3');
      icy.stop();
      assert.equal(r.stderr, '', 'ffmpeg reports no error');
      assert.equal(r.code, 0);
      // from 3 s: the burst and ffmpeg's start-up make the first seconds run ahead of real time
      const { slope, points } = realtimeSlope(r.progress, 3000, 13_900);
      const played = m.s.rec.files().map((f) => f.title);
      console.log(
        `/live.mp3: ${played.length} files (${played.join(', ')}), media/wall ${slope.toFixed(4)} over ${points} reports; titles ${JSON.stringify(icy.titles)}`,
      );
      assert.ok(played.length >= 4, `${played.length} files played`);
      assert.ok(Math.abs(slope - 1) < 0.01, `media time / wall time = ${slope}`);
      // every file that started while the reader listened is a title, in order
      assert.ok(icy.titles.length >= 3, `${icy.titles.length} titles`);
      assert.deepEqual(
        icy.titles,
        played.slice(played.indexOf(icy.titles[0]!)).slice(0, icy.titles.length),
      );
      assert.ok(played.includes('Mount Test - skipped'), 'the skipped file played on /');
      assert.match(m.http.status(), /mount \/live\.mp3: \d+ listeners/);
    } finally {
      await m.close();
    }
  });

  test('/live.opus: one continuous Ogg stream across file changes; ffmpeg decodes it', async () => {
    const files = toneLibrary(dir, 'opus', 3, SECONDS);
    const m = await mountStreaming(files, [OPUS_MOUNT], { burstMs: 1000 });
    try {
      await until(() => m.s.rec.files().length > 0, 5000, 'first file');
      const c = listen(m.port, { request: 'GET /live.opus HTTP/1.1\r\nHost: t\r\n\r\n' });
      const r = await ffmpeg(m.port, 10, '/live.opus');
      c.close();
      assert.equal(r.stderr, '', 'ffmpeg reports no error');
      assert.equal(r.code, 0);
      assert.ok(m.s.rec.files().length >= 3, 'across file changes');
      assert.equal(c.headers.get('content-type'), 'audio/ogg; codecs=opus');
      const body = c.bodyBuffer();
      assert.equal(body.toString('latin1', 0, 4), 'OggS');
      assert.equal(body.toString('latin1', 28, 36), 'OpusHead', 'the head first');
      // one logical stream: every page has the first page's serial number
      const serial = body.readUInt32LE(14);
      for (let p = 0; p + 27 <= body.length;) {
        assert.equal(body.toString('latin1', p, p + 4), 'OggS', `a page at ${p}`);
        assert.equal(body.readUInt32LE(p + 14), serial, `page at ${p}: one serial number`);
        const n = body[p + 26]!;
        if (p + 27 + n > body.length) break;
        let size = 0;
        for (let i = 0; i < n; i++) size += body[p + 27 + i]!;
        p += 27 + n + size;
      }
    } finally {
      await m.close();
    }
  });

  test('/live.aac: m4a and ADTS files pass through as ADTS; ffmpeg decodes across file changes', async () => {
    const files = [
      ...toneLibrary(dir, 'm4a', 2, SECONDS),
      makeTone(dir, { name: 'raw.aac', seconds: SECONDS }),
    ];
    const m = await mountStreaming(files, [AAC_MOUNT], { burstMs: 1000 });
    try {
      await until(() => m.s.rec.files().length > 0, 5000, 'first file');
      const r = await ffmpeg(m.port, 10, '/live.aac');
      assert.equal(r.stderr, '', 'ffmpeg reports no error');
      assert.equal(r.code, 0);
      assert.ok(m.s.rec.files().length >= 3, 'across file changes');
    } finally {
      await m.close();
    }
  });

  test('a skipped file is named in the status; next keeps the mount listener, stop closes it', async () => {
    const files = [
      makeTone(dir, { name: 'plays.mp3', seconds: 30, title: 'plays' }),
      makeTone(dir, { name: 'silent.flac', seconds: 30, title: 'silent' }),
    ];
    const m = await mountStreaming(files, [MP3_MOUNT], { burstMs: 1000 });
    try {
      const c = listen(m.port, { request: 'GET /live.mp3 HTTP/1.1\r\nHost: t\r\n\r\n' });
      const current = (): string => m.s.rec.files().at(-1)?.title ?? '';
      await until(() => current() !== '', 5000, 'a file');
      if (current() !== 'Mount Test - silent') await m.s.h.run(['next']);
      await until(() => current() === 'Mount Test - silent', 5000, 'the flac file');
      await until(() => m.http.status().includes('now silent'), 2000, 'the skip in the status');
      assert.match(
        m.http.status(),
        /mount \/live\.mp3: 1 listeners \(mp3 128 kbit\/s, 44100 Hz, 2 ch\), now silent: \S+silent\.flac \(not MP3 at 44100 Hz, stereo, and no rendition\)/,
      );
      const before = c.bodyBytes;
      await m.s.h.run(['next']);
      await until(() => current() === 'Mount Test - plays', 5000, 'the mp3 file');
      await until(() => c.bodyBytes > before + 20_000, 5000, 'audio after next');
      assert.equal(c.ended, false, 'next does not close a mount listener');
      assert.doesNotMatch(m.http.status(), /now silent/);
      await m.s.h.run(['stop']);
      await c.closed;
      assert.equal(m.http.mountListeners()[0]!.listeners, 0);
    } finally {
      await m.close();
    }
  });

  test('a mount that is off or does not exist answers 404 with the reason; / plays on', async () => {
    const files = toneLibrary(dir, 'mp3', 1, SECONDS);
    const m = await mountStreaming(files, [MP3_MOUNT]);
    try {
      const c = listen(m.port, { request: 'GET /live.opus HTTP/1.1\r\nHost: t\r\n\r\n' });
      await c.closed;
      assert.equal(c.status, 404);
      assert.match(c.bodyBuffer().toString(), /live mount \/live\.opus is off/);
      // a mount that does not exist: 404 too, not a stream of /
      const typo = listen(m.port, { request: 'GET /live.mp4?x=1 HTTP/1.1\r\nHost: t\r\n\r\n' });
      await typo.closed;
      assert.equal(typo.status, 404);
      assert.match(typo.bodyBuffer().toString(), /no live mount \/live\.mp4: the live mounts are/);
      const plain = listen(m.port);
      await until(() => plain.bodyBytes > 1000, 5000, '/ streams');
      assert.equal(plain.headers.get('content-type'), 'audio/mpeg');
      plain.close();
    } finally {
      await m.close();
    }
  });
});
