// Every format over HTTP: its content type, the bytes a listener starts with, ffmpeg decodes it;
// and what happens at a file change (ogg chains on, flac closes so the player reconnects).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fixture } from '../../../test/fixtures.js';
import { sleep, streaming, until } from '../../vss/test-util.js';
import { HttpSender } from './http-sender.js';
import { ffmpeg, listen } from './test-client.js';

interface Case {
  file: string;
  type: string;
  /** what the body starts with (hex) */
  magic: string;
}

const CASES: Case[] = [
  { file: 'aac.m4a', type: 'audio/aac', magic: 'fff1' },
  { file: 'aac.aac', type: 'audio/aac', magic: 'fff1' },
  { file: 'flac.flac', type: 'audio/flac', magic: Buffer.from('fLaC').toString('hex') },
  { file: 'opus.opus', type: 'audio/ogg; codecs=opus', magic: Buffer.from('OggS').toString('hex') },
  { file: 'wma.wma', type: 'audio/x-ms-wma', magic: '3026b275' },
  ...(fs.existsSync(fixture('speex.spx'))
    ? [
        {
          file: 'speex.spx',
          type: 'audio/ogg; codecs=speex',
          magic: Buffer.from('OggS').toString('hex'),
        },
      ]
    : []),
];

describe('formats over http', () => {
  for (const c of CASES) {
    test(`${c.file}: ${c.type}, starts right, ffmpeg decodes it`, async () => {
      const http = new HttpSender({ port: 0, listenAddresses: ['127.0.0.1'] });
      const s = await streaming([c.file], { senders: [http] });
      try {
        await http.start();
        await s.h.run(['play']);
        await until(() => s.rec.chunks().length > 3, 5000, 'streaming');
        await sleep(600);
        const l = listen(http.port);
        await until(() => l.bodyBytes > 64, 3000, 'data');
        assert.equal(l.headers.get('content-type'), c.type);
        assert.equal(
          l
            .bodyBuffer()
            .subarray(0, c.magic.length / 2)
            .toString('hex'),
          c.magic,
        );
        l.close();
        const r = await ffmpeg(http.port, 2);
        assert.equal(r.stderr, '', c.file);
        assert.equal(r.code, 0);
      } finally {
        await s.close();
      }
    });
  }

  test('at a file change an ogg listener goes on (a chained stream); flac, or mp3 at another rate, closes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paraweb-chain-'));
    const q = { stdio: 'ignore' } as const;
    const ogg2 = path.join(dir, 'two.ogg');
    execFileSync('vorbiscomment', ['-w', '-t', 'TITLE=Second', fixture('vorbis.ogg'), ogg2], q);
    const flac2 = path.join(dir, 'two.flac');
    fs.copyFileSync(fixture('flac.flac'), flac2);
    execFileSync('metaflac', ['--remove-tag=TITLE', '--set-tag=TITLE=Second', flac2], q);
    const pairs: [string, (string | [string, string])[]][] = [
      ['ogg', ['vorbis.ogg', [ogg2, 'two.ogg']]],
      ['flac', ['flac.flac', [flac2, 'two.flac']]],
      ['mp3 44.1 kHz stereo and 22.05 kHz mono', ['cbr128.mp3', 'mono22.mp3']],
    ];
    for (const [format, files] of pairs) {
      const http = new HttpSender({ port: 0, listenAddresses: ['127.0.0.1'] });
      const s = await streaming(files, { senders: [http] });
      try {
        await http.start();
        await s.h.run(['play']);
        await until(() => s.rec.chunks().length > 3, 5000, 'streaming');
        const l = listen(http.port);
        await until(() => l.bodyBytes > 0, 3000, 'data');
        await s.h.run(['next']);
        await until(() => s.rec.files().length === 2, 5000, 'next file');
        await Promise.race([l.closed, sleep(1500)]);
        if (format !== 'ogg') {
          assert.ok(l.ended, `${format}: closed at the file change`);
        } else {
          assert.ok(!l.ended, 'ogg: still connected');
          const body = l.bodyBuffer();
          let bos = 0;
          for (let i = body.indexOf('OggS'); i >= 0; i = body.indexOf('OggS', i + 4)) {
            if (body[i + 5]! & 2) bos++;
          }
          assert.equal(bos, 2, 'two beginning-of-stream pages: the second file chained on');
        }
        l.close();
      } finally {
        await s.close();
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
