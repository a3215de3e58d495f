// Tokenizer tests: every token kind, escapes, pattern delimiters and lexical errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MoodSyntaxError } from './errors.js';
import { tokenize } from './lexer.js';

const kinds = (text: string): string[] => tokenize(text).map((t) => `${t.kind}:${t.value}`);

function lexError(text: string): MoodSyntaxError {
  try {
    tokenize(text);
  } catch (e) {
    assert.ok(e instanceof MoodSyntaxError, String(e));
    return e;
  }
  assert.fail(`no error for ${text}`);
}

test('operators, words, numbers and end of input', () => {
  assert.deepEqual(kinds('a||b&&!c==1!=2<3>4<=5>=6+7-8*9/(x)'), [
    'word:a',
    'op:||',
    'word:b',
    'op:&&',
    'op:!',
    'word:c',
    'op:==',
    'num:1',
    'op:!=',
    'num:2',
    'op:<',
    'num:3',
    'op:>',
    'num:4',
    'op:<=',
    'num:5',
    'op:>=',
    'num:6',
    'op:+',
    'num:7',
    'op:-',
    'num:8',
    'op:*',
    'num:9',
    'op:/',
    'op:(',
    'word:x',
    'op:)',
    'eof:',
  ]);
});

test('whitespace and # comments are skipped; positions are 1-based', () => {
  const toks = tokenize('# comment\n  year >= 1970 # trailing\n\t&& true');
  assert.deepEqual(
    toks.map((t) => [t.value, t.pos.line, t.pos.column]),
    [
      ['year', 2, 3],
      ['>=', 2, 8],
      ['1970', 2, 11],
      ['&&', 3, 2],
      ['true', 3, 5],
      ['', 3, 9],
    ],
  );
});

test('string literals are unescaped', () => {
  const [t] = tokenize(String.raw`"a\"b\\c\n\t\x41\101\?"`);
  assert.equal(t?.kind, 'string');
  assert.equal(t?.value, 'a"b\\c\n\tAA?');
});

test('patterns follow =~ and =| only, with flags and escaped delimiters', () => {
  const toks = tokenize(String.raw`path =~ /a\/b\.c/in && x =| |*.mp3\|x|pP`);
  assert.deepEqual(
    toks
      .filter((t) => t.kind === 'regex' || t.kind === 'wildcard')
      .map((t) => [t.kind, t.value, t.flags]),
    [
      ['regex', String.raw`a/b\.c`, 'in'],
      ['wildcard', '*.mp3|x', 'pP'],
    ],
  );
  // elsewhere / is division and || is or
  assert.deepEqual(kinds('4 / 2 || 1'), ['num:4', 'op:/', 'num:2', 'op:||', 'num:1', 'eof:']);
  // a pattern may sit right after the operator, and =~ takes a wildcard too
  assert.deepEqual(kinds('p=||a|').slice(0, 3), ['word:p', 'op:=|', 'wildcard:a']);
  assert.deepEqual(kinds('p =~ |a|').slice(0, 3), ['word:p', 'op:=~', 'wildcard:a']);
  assert.deepEqual(kinds('p =~ # c\n /a/').slice(0, 3), ['word:p', 'op:=~', 'regex:a']);
});

test('lexical errors carry positions', () => {
  assert.equal(lexError('x == "abc').message, 'line 1, column 6: unterminated string literal');
  assert.equal(lexError('x == "ab\nc"').message, 'line 1, column 6: unterminated string literal');
  assert.equal(
    lexError('x == "a\\qb"').message,
    "line 1, column 8: invalid escape sequence '\\q' in string literal",
  );
  assert.equal(lexError('path =~ /abc').message, 'line 1, column 9: unterminated regex pattern');
  assert.equal(
    lexError('\npath =| |abc').message,
    'line 2, column 9: unterminated wildcard pattern',
  );
  assert.equal(
    lexError('year = 3').message,
    "line 1, column 6: unexpected '=' (compare with '==')",
  );
  assert.match(lexError('a | b').message, /^line 1, column 3: unexpected '\|'/);
  assert.match(lexError('a & b').message, /use '&&'/);
  assert.equal(lexError('12ab').message, "line 1, column 1: invalid number '12ab'");
  assert.equal(lexError('a @').message, "line 1, column 3: unexpected character '@'");
  assert.equal(lexError('\u0001').message, "line 1, column 1: unexpected character '\\x01'");
});
