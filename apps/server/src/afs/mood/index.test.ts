// parseMood tests: language selection, a fuzz run of random input, and an evaluation timing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import type { MoodFile } from './ast.js';
import { MoodSyntaxError, parseMood } from './index.js';
import { ATTRIBUTES, bits, ctx, file } from './test-util.js';

test('version 2 first, version 1 for accept/deny/score moods', () => {
  const rock = file({ attributes: bits('rock') });
  const v2 = parseMood('is_set("rock")', ctx);
  assert.equal(v2.version, 2);
  assert.ok(v2.isAdmissible(rock));
  assert.equal(v2.evaluate(rock), 0);
  assert.equal(v2.evaluate(file()), undefined);

  const v1 = parseMood('# old mood\naccept with score 5 if is_set rock', ctx);
  assert.equal(v1.version, 1);
  assert.ok(v1.isAdmissible(rock));
  assert.equal(v1.evaluate(rock), 100);
  assert.equal(v1.evaluate(file()), undefined);

  assert.equal(parseMood('', ctx).version, 2, 'empty moods are version 2 and admit everything');
  assert.ok(parseMood('', ctx).isAdmissible(file()));
});

test('errors come from the language the mood is written in', () => {
  assert.throws(() => parseMood('accept is_set pop', ctx), {
    name: 'MoodSyntaxError',
    message: "line 1, column 15: unknown attribute 'pop'",
  });
  assert.throws(() => parseMood('year > 1970 &&', ctx), {
    message: 'line 1, column 15: expected an expression but found end of input',
  });
  assert.throws(() => parseMood('accept is_set rock', { ...ctx, allowVersion1: false }), {
    message: "line 1, column 1: expected an expression but found unknown word 'accept'",
  });
});

/** Deterministic PRNG (mulberry32) so that a failing fuzz case can be reproduced. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = [
  ...['path', 'artist', 'year', 'bitrate', 'num_attributes_set', 'true', 'false', 'is_set'],
  ...['==', '!=', '<', '>', '<=', '>=', '=~', '=|', '&&', '||', '!', '-', '+', '*', '/'],
  ...['(', ')', '0', '7', '99999999999999999999', '"rock"', '"x\\', '"\\q"', '/a(/', '/[[:x:]]/'],
  ...['/^a.*b$/i', '|*.mp3|p', '|[!a]*|P', '|x', '/y', 'is_set("rock")', 'is_set("pop")'],
  ...['#', '\n', ' ', '  ', '\t', 'accept', 'deny', 'score', 'with', 'random', 'if', 'not'],
  ...['rock', 'no_attributes_set', 'path_matches', 'artist_matches', 'year', '=', '|', '&'],
  ...['\\', '[', ']', '{', '}', '?', '@', 'é', '\u0000', '1x', '-5', '( (', ') )', '/ 0'],
];

const pick = <T>(next: () => number, xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;

/** A mostly well-formed version 2 expression, so that the fuzz run reaches the evaluator. */
function expression(next: () => number, depth: number): string {
  const leaf = (): string =>
    pick(next, [
      'is_set("rock")',
      'true',
      `year ${pick(next, ['<', '>=', '==', '!='])} ${Math.floor(next() * 2100)}`,
      `artist =~ /${pick(next, ['col', '^J', 'a|b', '[[:upper:]]', '(x)\\1'])}/${pick(next, ['', 'i', 'n'])}`,
      `path =| |${pick(next, ['*', '/music/*', '*.mp3', '[!a]*'])}|${pick(next, ['', 'p', 'P', 'n'])}`,
      `bitrate ${pick(next, ['+', '-', '*', '/'])} ${pick(next, ['channels', '3', 'num_played'])} > 1`,
      'num_attributes_set',
      'title',
    ]);
  if (depth <= 0 || next() < 0.3) return leaf();
  const a = expression(next, depth - 1);
  const b = expression(next, depth - 1);
  return pick(next, [`${a} && ${b}`, `${a} || ${b}`, `!(${a})`, `(${a}) == (${b})`, `(${a})`]);
}

