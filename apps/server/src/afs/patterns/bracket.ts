// POSIX bracket expressions ([abc], [^a-z], [[:digit:]], [[.-.]]), shared by regcomp and
// fnmatch patterns, read into sets of code point ranges and written as RE2 classes.
import { PatternError } from './engine.js';

/** Inclusive code point ranges. */
export type Ranges = [number, number][];

const r = (a: string, b = a): [number, number] => [a.codePointAt(0)!, b.codePointAt(0)!];

/** The POSIX classes in the C locale. */
const CLASSES: Record<string, Ranges | undefined> = {
  alpha: [r('A', 'Z'), r('a', 'z')],
  digit: [r('0', '9')],
  alnum: [r('0', '9'), r('A', 'Z'), r('a', 'z')],
  upper: [r('A', 'Z')],
  lower: [r('a', 'z')],
  space: [r('\t', '\r'), r(' ')],
  blank: [r('\t'), r(' ')],
  punct: [r('!', '/'), r(':', '@'), r('[', '`'), r('{', '~')],
  print: [r(' ', '~')],
  graph: [r('!', '~')],
  cntrl: [r('\x00', '\x1f'), r('\x7f')],
  xdigit: [r('0', '9'), r('A', 'F'), r('a', 'f')],
};

/** A named POSIX class ('space', 'digit', ...). */
export function posixClass(name: string): Ranges {
  return CLASSES[name] ?? [];
}

export interface Bracket {
  ranges: Ranges;
  negate: boolean;
  /** index just past the closing ']' */
  end: number;
}

/** One member: a single code point (which may start a range) or a whole class. */
type Member = { cp: number; end: number } | { ranges: Ranges; end: number };

/**
 * Parses a bracket expression starting at s[start] === '['. Returns undefined when it is not
 * closed. `escapes` makes a backslash quote the next character (fnmatch without NOESCAPE); in
 * regcomp a backslash inside brackets is literal. `!` negates only where `escapes` (fnmatch).
 */
export function parseBracket(s: string, start: number, escapes: boolean): Bracket | undefined {
  let j = start + 1;
  let negate = false;
  if (s[j] === '^' || (escapes && s[j] === '!')) {
    negate = true;
    j++;
  }
  const ranges: Ranges = [];
  let first = true;
  while (j < s.length) {
    if (s[j] === ']' && !first) return { ranges, negate, end: j + 1 };
    first = false;
    const at = j;
    const m = member(s, j, escapes);
    j = m.end;
    if ('ranges' in m) {
      ranges.push(...m.ranges);
      continue;
    }
    // a '-' before the closing ']' is a member, not a range
    if (s[j] === '-' && j + 1 < s.length && s[j + 1] !== ']') {
      const hi = member(s, j + 1, escapes);
      if ('ranges' in hi) throw new PatternError('a class cannot end a range', j + 1);
      if (hi.cp < m.cp) throw new PatternError('range out of order', at);
      ranges.push([m.cp, hi.cp]);
      j = hi.end;
    } else ranges.push([m.cp, m.cp]);
  }
  return undefined;
}

function member(s: string, j: number, escapes: boolean): Member {
  const kind = s[j + 1];
  if (s[j] === '[' && (kind === ':' || kind === '.' || kind === '=')) {
    const close = s.indexOf(`${kind}]`, j + 2);
    if (close < 0) throw new PatternError(`unterminated '[${kind}'`, j);
    const name = s.slice(j + 2, close);
    if (kind === ':') {
      const cls = CLASSES[name];
      if (cls === undefined) throw new PatternError(`unknown character class '${name}'`, j);
      return { ranges: cls, end: close + 2 };
    }
    const cp = name.codePointAt(0);
    if (cp === undefined || String.fromCodePoint(cp) !== name) {
      throw new PatternError(`unsupported collating element '${name}'`, j);
    }
    return { cp, end: close + 2 };
  }
  const k = s[j] === '\\' && escapes && j + 1 < s.length ? j + 1 : j;
  const cp = s.codePointAt(k)!;
  return { cp, end: k + (cp > 0xffff ? 2 : 1) };
}

/** The set without the given code points (ranges split around them). */
export function without(ranges: Ranges, cps: number[]): Ranges {
  let out = ranges;
  for (const c of cps) {
    const next: Ranges = [];
    for (const [lo, hi] of out) {
      if (c < lo || c > hi) next.push([lo, hi]);
      else {
        if (lo < c) next.push([lo, c - 1]);
        if (c < hi) next.push([c + 1, hi]);
      }
    }
    out = next;
  }
  return out;
}

const hex = (cp: number): string => `\\x{${cp.toString(16)}}`;

/** An RE2 class; every member is written as a code point escape, so nothing needs quoting. */
export function re2Class(ranges: Ranges, negate: boolean): string {
  // an empty set matches nothing, and its negation everything
  if (ranges.length === 0) return negate ? '[\\x{0}-\\x{10ffff}]' : '[^\\x{0}-\\x{10ffff}]';
  const body = ranges.map(([lo, hi]) => (lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`)).join('');
  return `[${negate ? '^' : ''}${body}]`;
}

/** A literal code point outside a class: ASCII punctuation and controls quoted, others as is. */
export function re2Literal(cp: number): string {
  if (cp < 0x20 || cp === 0x7f) return hex(cp);
  const ch = String.fromCodePoint(cp);
  return cp < 0x80 && /[^0-9A-Za-z ]/.test(ch) ? `\\${ch}` : ch;
}
