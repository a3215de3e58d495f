// The image check against pictures made by ffmpeg in each format a browser shows.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { fixture } from '../../test/fixtures.js';
import { inspectImage } from './images.js';

test('type and size of each picture format', () => {
  const seen = Object.fromEntries(
    ['cover.jpg', 'picture.png', 'picture.gif', 'picture.webp', 'lossless.webp', 'navy.jpg'].map(
      (f) => [f, inspectImage(fs.readFileSync(fixture(f)))],
    ),
  );
  assert.deepEqual(seen, {
    'cover.jpg': { mime: 'image/jpeg', width: 64, height: 64 },
    'picture.png': { mime: 'image/png', width: 48, height: 32 },
    'picture.gif': { mime: 'image/gif', width: 40, height: 30 },
    'picture.webp': { mime: 'image/webp', width: 36, height: 24 },
    'lossless.webp': { mime: 'image/webp', width: 36, height: 24 },
    'navy.jpg': { mime: 'image/jpeg', width: 80, height: 80 },
  });
});

test('not images, and images no browser could decode', () => {
  const png = fs.readFileSync(fixture('picture.png'));
  const huge = Buffer.from(png);
  huge.writeUInt32BE(100_000, 16); // width; the checksum no longer fits either
  assert.equal(inspectImage(Buffer.from('GIF89a')), 'GIF cut off');
  assert.equal(inspectImage(huge), 'damaged PNG (IHDR checksum)');
  assert.equal(
    inspectImage(fs.readFileSync(fixture('cbr128.mp3'))),
    'not an image (JPEG, PNG, GIF or WebP)',
  );
  const gif = Buffer.from(fs.readFileSync(fixture('picture.gif')));
  gif.writeUInt16LE(0, 6);
  assert.equal(inspectImage(gif), 'image/gif of size 0x30');
  gif.writeUInt16LE(20_000, 6);
  assert.equal(inspectImage(gif), '20000x30 pixels: larger than 16384 on a side');
});
