// The tokenizer of version 2 mood definitions (docs/paraslash/moods.md §2.3): numbers, strings, patterns,
// words and operators, each with its position for error messages.
import { LineMap, MoodSyntaxError, quote } from './errors.js';
import type { SourcePos } from './errors.js';

export type TokenKind = 'num' | 'string' | 'regex' | 'wildcard' | 'word' | 'op' | 'eof';

export interface Token {
  kind: TokenKind;
  /** the token as written */
  text: string;
  /** digits, unescaped string, pattern body, word or operator */
  value: string;
  /** pattern flags (letters after the closing delimiter) */
  flags: string;
  pos: SourcePos;
}

const TWO_CHAR_OPS = new Set(['||', '&&', '==', '!=', '<=', '>=', '=~', '=|']);
const ONE_CHAR_OPS = new Set(['!', '<', '>', '+', '-', '*', '/', '(', ')']);
const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'",
  '?': '?',
};
const HINTS: Record<string, string> = {
  '=': "unexpected '=' (compare with '==')",
  '|': "unexpected '|' (use '||', or '=| |pattern|' for a wildcard match)",
  '&': "unexpected '&' (use '&&')",
};

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isWordStart = (c: string | undefined): boolean =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_');
const isWordChar = (c: string | undefined): boolean => isWordStart(c) || isDigit(c);
const isSpace = (c: string): boolean =>
  c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';

/** Splits a whole definition into tokens; the last one is always 'eof'. */
export function tokenize(text: string): Token[] {
  const lines = new LineMap(text);
  const tokens: Token[] = [];
  // after =~ and =| a '/' or '|' opens a pattern instead of being an operator
  let patternNext = false;
  let i = 0;

  const fail = (offset: number, detail: string): never => {
    throw new MoodSyntaxError(lines.pos(offset), detail);
  };
  const push = (kind: TokenKind, start: number, value: string, flags = ''): void => {
    tokens.push({ kind, text: text.slice(start, i), value, flags, pos: lines.pos(start) });
  };

  while (i < text.length) {
    const ch = text[i]!;
    if (isSpace(ch)) {
      i++;
      continue;
    }
    if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const start = i;
    const expectingPattern = patternNext;
    patternNext = false;
    if (expectingPattern && (ch === '/' || ch === '|')) {
      const body = readPattern(text, start, fail);
      i = body.end;
      while (i < text.length && isWordStart(text[i]) && text[i] !== '_') i++;
      push(ch === '/' ? 'regex' : 'wildcard', start, body.value, text.slice(body.end, i));
    } else if (isDigit(ch)) {
      while (isDigit(text[i])) i++;
      if (isWordStart(text[i])) fail(start, `invalid number ${quote(readWord(text, start))}`);
      push('num', start, text.slice(start, i));
    } else if (isWordStart(ch)) {
      i = start + readWord(text, start).length;
      push('word', start, text.slice(start, i));
    } else if (ch === '"') {
      const s = readString(text, start, fail);
      i = s.end;
      push('string', start, s.value);
    } else {
      const two = text.slice(i, i + 2);
      if (TWO_CHAR_OPS.has(two)) {
        i += 2;
        push('op', start, two);
        patternNext = two === '=~' || two === '=|';
      } else if (ONE_CHAR_OPS.has(ch)) {
        i++;
        push('op', start, ch);
      } else {
        fail(start, HINTS[ch] ?? `unexpected character ${quote(ch)}`);
      }
    }
  }
  tokens.push({ kind: 'eof', text: '', value: '', flags: '', pos: lines.pos(text.length) });
  return tokens;
}

function readWord(text: string, start: number): string {
  let j = start;
  while (isWordChar(text[j])) j++;
  return text.slice(start, j);
}

type Fail = (offset: number, detail: string) => never;

/**
 * Reads a C-like string literal starting at the opening quote. Strings end on their line so
 * that a missing quote is reported where the string starts, not at the end of the mood.
 */
function readString(text: string, start: number, fail: Fail): { value: string; end: number } {
  let value = '';
  let j = start + 1;
  for (;;) {
    const c = text[j];
    if (c === undefined || c === '\n') return fail(start, 'unterminated string literal');
    if (c === '"') return { value, end: j + 1 };
    if (c !== '\\') {
      value += c;
      j++;
      continue;
    }
    const e = text[j + 1];
    if (e === undefined || e === '\n') return fail(start, 'unterminated string literal');
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      value += simple;
      j += 2;
    } else if (e >= '0' && e <= '7') {
      let k = j + 1;
      while (k < j + 4 && (text[k] ?? '') >= '0' && (text[k] ?? '') <= '7') k++;
      value += String.fromCharCode(parseInt(text.slice(j + 1, k), 8) & 0xff);
      j = k;
    } else if (e === 'x' && /^[0-9a-fA-F]/.test(text[j + 2] ?? '')) {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(text.slice(j + 2, j + 4))![0];
      value += String.fromCharCode(parseInt(hex, 16));
      j += 2 + hex.length;
    } else {
      return fail(j, `invalid escape sequence ${quote(`\\${e}`)} in string literal`);
    }
  }
}

/**
 * Reads /regex/ or |wildcard| starting at the opening delimiter. A backslash before the
 * delimiter yields the bare delimiter (it is not special in either pattern language); every
 * other backslash is kept for the pattern compiler.
 */
function readPattern(text: string, start: number, fail: Fail): { value: string; end: number } {
  const delim = text[start]!;
  const what = delim === '/' ? 'regex pattern' : 'wildcard pattern';
  let value = '';
  let j = start + 1;
  for (;;) {
    const c = text[j];
    if (c === undefined || c === '\n') return fail(start, `unterminated ${what}`);
    if (c === delim) return { value, end: j + 1 };
    if (c === '\\') {
      const e = text[j + 1];
      if (e === undefined || e === '\n') return fail(start, `unterminated ${what}`);
      value += e === delim ? e : `\\${e}`;
      j += 2;
    } else {
      value += c;
      j++;
    }
  }
}
