// Pattern compiler tests: POSIX extended regex semantics and fnmatch flags, in linear time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PATTERN_LIMITS, PatternError, compileRegex, compileWildcard } from './index.js';

const re = (src: string, s: string, opts = {}): boolean => compileRegex(src, opts).test(s);
const wc = (pat: string, s: string, opts = {}): boolean => compileWildcard(pat, opts).test(s);

test('a plain word is a substring search, with or without flags', () => {
  assert.ok(re('trane', 'John Coltrane'));
  assert.ok(!re('Trane', 'John Coltrane'));
  assert.ok(re('Trane', 'John Coltrane', { icase: true }));
  assert.ok(re('', 'x'));
  assert.ok(re('a/b-c é', 'xa/b-c éx'));
});

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

test('regex escapes and GNU operators', () => {
  assert.ok(re('a\\.b', 'a.b'));
  assert.ok(!re('a\\.b', 'axb'));
  assert.ok(re('\\<the\\>', 'in the end'));
  assert.ok(re('\\<the\\>', 'the'));
  assert.ok(!re('\\<the\\>', 'other'));
  assert.ok(!re('\\<the\\>', 'these'));
  assert.ok(!re('a\\<', 'a b'), 'a word starts before a word character only');
  assert.ok(re('a\\>', 'a b'));
  assert.ok(!re('a\\>b', 'ab'));
  assert.ok(re('\\w+\\s\\w+', 'ab cd'));
  assert.ok(re('a\\sb', 'a\vb'), '\\s is [[:space:]], vertical tab included');
  assert.ok(re('^a\\Sb$', 'a-b'));
  assert.ok(re('\\bcd', 'ab cd'));
  assert.ok(!re('\\Bcd', 'ab cd'));
  assert.ok(re('\\`ab', 'ab\nc', { newline: true }));
  assert.ok(
    !re('\\`c', 'ab\nc', { newline: true }),
    '\\` is the start of the string, not of a line',
  );
  assert.ok(!re("b\\'", 'ab\nc', { newline: true }));
  assert.ok(re('\\n\\é', 'né'), 'other escaped characters stand for themselves');
});

test('regex literals: punctuation, controls and characters beyond the BMP', () => {
  assert.ok(re('^[(]x}]$', '(x}]'));
  assert.ok(re('a/b-c"d\'e', 'a/b-c"d\'e'));
  assert.ok(re('^\t$', '\t'));
  assert.ok(re('^.$', '😀'), 'a character, not a UTF-16 half');
  assert.ok(re('^[😀]+$', '😀😀'));
  assert.ok(re('^[a-é]$', 'c'));
  assert.ok(re('ÄRZTE', 'die ärzte', { icase: true }));
  assert.ok(re('^[[:upper:]]+$', 'abc', { icase: true }));
});

test('back references are refused: they cannot be matched in linear time', () => {
  assert.throws(
    () => compileRegex('(a)\\1'),
    (e: unknown) => e instanceof PatternError && e.index === 3 && /back reference/.test(e.message),
  );
});

test('regex and wildcard matching is linear: no catastrophic backtracking', () => {
  // V8's RegExp needs hours for these (issue 13); RE2 needs microseconds
  const t0 = performance.now();
  assert.ok(!re('(a+)+$', 'a'.repeat(40) + '!'));
  assert.ok(re('(a+)+$', 'a'.repeat(40)));
  assert.ok(!re('^(a|a)*$', 'a'.repeat(5000) + 'b'));
  assert.ok(!re('(.*a){20}', 'a'.repeat(19) + 'b'.repeat(1000)));
  assert.ok(!wc('*a*a*a*a*a*a*a*a*b', `/music/${'a'.repeat(1000)}`));
  assert.ok(performance.now() - t0 < 1000, 'each of these took milliseconds, not hours');
});

