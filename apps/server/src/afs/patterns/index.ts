// The pattern languages of afs, all matched in linear time: POSIX extended regexes (moods)
// and shell wildcards (moods, and the path or name patterns of ls, rm, touch, lsatt, ...).
import { ParaError } from '../../errors.js';
import type { Matcher } from './engine.js';
import { PatternError } from './engine.js';
import { compileWildcard } from './wildcard.js';

export { PATTERN_LIMITS, PatternError } from './engine.js';
export type { Matcher } from './engine.js';
export { compileRegex } from './regex.js';
export type { RegexOptions } from './regex.js';
export { compileWildcard } from './wildcard.js';
export type { WildcardOptions } from './wildcard.js';

const cache = new Map<string, Matcher>();

/** A command's wildcard, compiled once; a pattern that cannot be compiled is a syntax error. */
function wildcard(pattern: string, pathname: boolean): Matcher {
  const key = `${pathname ? 1 : 0}${pattern}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let m: Matcher;
  try {
    m = compileWildcard(pattern, { pathname });
  } catch (e) {
    if (!(e instanceof PatternError)) throw e;
    throw new ParaError('E_SYNTAX', `invalid pattern '${pattern.slice(0, 60)}': ${e.message}`);
  }
  if (cache.size > 1000) cache.clear();
  cache.set(key, m);
  return m;
}

export function fnmatch(pattern: string, text: string, pathname = false): boolean {
  return wildcard(pattern, pathname).test(text);
}

/** True if any pattern matches; no patterns means everything matches. */
export function matchesAny(patterns: readonly string[], text: string, pathname = false): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((p) => fnmatch(p, text, pathname));
}
