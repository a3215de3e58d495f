// What the upload panel refuses before a byte is sent, under the server's limits.
import { describe, expect, test } from 'vitest';
import { refusal } from './use-uploads';

const limits = { maxBytes: 1000, dailyBytes: 5000, extensions: ['mp3', 'flac'], usedToday: 0 };

describe('refusal', () => {
  test('accepts an audio file within the size limit, whatever the case of its extension', () => {
    expect(refusal({ name: 'a.MP3', size: 1000 }, limits)).toBeUndefined();
  });
  test('refuses other extensions, files too large, and empty ones, saying why', () => {
    expect(refusal({ name: 'notes.txt', size: 10 }, limits)).toMatch(
      /^\.txt: not an audio file \(allowed: mp3, flac\)$/,
    );
    expect(refusal({ name: 'README', size: 10 }, limits)).toMatch(/^no extension/);
    expect(refusal({ name: 'big.flac', size: 1001 }, limits)).toMatch(/^too large/);
    expect(refusal({ name: 'empty.mp3', size: 0 }, limits)).toBe('empty file');
  });
  test('refuses what would pass the daily limit, counting today and the files before it', () => {
    expect(refusal({ name: 'a.mp3', size: 1000 }, { ...limits, usedToday: 4000 })).toBeUndefined();
    expect(refusal({ name: 'a.mp3', size: 1000 }, { ...limits, usedToday: 4500 })).toMatch(
      /^over the daily upload limit/,
    );
    expect(refusal({ name: 'a.mp3', size: 600 }, limits, 4500)).toMatch(/^over the daily/);
  });
});