test('refusals point at the place in the pattern', () => {
  const at = (src: string): number => {
    try {
      compileRegex(src);
    } catch (e) {
      if (e instanceof PatternError) return e.index;
      throw e;
    }
    return -1;
  };
  assert.equal(at('ab(c'), 2, 'unmatched (');
  assert.equal(at('ab)c'), 2);
  assert.equal(at('ab*+'), 3, 'a repetition of a repetition');
  assert.equal(at('x|*a'), 2, 'nothing to repeat');
  assert.equal(at('^*'), 1);
  assert.equal(at('ab[c'), 2);
  assert.equal(at('ab[z-a]'), 3, 'range out of order');
  assert.equal(at('ab{3,1}'), 2);
  assert.equal(at('ab{1001}'), 2);
  assert.equal(at('a\\'), 1, 'trailing backslash');
  assert.equal(
    at('x(a{100}){100}'),
    3,
    "RE2's own refusal (counts over 1000 together), mapped back",
  );
});

test('huge patterns are refused with a clear error, never a stack overflow', () => {
  const refused = (src: string, why: RegExp): void =>
    assert.throws(
      () => compileRegex(src),
      (e: unknown) => e instanceof PatternError && why.test(e.message),
    );
  refused('a.'.repeat(PATTERN_LIMITS.length / 2 + 1), /pattern too long/);
  assert.ok(re('a'.repeat(50_000), 'a'.repeat(50_000)), 'a plain word has no limit');
  refused('('.repeat(100_000) + 'a' + ')'.repeat(100_000), /pattern too long/);
  refused(
    '('.repeat(PATTERN_LIMITS.depth + 1) + 'a' + ')'.repeat(PATTERN_LIMITS.depth + 1),
    /nested deeper/,
  );
  refused('[a-z]{1000}[a-z]{1000}[a-z]{1000}[a-z]{1000}[a-z]{1000}[a-z]{1000}', /too complex/);
  assert.throws(() => compileWildcard('?'.repeat(PATTERN_LIMITS.length + 1)), /pattern too long/);
  assert.ok(wc('*'.repeat(50_000), 'x'), 'literals and stars alone have no limit');
  // at the limits a pattern still compiles
  assert.ok(re('('.repeat(PATTERN_LIMITS.depth) + 'a' + ')'.repeat(PATTERN_LIMITS.depth), 'a'));
  assert.ok(re('a{1000}', 'a'.repeat(1000)));
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
    '(a)\\1',
    '[[.ab.]]',
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
  assert.ok(wc('[a-c]x', 'bx'));
  assert.ok(wc('a\\', 'a\\'), 'a trailing backslash is literal');
  assert.ok(wc('*😀?', 'x😀é'));
});

test('wildcards of literals and stars alone: prefix, suffix and the pieces between', () => {
  const cases: [string, string, boolean][] = [
    ['/music/a7/*', '/music/a7/x/y.mp3', true],
    ['/music/a7/*', '/music/a70/y.mp3', false],
    ['*.mp3', '.mp3', true],
    ['*live*', '/a/live.mp3', true],
    ['*live*', '/a/liv.mp3', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'ac', false],
    ['a*bc*c', 'abcc', true],
    ['ab*ba', 'aba', false],
    ['*a*a*a*b', 'aaab', true],
    ['*a*a*a*b', 'aab', false],
    ['x', 'x', true],
    ['x', 'xx', false],
    ['', '', true],
    ['**', 'anything', true],
  ];
  for (const [p, s, want] of cases) {
    assert.equal(wc(p, s), want, `${p} ${s}`);
    // the same answer from the RE2 program (period changes nothing for these strings)
    assert.equal(wc(p, s, { period: true }), want, `${p} ${s} (RE2)`);
  }
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
  assert.ok(!wc('[.]x', '.x', { period: true }), 'a bracket never matches a leading period');
  assert.ok(!wc('?x', '.x', { period: true }));
  assert.ok(!wc('/a/[!b]x', '/a/.x', { period: true, pathname: true }));
  assert.ok(wc('/a/[!b]x', '/a/cx', { period: true, pathname: true }));
  assert.ok(!wc('a[!b]c', 'a/c', { pathname: true }));
  assert.ok(!wc('a?c', 'a/c', { pathname: true }));
  assert.ok(wc('a\\b', 'ab'));
});
