// Pattern compiler tests: POSIX extended regex semantics and fnmatch flags.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PatternError, compileRegex, compileWildcard } from './patterns.js';

const re = (src: string, s: string, opts = {}): boolean => compileRegex(src, opts).test(s);
const wc = (pat: string, s: string, opts = {}): boolean => compileWildcard(pat, opts).test(s);

test('regex matches anywhere unless anchored', () => {
  assert.ok(re('trane', 'John Coltrane'));
  assert.ok(!re('^trane', 'John Coltrane'));
  assert.ok(re('^$', ''));
  assert.ok(!re('^$', 'x'));
  assert.ok(re('a|b', 'xbx'));
  assert.ok(re('(ab)+c', 'ababc'));
  assert.ok(re('a{2,3}', 'caab'));
  assert.ok(!re('^a{2,3}$', 'aaaa'));
  assert.ok(re('^a{,2}$', 'aa'), '{,n} means {0,n} as in glibc');
  assert.ok(re('a{', 'a{'), 'a brace that starts no interval is literal');
  assert.ok(re('x.y', 'x\ny'), 'dot matches newline without REG_NEWLINE');
  assert.ok(re('a/b', 'a/b'));
});

test('regex bracket expressions and classes', () => {
  assert.ok(re('^[[:digit:]]+$', '1999'));
  assert.ok(!re('^[[:digit:]]+$', '19a9'));
  assert.ok(re('^[[:alpha:][:space:]]+$', 'Giant Steps'));
  assert.ok(re('[]x]', ']'), 'leading ] is a member');
  assert.ok(re('[^]x]', 'a'));
  assert.ok(!re('^[^]x]$', ']'));
  assert.ok(re('[\\]', '\\'), 'backslash is literal inside brackets');
  assert.ok(re('[a^]', '^'));
  assert.ok(re('[[.-.]]', '-'));
  assert.ok(re('[[=e=]]', 'e'));
});

test('regex escapes, back references and GNU word operators', () => {
  assert.ok(re('a\\.b', 'a.b'));
  assert.ok(!re('a\\.b', 'axb'));
  assert.ok(re('(a)\\1', 'aa'));
  assert.ok(re('\\<the\\>', 'in the end'));
  assert.ok(!re('\\<the\\>', 'other'));
  assert.ok(re('\\w+\\s\\w+', 'ab cd'));
});

test('regex flags: i and n', () => {
  assert.ok(re('coltrane', 'John Coltrane', { icase: true }));
  assert.ok(!re('coltrane', 'John Coltrane'));
  assert.ok(re('^b', 'a\nb', { newline: true }));
  assert.ok(!re('^b', 'a\nb'));
  assert.ok(!re('a.b', 'a\nb', { newline: true }));
  assert.ok(!re('a[^x]b', 'a\nb', { newline: true }));
});

test('invalid regexes throw PatternError', () => {
  for (const bad of [
    '(a',
    'a)',
    '[a',
    '[[:foo:]]',
    '*a',
    'a**',
    '(?:a)',
    '\\1(a)',
    'x\\',
    'a{3,1}',
  ]) {
    assert.throws(() => compileRegex(bad), PatternError, bad);
  }
});

test('wildcards match the whole string', () => {
  assert.ok(wc('*.mp3', '/a/b.mp3'));
  assert.ok(!wc('*.mp3', '/a/b.mp3x'));
  assert.ok(wc('/a/?.ogg', '/a/b.ogg'));
  assert.ok(wc('[abc]*', 'bx'));
  assert.ok(wc('[!abc]*', 'dx'));
  assert.ok(wc('[^abc]*', 'dx'));
  assert.ok(!wc('[!abc]*', 'ax'));
  assert.ok(wc('[[:digit:]][[:digit:]]', '42'));
  assert.ok(wc('a\\*', 'a*'));
  assert.ok(!wc('a\\*', 'ab'));
  assert.ok(wc('[a', '[a'), 'an unclosed [ is literal');
  assert.ok(wc('a(b)|c+', 'a(b)|c+'), 'regex characters are literal');
});

test('wildcard flags: pathname, period, noescape', () => {
  assert.ok(wc('/music/*', '/music/a/b.mp3'));
  assert.ok(!wc('/music/*', '/music/a/b.mp3', { pathname: true }));
  assert.ok(wc('/music/*/*', '/music/a/b.mp3', { pathname: true }));
  assert.ok(!wc('/music/?', '/music//', { pathname: true }));
  assert.ok(!wc('a[/]b', 'a/b', { pathname: true }));
  assert.ok(wc('*', '.hidden'));
  assert.ok(!wc('*', '.hidden', { period: true }));
  assert.ok(wc('.*', '.hidden', { period: true }));
  assert.ok(wc('/x/*', '/x/.h', { period: true }), 'without pathname only the very start counts');
  assert.ok(!wc('/x/*', '/x/.h', { period: true, pathname: true }));
  assert.ok(wc('a\\b', 'a\\b', { noescape: true }));
  assert.ok(!wc('a\\b', 'ab', { noescape: true }));
  assert.ok(wc('a\\b', 'ab'));
});