function randomMood(next: () => number): string {
  const r = next();
  if (r < 0.1) {
    // raw characters, mostly printable ASCII
    const len = Math.floor(next() * 40);
    let s = '';
    for (let i = 0; i < len; i++) {
      s += String.fromCharCode(
        next() < 0.9 ? 32 + Math.floor(next() * 95) : Math.floor(next() * 300),
      );
    }
    return s;
  }
  if (r < 0.5) {
    // a valid expression, sometimes with one character deleted, duplicated or replaced
    let s = expression(next, 4);
    if (next() < 0.5 && s.length > 0) {
      const at = Math.floor(next() * s.length);
      const ch = pick(next, ['', s[at]! + s[at]!, pick(next, FRAGMENTS)]);
      s = s.slice(0, at) + ch + s.slice(at + 1);
    }
    return s;
  }
  const n = 1 + Math.floor(next() * 25);
  let s = '';
  for (let i = 0; i < n; i++) {
    s += pick(next, FRAGMENTS);
    if (next() < 0.6) s += ' ';
  }
  return s;
}

test('fuzz: 5,000 random moods parse or throw MoodSyntaxError, quickly', (t) => {
  const next = rng(20250601);
  const sample = file({ attributes: bits('rock'), year: '77' });
  let parsed = 0;
  let slowest = 0;
  const start = performance.now();
  for (let i = 0; i < 5000; i++) {
    const text = randomMood(next);
    const t0 = performance.now();
    try {
      const mood = parseMood(text, ctx);
      parsed++;
      const r = mood.evaluate(sample);
      assert.ok(r === undefined || Number.isFinite(r), text);
    } catch (e) {
      if (!(e instanceof MoodSyntaxError)) assert.fail(`${JSON.stringify(text)}: ${String(e)}`);
      assert.match(e.message, /^line \d+, column \d+: ./, text);
    }
    const took = performance.now() - t0;
    slowest = Math.max(slowest, took);
    assert.ok(took < 250, `${JSON.stringify(text)} took ${took} ms`);
  }
  const msg = `fuzz: ${parsed} of 5000 parsed, ${(performance.now() - start).toFixed(0)} ms total, slowest ${slowest.toFixed(1)} ms`;
  t.diagnostic(msg);
  console.log(msg);
});

function syntheticFiles(n: number): MoodFile[] {
  const next = rng(42);
  const artists = ['John Coltrane', 'Miles Davis', 'Nina Simone', 'The Clash', 'Kraftwerk', ''];
  const files: MoodFile[] = [];
  for (let i = 0; i < n; i++) {
    const artist = artists[i % artists.length]!;
    files.push(
      file({
        path: `/music/${i % 7 === 0 ? 'jazz' : 'rock'}/${artist || 'unknown'}/track-${i}.${i % 3 === 0 ? 'ogg' : 'mp3'}`,
        attributes: BigInt(Math.floor(next() * 2 ** ATTRIBUTES.length)),
        numPlayed: Math.floor(next() * 40),
        bitrate: [128, 192, 256, 320][i % 4]!,
        channels: i % 10 === 0 ? 1 : 2,
        year: i % 11 === 0 ? '' : String(1950 + (i % 70)),
        artist,
        title: `Track ${i}`,
      }),
    );
  }
  return files;
}

test('speed: a representative mood over 100,000 files', (t) => {
  const files = syntheticFiles(100_000);
  const moods = {
    v2: `(is_set("rock") || artist =~ /coltrane|davis/i) && !is_set("live")
      && year >= 1960 && year < 1990 && num_played < 30
      && (path =| |/music/*/*/*.mp3|p || bitrate >= 256) && channels == 2`,
    v1: [
      'accept with score 20 if is_set rock',
      'accept artist_matches [Cc]oltrane',
      'deny if is_set live',
      'deny year < 1960',
      'score 10 if path_matches /music/jazz/*',
      'score -5 if num_played > 20',
    ].join('\n'),
  };
  for (const [name, text] of Object.entries(moods)) {
    const mood = parseMood(text, ctx);
    const pass = (): { ms: number; admitted: number } => {
      const t0 = performance.now();
      let admitted = 0;
      for (const f of files) if (mood.evaluate(f) !== undefined) admitted++;
      return { ms: performance.now() - t0, admitted };
    };
    // the first pass is what a mood load pays: it includes compiling the closures' code
    const cold = pass();
    let warm = Infinity;
    for (let i = 0; i < 5; i++) warm = Math.min(warm, pass().ms);
    const msg =
      `speed: ${name} mood over ${files.length} files: first pass ${cold.ms.toFixed(1)} ms, ` +
      `warm ${warm.toFixed(1)} ms, ${cold.admitted} admissible`;
    t.diagnostic(msg);
    console.log(msg);
    assert.ok(cold.admitted > 0 && cold.admitted < files.length);
  }
});
