// Shell wildcards as fnmatch(3) matches them (*, ?, [...] with ! or ^, backslash), written in
// RE2 syntax: a V8 RegExp of several '*' backtracks polynomially (*a*a*a*a*a*a*b against a
// name of 40 'a's took over a second), RE2 does not.
import { parseBracket, re2Class, re2Literal, without } from './bracket.js';
import type { Ranges } from './bracket.js';
import type { Matcher } from './engine.js';
import { Re2Writer, checkLength, compile } from './engine.js';

export interface WildcardOptions {
  /** FNM_NOESCAPE: backslash is an ordinary character */
  noescape?: boolean;
  /** FNM_PATHNAME: '*', '?' and brackets never match '/' */
  pathname?: boolean;
  /** FNM_PERIOD: a leading '.' (of the string, or of a component with pathname) needs a literal '.' */
  period?: boolean;
}

const DOT = 0x2e;
const SLASH = 0x2f;
const points = (cps: number[]): Ranges => cps.map((c) => [c, c]);

/** Compiles an fnmatch(3) pattern; the whole string must match. */
export function compileWildcard(pattern: string, opts: WildcardOptions = {}): Matcher {
  // linear in any length: no limit needed (a command may name a 32 KiB path)
  if (!opts.pathname && !opts.period && !/[?[\\]/.test(pattern)) return starsOnly(pattern);
  checkLength(pattern);
  const pathname = Boolean(opts.pathname);
  const w = new Re2Writer();
  w.emit('^', 0);
  // where a leading '.' must be matched literally (FNM_PERIOD)
  let guarded = Boolean(opts.period);
  for (let i = 0; i < pattern.length;) {
    const at = i;
    const ch = pattern[i]!;
    let literal: number | undefined;
    const excluded = [...(pathname ? [SLASH] : []), ...(guarded ? [DOT] : [])];
    const br = ch === '[' ? parseBracket(pattern, i, !opts.noescape) : undefined;
    if (ch === '*') {
      while (pattern[i] === '*') i++;
      const any = pathname ? '[^/]*' : '.*';
      w.emit(guarded ? `(?:${pathname ? '[^./]' : '[^.]'}${any})?` : any, at);
    } else if (ch === '?') {
      i++;
      w.emit(excluded.length > 0 ? re2Class(points(excluded), true) : '.', at);
    } else if (br) {
      const ranges = br.negate ? [...br.ranges, ...points(excluded)] : without(br.ranges, excluded);
      w.emit(re2Class(ranges, br.negate), at);
      i = br.end;
    } else {
      // an unclosed '[' is an ordinary character, and so is a trailing backslash
      const k = ch === '\\' && !opts.noescape && i + 1 < pattern.length ? i + 1 : i;
      literal = pattern.codePointAt(k)!;
      w.emit(re2Literal(literal), at);
      i = k + (literal > 0xffff ? 2 : 1);
    }
    guarded = Boolean(opts.period) && pathname && literal === SLASH;
  }
  w.emit('$', pattern.length);
  return compile(w, { dotall: true });
}

/**
 * Literals and '*' alone (dir/*, *.mp3, *live*), the common shapes: a prefix, a suffix, and the
 * pieces between found from left to right by indexOf, the leftmost place of each being the best.
 * Linear like RE2, and several times faster here.
 */
function starsOnly(pattern: string): Matcher {
  const parts = pattern.split('*');
  if (parts.length === 1) return { test: (s) => s === pattern, size: 1 };
  const first = parts[0]!;
  const last = parts.at(-1)!;
  const middle = parts.slice(1, -1).filter((p) => p !== '');
  const min = first.length + last.length + middle.reduce((n, p) => n + p.length, 0);
  return {
    size: parts.length,
    test(s) {
      if (s.length < min || !s.startsWith(first) || !s.endsWith(last)) return false;
      const end = s.length - last.length;
      let at = first.length;
      for (const m of middle) {
        const k = s.indexOf(m, at);
        if (k < 0 || k + m.length > end) return false;
        at = k + m.length;
      }
      return true;
    },
  };
}
