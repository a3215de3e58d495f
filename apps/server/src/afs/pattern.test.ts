// fnmatch-compatible wildcard matching.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fnmatch } from './pattern.js';

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
