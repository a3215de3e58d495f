// fnmatch-compatible wildcard matching, as the commands' path and name patterns use it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParaError } from '../../errors.js';
import { fnmatch } from './index.js';

test('wildcards, classes, escapes', () => {
  assert.ok(fnmatch('/music/*', '/music/a/b.mp3'));
  assert.ok(!fnmatch('/music/*', '/music/a/b.mp3', true));
  assert.ok(fnmatch('/music/*/*.mp3', '/music/a/b.mp3', true));
  assert.ok(fnmatch('*.mp?', 'x.mp3'));
  assert.ok(fnmatch('[abc]*', 'boo'));
  assert.ok(!fnmatch('[!abc]*', 'boo'));
  assert.ok(fnmatch('[^abc]*', 'zoo'));
  assert.ok(fnmatch('[]x]', ']'));
  assert.ok(fnmatch('a\\*', 'a*'));
  assert.ok(!fnmatch('a\\*', 'ab'));
  assert.ok(fnmatch('(x)+.mp3', '(x)+.mp3'));
  assert.ok(fnmatch('[a', '[a'));
  assert.ok(!fnmatch('*.ogg', 'a.mp3'));
});

test('many stars match in linear time (a backtracking RegExp took seconds on 40 characters)', () => {
  const name = `/music/${'a'.repeat(4000)}.mp3`;
  const t0 = performance.now();
  for (let i = 0; i < 100; i++) assert.ok(!fnmatch('*a*a*a*a*a*a*a*a*a*a*b', name));
  assert.ok(performance.now() - t0 < 2000, 'milliseconds, not hours');
});

test('a pattern that cannot be compiled is a syntax error naming it', () => {
  assert.throws(
    () => fnmatch('[z-a]*', 'x'),
    (e: unknown) =>
      e instanceof ParaError && e.code === 'E_SYNTAX' && /\[z-a\]\*.*range/.test(e.message),
  );
});
