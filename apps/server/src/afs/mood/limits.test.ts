// A huge mood is refused with a clear error at its place: too long, too many patterns, patterns
// too complex together, or nested too deeply; never a stack overflow or a long stall.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PATTERN_LIMITS } from '../patterns/index.js';
import { MOOD_LIMITS, MoodSyntaxError, parseMood } from './index.js';

const ctx = { attributeBit: (n: string): number | undefined => (n === 'rock' ? 0 : undefined) };

function refusal(text: string): MoodSyntaxError {
  try {
    parseMood(text, ctx);
  } catch (e) {
    if (e instanceof MoodSyntaxError) return e;
    throw e;
  }
  throw new Error('the mood was accepted');
}

test('a definition longer than the limit is refused where it goes over', () => {
  const line = 'year > 1 || year < 0 ||\n'; // 24 characters
  const lines = Math.ceil((MOOD_LIMITS.length + 1) / line.length);
  const t0 = performance.now();
  const e = refusal(line.repeat(lines) + 'true');
  assert.match(e.message, /mood definition too long/);
  assert.equal(e.line, Math.floor(MOOD_LIMITS.length / line.length) + 1);
  assert.equal(e.column, (MOOD_LIMITS.length % line.length) + 1);
  // 10 MB: refused before any parsing
  assert.match(refusal('x'.repeat(10_000_000)).message, /too long \(10000000 characters/);
  assert.ok(performance.now() - t0 < 5000);
  // at the limit a mood still loads
  const fits = 'true' + ' '.repeat(MOOD_LIMITS.length - 4);
  assert.equal(parseMood(fits, ctx).version, 2);
});

test('more patterns than the limit: refused at the first one too many', () => {
  const text = Array.from({ length: MOOD_LIMITS.patterns + 1 }, (_, i) => `path =~ /x${i}/`).join(
    ' ||\n',
  );
  const e = refusal(text);
  assert.match(e.message, /too many patterns/);
  assert.equal(e.line, MOOD_LIMITS.patterns + 1);
  assert.equal(e.column, 9);
  const v1 = Array.from(
    { length: MOOD_LIMITS.patterns + 1 },
    () => 'accept if path_matches /a*',
  ).join('\n');
  assert.match(refusal(v1).message, /^line 257, column 24: too many patterns/);
});

test('patterns too complex together are refused; each alone would fit', () => {
  const big = `path =~ /[a-z]{${PATTERN_LIMITS.repeat}}/`; // about 1,000 instructions
  const count = Math.ceil(MOOD_LIMITS.instructions / 1000) + 1;
  const e = refusal(Array(count).fill(big).join(' || '));
  assert.match(e.message, /patterns too complex together/);
  assert.doesNotThrow(() => parseMood(big, ctx));
});

test('deep nesting of the mood and of a pattern: errors, not stack overflows', () => {
  assert.match(refusal('('.repeat(60_000) + 'true' + ')'.repeat(60_000)).message, /too long/);
  assert.match(
    refusal('('.repeat(30_000) + 'true' + ')'.repeat(30_000)).message,
    /nested too deeply/,
  );
  assert.match(
    refusal(`path =~ /${'('.repeat(30_000)}a${')'.repeat(30_000)}/`).message,
    /pattern too long/,
  );
  assert.match(
    refusal(`path =~ /${'('.repeat(900)}a${')'.repeat(900)}/`).message,
    /^line 1, column 60: .*groups nested deeper than 50/,
  );
  assert.match(refusal(`path =~ /${'a?'.repeat(25_000)}/`).message, /pattern too long/);
});
