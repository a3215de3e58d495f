// Evaluation tests: keyword values, operator semantics and truth rules against sample files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MoodFile } from './ast.js';
import { arith, compileProgram, parseYear, popcount64 } from './evaluate.js';
import { parseV2 } from './parser.js';
import { bits, ctx, file } from './test-util.js';

const admits = (mood: string, f: MoodFile = file()): boolean =>
  compileProgram(parseV2(mood, ctx))(f);

test('string keywords', () => {
  const f = file({ album: 'Blue Train', comment: 'remaster', format: 1 });
  assert.ok(admits('path == "/music/jazz/coltrane/giant-steps.mp3"', f));
  assert.ok(admits('artist == "John Coltrane"', f));
  assert.ok(admits('title == "Giant Steps"', f));
  assert.ok(admits('album == "Blue Train"', f));
  assert.ok(admits('comment == "remaster"', f));
  assert.ok(admits('audio_format == "ogg"', f));
  assert.ok(admits('album != title', f));
  assert.ok(admits('comment =~ /^$/'), 'a missing tag is the empty string');
  assert.ok(!admits('artist == "john coltrane"'), 'comparison is exact');
  assert.ok(admits('audio_format == ""', file({ format: 99 })), 'unknown format id');
});

test('integer keywords', () => {
  const f = file({
    numPlayed: 7,
    imageId: 3,
    lyricsId: 4,
    attributes: bits('rock', 'favorite'),
    bitrate: 320,
    frequency: 48000,
    channels: 1,
    year: '1983',
    secondsTotal: 61,
  });
  for (const m of [
    'num_played == 7',
    'image_id == 3',
    'lyrics_id == 4',
    'num_attributes_set == 2',
    'bitrate == 320',
    'frequency == 48000',
    'channels == 1',
    'year == 1983',
    'duration == 61',
  ]) {
    assert.ok(admits(m, f), m);
  }
  assert.ok(admits('num_attributes_set == 64', file({ attributes: (1n << 64n) - 1n })));
});

test('year: numbers, two-digit years, and unknown years', () => {
  assert.equal(parseYear('1999'), 1999);
  assert.equal(parseYear(' 2001 '), 2001);
  assert.equal(parseYear('85'), 1985);
  assert.equal(parseYear('05'), 1905);
  assert.equal(parseYear(''), -1);
  assert.equal(parseYear('2001-05-12'), -1);
  assert.equal(parseYear('abc'), -1);
  assert.ok(!admits('year > 0', file({ year: '' })));
  assert.ok(admits('year < 0', file({ year: 'unknown' })));
});

test('is_set and its combinations', () => {
  const f = file({ attributes: bits('rock', 'favorite') });
  assert.ok(admits('is_set("rock")', f));
  assert.ok(admits('is_set("favorite")', f));
  assert.ok(!admits('is_set("live")', f));
  assert.ok(admits('is_set("rock") && !is_set("live")', f));
  assert.ok(!admits('is_set("jazz") || is_set("live")', f));
  assert.ok(admits('is_set("jazz") || is_set("live") || is_set("favorite")', f));
  assert.ok(admits('is_set("rock") == is_set("favorite")', f));
  assert.ok(admits('is_set("rock") != is_set("live")', f));
  const high = { attributeBit: (n: string) => (n === 'top' ? 63 : undefined) };
  assert.ok(compileProgram(parseV2('is_set("top")', high))(file({ attributes: 1n << 63n })));
});

test('operators compute and compare as in C', () => {
  const f = file({ bitrate: 7, channels: 2 });
  assert.ok(admits('bitrate / channels == 3', f));
  assert.ok(admits('-bitrate / channels == -3', f));
  assert.ok(admits('bitrate - channels * 3 == 1', f));
  assert.ok(admits('(bitrate - channels) * 3 == 15', f));
  assert.ok(admits('bitrate / num_played == 0', f), 'division by a zero value yields 0');
  for (const [m, want] of [
    ['bitrate < 7', false],
    ['bitrate <= 7', true],
    ['bitrate > 6', true],
    ['bitrate >= 8', false],
    ['bitrate != 7', false],
    ['channels < bitrate', true],
    ['channels > bitrate', false],
    ['channels <= bitrate', true],
    ['channels >= bitrate', false],
    ['channels == bitrate', false],
    ['channels != bitrate', true],
  ] as const) {
    assert.equal(admits(m, f), want, m);
  }
  assert.equal(arith('*', 2 ** 62, 4), 0, '64-bit wrap-around');
  assert.equal(arith('+', 2 ** 53, 2 ** 53), 2 ** 54);
  assert.equal(arith('/', -1, 5), 0);
  assert.ok(Object.is(arith('/', -1, 5), 0), 'no negative zero');
});

test('matches: regex anywhere, wildcard whole path, flags', () => {
  assert.ok(admits('artist =~ /trane/'));
  assert.ok(!admits('artist =~ /^trane/'));
  assert.ok(admits('artist =~ /COLTRANE/i'));
  assert.ok(!admits('artist =~ /COLTRANE/'));
  assert.ok(admits('path =| |/music/*|'));
  assert.ok(!admits('path =| |/music/*|p'));
  assert.ok(admits('path =| |/music/*/*/*.mp3|p'));
  assert.ok(!admits('path =| |*.ogg|'));
  assert.ok(admits('"abc" =~ /b/'), 'constant subjects work');
  assert.ok(admits('path =~ /\\/jazz\\//'), 'escaped delimiters');
});

test('truth of the whole mood: boolean, non-zero integer, non-empty string', () => {
  assert.ok(admits(''));
  assert.ok(admits('# only a comment'));
  assert.ok(admits('true'));
  assert.ok(!admits('false'));
  assert.ok(admits('bitrate'));
  assert.ok(!admits('num_played'));
  assert.ok(!admits('0'));
  assert.ok(admits('artist'));
  assert.ok(!admits('comment'));
  assert.ok(!admits('""'));
  assert.ok(admits('!num_played && artist'), 'integers and strings work as truth values');
});

test('popcount64', () => {
  assert.equal(popcount64(0n), 0);
  assert.equal(popcount64(0b1011n), 3);
  assert.equal(popcount64(0xffffffffffffffffn), 64);
  assert.equal(popcount64(1n << 63n), 1);
});
