// Parser tests: every keyword and operator, precedence, typing and errors with positions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from './ast.js';
import { MoodSyntaxError } from './errors.js';
import { parseV2 } from './parser.js';
import { ctx } from './test-util.js';

const parse = (text: string): Node | undefined => parseV2(text, ctx).root;

/** A compact rendering of the tree to check structure and precedence. */
function show(n: Node | undefined): string {
  if (!n) return '<empty>';
  switch (n.kind) {
    case 'bool':
    case 'num':
      return String(n.value);
    case 'string':
      return JSON.stringify(n.value);
    case 'intKeyword':
    case 'stringKeyword':
      return n.name;
    case 'isSet':
      return `is_set(${n.attribute}@${n.bit})`;
    case 'not':
      return `!${show(n.operand)}`;
    case 'neg':
      return `-${show(n.operand)}`;
    case 'and':
    case 'or':
      return `(${n.operands.map(show).join(n.kind === 'and' ? ' && ' : ' || ')})`;
    case 'compare':
    case 'arith':
      return `(${show(n.left)} ${n.op} ${show(n.right)})`;
    case 'match':
      return `(${show(n.subject)} ~ ${n.pattern.kind}:${n.pattern.source}/${n.pattern.flags})`;
  }
}

function parseError(text: string): MoodSyntaxError {
  try {
    parse(text);
  } catch (e) {
    assert.ok(e instanceof MoodSyntaxError, String(e));
    return e;
  }
  assert.fail(`no error for ${JSON.stringify(text)}`);
}

test('empty and comment-only moods have no tree', () => {
  assert.equal(parse(''), undefined);
  assert.equal(parse('  # nothing\n\n'), undefined);
});

test('every keyword parses with its type', () => {
  for (const k of ['path', 'artist', 'title', 'album', 'comment', 'audio_format']) {
    assert.equal(parse(k)?.type, 'string', k);
  }
  const ints = ['num_played', 'image_id', 'lyrics_id', 'num_attributes_set', 'bitrate'];
  for (const k of [...ints, 'frequency', 'channels', 'year', 'duration']) {
    assert.equal(parse(k)?.type, 'int', k);
  }
  assert.equal(show(parse('true')), 'true');
  assert.equal(show(parse('false')), 'false');
  assert.equal(show(parse('is_set("jazz")')), 'is_set(jazz@2)');
  assert.equal(show(parse('is_set ( "live" )')), 'is_set(live@1)');
});

test('every operator', () => {
  for (const op of ['==', '!=', '<', '>', '<=', '>=']) {
    assert.equal(show(parse(`bitrate ${op} 128`)), `(bitrate ${op} 128)`);
  }
  for (const op of ['+', '-', '*', '/']) {
    assert.equal(show(parse(`bitrate ${op} channels`)), `(bitrate ${op} channels)`);
  }
  assert.equal(show(parse('-bitrate')), '-bitrate');
  assert.equal(show(parse('!true')), '!true');
  assert.equal(show(parse('true && false')), '(true && false)');
  assert.equal(show(parse('true || false')), '(true || false)');
  assert.equal(show(parse('artist == "x"')), '(artist == "x")');
  assert.equal(show(parse('artist != title')), '(artist != title)');
  assert.equal(show(parse('artist =~ /tr(a|i)ne/i')), '(artist ~ regex:tr(a|i)ne/i)');
  assert.equal(show(parse('path =| |*.mp3|p')), '(path ~ wildcard:*.mp3/p)');
  assert.equal(show(parse('path =~ |*.ogg|')), '(path ~ wildcard:*.ogg/)');
});

test('precedence: || < && < ==,!= < relational,=~ < +,- < *,/ < unary', () => {
  assert.equal(show(parse('true || false && false')), '(true || (false && false))');
  assert.equal(show(parse('true && false || true')), '((true && false) || true)');
  assert.equal(
    show(parse('year < 1 == bitrate > 2')),
    '((year < 1) == (bitrate > 2))',
    'relational binds tighter than equality',
  );
  assert.equal(show(parse('bitrate + channels * year')), '(bitrate + (channels * year))');
  assert.equal(show(parse('bitrate - channels - year')), '((bitrate - channels) - year)');
  assert.equal(show(parse('bitrate / channels / year')), '((bitrate / channels) / year)');
  assert.equal(show(parse('-bitrate * channels')), '(-bitrate * channels)');
  assert.equal(show(parse('(bitrate + channels) * year')), '((bitrate + channels) * year)');
  assert.equal(show(parse('!true && false')), '(!true && false)');
  assert.equal(show(parse('!(true && false)')), '!(true && false)');
  assert.equal(
    show(parse('path =~ /a/ && year + 1 > 2 * bitrate || !is_set("rock")')),
    '(((path ~ regex:a/) && ((year + 1) > (2 * bitrate))) || !is_set(rock@0))',
  );
  assert.equal(show(parse('true || false || true')), '(true || false || true)', 'chains are flat');
});

