// POSIX extended regular expressions (regcomp/regexec, with glibc's GNU operators) written in
// RE2 syntax. A match is an unanchored search, and only whether it matches is asked, so RE2's
// leftmost-first choice among matches never shows. Back references are refused: no engine
// matches them in linear time, and POSIX leaves them undefined in extended expressions.
import { parseBracket, posixClass, re2Class, re2Literal } from './bracket.js';
import type { Matcher } from './engine.js';
import { PATTERN_LIMITS, PatternError, Re2Writer, checkLength, compile } from './engine.js';

export interface RegexOptions {
  /** REG_ICASE */
  icase?: boolean;
  /** REG_NEWLINE: '.' and [^...] stop at newlines, ^ and $ match at line ends */
  newline?: boolean;
}

/** What a repetition operator may follow. */
const enum Prev {
  /** nothing to repeat: the start, '(', '|' or an anchor */
  Nothing,
  Atom,
  /** a repeated atom: only a '?' may follow (RE2 reads it as non-greedy, same truth) */
  Repeated,
  /** a repeated atom followed by '?' */
  Done,
}

const INTERVAL = /^\{(\d*)(,(\d*))?\}/;
const NEWLINE = 10;

/** Escapes with a meaning of their own; any other escaped character stands for itself. */
function escape(next: string, w: Re2Writer, at: number): Prev {
  switch (next) {
    case 'w':
    case 'W':
      w.emit(`\\${next}`, at);
      return Prev.Atom;
    case 's':
    case 'S':
      // glibc's \s is [[:space:]], which has \v; RE2's has not
      w.emit(re2Class(posixClass('space'), next === 'S'), at);
      return Prev.Atom;
    case 'b':
    case 'B':
      w.emit(`\\${next}`, at);
      return Prev.Nothing;
    case '<':
    case '>':
      // a word boundary with a word character after it (start) or before it (end)
      w.emit(next === '<' ? '\\b(?<!\\w)' : '\\b(?<=\\w)', at);
      w.lookbehind = true;
      return Prev.Nothing;
    case '`':
      w.emit('\\A', at);
      return Prev.Nothing;
    case "'":
      w.emit('\\z', at);
      return Prev.Nothing;
    default:
      if (next >= '1' && next <= '9') {
        throw new PatternError('back references are not supported (no linear-time match)', at);
      }
      w.emit(re2Literal(next.codePointAt(0)!), at);
      return Prev.Atom;
  }
}

/** Compiles a POSIX extended regular expression with regexec semantics (unanchored search). */
export function compileRegex(source: string, opts: RegexOptions = {}): Matcher {
  // a plain word (artist =~ /Coltrane/) is a substring search, linear in any length
  if (!opts.icase && !/[\\^$.[|()*+?{]/.test(source)) {
    return { test: (s) => s.includes(source), size: 1 };
  }
  checkLength(source);
  const newline = Boolean(opts.newline);
  const w = new Re2Writer();
  const open: number[] = [];
  let prev = Prev.Nothing;
  const repeat = (op: string, at: number): void => {
    if (prev === Prev.Nothing) throw new PatternError(`'${op[0]}' repeats nothing`, at);
    if (prev === Prev.Done || (prev === Prev.Repeated && op !== '?')) {
      throw new PatternError(`'${op[0]}' repeats a repetition`, at);
    }
    w.emit(op, at);
    prev = prev === Prev.Repeated ? Prev.Done : Prev.Repeated;
  };
  for (let i = 0; i < source.length;) {
    const ch = source[i]!;
    if (ch === '\\') {
      const next = String.fromCodePoint(source.codePointAt(i + 1) ?? 0);
      if (i + 1 >= source.length) throw new PatternError('trailing backslash', i);
      prev = escape(next, w, i);
      i += 1 + next.length;
    } else if (ch === '[') {
      const br = parseBracket(source, i, false);
      if (!br) throw new PatternError("unterminated '['", i);
      const ranges =
        br.negate && newline ? [...br.ranges, [NEWLINE, NEWLINE] as [number, number]] : br.ranges;
      w.emit(re2Class(ranges, br.negate), i);
      prev = Prev.Atom;
      i = br.end;
    } else if (ch === '{') {
      const m = INTERVAL.exec(source.slice(i, i + 24));
      if (m && (m[1] !== '' || m[2] !== undefined)) {
        const min = m[1] === '' ? 0 : Number(m[1]);
        const max = m[3] === undefined ? min : m[3] === '' ? undefined : Number(m[3]);
        if (Math.max(min, max ?? 0) > PATTERN_LIMITS.repeat) {
          throw new PatternError(`repetition count above ${PATTERN_LIMITS.repeat}`, i);
        }
        if (max !== undefined && max < min) throw new PatternError('invalid repetition count', i);
        repeat(`{${min}${m[2] === undefined ? '' : `,${max ?? ''}`}}`, i);
        i += m[0].length;
      } else {
        // a brace that starts no interval is an ordinary character
        w.emit('\\{', i);
        prev = Prev.Atom;
        i++;
      }
    } else if (ch === '*' || ch === '+' || ch === '?') {
      repeat(ch, i);
      i++;
    } else if (ch === '(') {
      // ERE has no (?...) extensions; RE2 would take them as such
      if (source[i + 1] === '?') throw new PatternError("'?' repeats nothing", i + 1);
      if (open.length >= PATTERN_LIMITS.depth) {
        throw new PatternError(`groups nested deeper than ${PATTERN_LIMITS.depth}`, i);
      }
      open.push(i);
      w.emit('(?:', i);
      prev = Prev.Nothing;
      i++;
    } else if (ch === ')') {
      if (open.pop() === undefined) throw new PatternError("unmatched ')'", i);
      w.emit(')', i);
      prev = Prev.Atom;
      i++;
    } else if (ch === '^' || ch === '$' || ch === '|') {
      w.emit(ch, i);
      prev = Prev.Nothing;
      i++;
    } else if (ch === '.') {
      w.emit('.', i);
      prev = Prev.Atom;
      i++;
    } else {
      const cp = source.codePointAt(i)!;
      w.emit(re2Literal(cp), i);
      prev = Prev.Atom;
      i += cp > 0xffff ? 2 : 1;
    }
  }
  if (open.length > 0) throw new PatternError("unmatched '('", open[open.length - 1]!);
  return compile(w, { icase: opts.icase, multiline: newline, dotall: !newline });
}
