// The titled Ogg header: decoders read the title from it, and it plays with the file's audio pages.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ffprobe } from '../../../test/ffprobe.js';
import { fixture } from '../../../test/fixtures.js';
import { concat, fixtureStream } from '../udp/test-helpers.js';
import type { OggFormat } from './ogg-title.js';
import { titledOggHeader } from './ogg-title.js';

for (const [name, format] of [
  ['vorbis.ogg', 'ogg'],
  ['opus.opus', 'opus'],
] as [string, OggFormat][]) {
  test(`${name}: the header with TITLE, then the audio pages, decodes with that title`, async () => {
    const { file, chunks } = await fixtureStream(fixture(name));
    const title = 'Test Artist - Ünïcode “title”';
    const header = titledOggHeader(file.header!, format, title);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paraweb-ogg-title-'));
    try {
      const out = path.join(dir, name);
      fs.writeFileSync(out, concat([header, ...chunks.slice(1)]));
      assert.equal(ffprobe(out).tags.title, title);
      const run = execFileSync('ffmpeg', ['-v', 'error', '-i', out, '-f', 'null', '-'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      assert.equal(run, '');
      // the untitled header the vss streams has no title
      fs.writeFileSync(out, concat(chunks));
      assert.equal(ffprobe(out).tags.title, undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('a header without a comment packet is refused', () => {
  assert.throws(() => titledOggHeader(new Uint8Array(100), 'ogg', 't'), /no ogg page/);
});