test('integer constants are folded with int64 semantics', () => {
  assert.equal(show(parse('1 + 2 * 3')), '7');
  assert.equal(show(parse('-7 / 2')), '-3');
  assert.equal(show(parse('7 - 10')), '-3');
  assert.equal(show(parse('9223372036854775807')), '9223372036854776000');
  assert.equal(show(parse('bitrate * (4 / 2)')), '(bitrate * 2)');
});

test('syntax errors name what was expected and where', () => {
  assert.equal(
    parseError('(year > 1970\n  and year < 1980)').message,
    "line 2, column 3: expected ')' but found 'and'",
  );
  const e = parseError('year >');
  assert.equal(e.message, 'line 1, column 7: expected an expression but found end of input');
  assert.equal(e.line, 1);
  assert.equal(e.column, 7);
  assert.equal(e.expected, 'an expression');
  assert.equal(e.found, 'end of input');
  assert.equal(
    parseError('1 &&').message,
    'line 1, column 5: expected an expression but found end of input',
  );
  assert.equal(
    parseError('true true').message,
    "line 1, column 6: expected '&&', '||' or the end of input but found 'true'",
  );
  assert.equal(
    parseError('year )').message,
    "line 1, column 6: expected an operator but found ')'",
  );
  assert.equal(
    parseError('foo == 1').message,
    "line 1, column 1: expected an expression but found unknown word 'foo'",
  );
  assert.equal(
    parseError('is_set rock').message,
    "line 1, column 8: expected '(' but found 'rock'",
  );
  assert.equal(
    parseError('is_set(rock)').message,
    "line 1, column 8: expected an attribute name in double quotes but found 'rock'",
  );
  assert.equal(parseError('is_set("pop")').message, "line 1, column 8: unknown attribute 'pop'");
  assert.equal(
    parseError('path =~ "x"').message,
    'line 1, column 9: expected a pattern (/regex/ or |wildcard|) but found \'"x"\'',
  );
});

test('type errors', () => {
  assert.equal(
    parseError('path > 3').message,
    "line 1, column 1: expected an integer operand for '>' but found a string (path)",
  );
  assert.equal(
    parseError('year == "1970"').message,
    "line 1, column 9: expected an integer operand for '==' but found a string",
  );
  assert.equal(
    parseError('bitrate =~ /1/').message,
    "line 1, column 1: expected a string operand for '=~' but found an integer (bitrate)",
  );
  assert.match(parseError('!path =~ /x/').message, /^line 1, column 1: expected a string operand/);
  assert.match(
    parseError('true + 1').message,
    /expected an integer operand for '\+' but found a boolean/,
  );
  assert.match(parseError('-path').message, /expected an integer operand for '-'/);
  assert.match(parseError('year < 1 < 2').message, /found a boolean/);
  assert.match(parseError('"a" < "b"').message, /expected an integer operand for '<'/);
});

test('pattern, number and arithmetic errors', () => {
  assert.equal(
    parseError('artist =~ /(abc/').message,
    "line 1, column 12: invalid regex pattern '/(abc/': unmatched '('",
  );
  // the column is the place in the pattern, past escaped delimiters
  assert.match(parseError(String.raw`path =~ /\/x\/(?y/`).message, /^line 1, column 16: /);
  assert.match(parseError(String.raw`path =~ /\\\/x{3,2}/`).message, /^line 1, column 15: /);
  assert.match(
    parseError('path =~ /(a)\\1/').message,
    /^line 1, column 13: .*back references are not supported/,
  );
  assert.equal(
    parseError('artist =~ /a/x').message,
    "line 1, column 11: unknown flag 'x' of regex pattern /a/x",
  );
  assert.match(parseError('path =| |a|i').message, /unknown flag 'i' of wildcard pattern/);
  assert.match(parseError('artist =~ /a**/').message, /^line 1, column 14: invalid regex pattern/);
  assert.equal(parseError('bitrate / 0').message, 'line 1, column 9: division by zero');
  assert.equal(parseError('bitrate / (2 - 2)').message, 'line 1, column 9: division by zero');
  assert.equal(
    parseError('9223372036854775808 > 0').message,
    "line 1, column 1: number '9223372036854775808' out of range",
  );
});

test('nesting and length limits give errors, not stack overflows', () => {
  assert.match(
    parseError('('.repeat(5000) + 'true' + ')'.repeat(5000)).message,
    /nested too deeply/,
  );
  assert.match(parseError('!'.repeat(5000) + 'true').message, /nested too deeply/);
  assert.match(parseError('-'.repeat(5000) + '1').message, /nested too deeply/);
  assert.match(parseError(Array(5000).fill('bitrate').join(' + ')).message, /expression too long/);
  // flat chains of || and && have no such limit
  const many = Array(5000).fill('is_set("rock")').join(' || ');
  assert.equal(parse(many)?.kind, 'or');
  assert.equal(show(parse(Array(5000).fill('1').join(' + '))), '5000');
});
