// Shell wildcard patterns as fnmatch(3) matches them: *, ?, [...] with ! or ^, and backslash.
// With pathname set (FNM_PATHNAME), * ? and [...] never match '/'.

const cache = new Map<string, RegExp>();

function escape(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}

export function patternToRegExp(pattern: string, pathname = false): RegExp {
  const key = `${pathname ? 1 : 0}${pattern}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const any = pathname ? '[^/]' : '[\\s\\S]';
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*') re += `${any}*`;
    else if (ch === '?') re += any;
    else if (ch === '\\' && i + 1 < pattern.length) re += escape(pattern[++i]!);
    else if (ch === '[') {
      const end = findClassEnd(pattern, i);
      if (end < 0) re += '\\[';
      else {
        let body = pattern.slice(i + 1, end);
        let negate = false;
        if (body.startsWith('!') || body.startsWith('^')) {
          negate = true;
          body = body.slice(1);
        }
        const cls = body.replace(/\\/g, '\\\\').replace(/\]/g, '\\]').replace(/\[/g, '\\[');
        re += negate ? `[^${cls}${pathname ? '/' : ''}]` : `[${cls}]`;
        i = end;
      }
    } else re += escape(ch);
  }
  const compiled = new RegExp(`^${re}$`, 's');
  if (cache.size > 1000) cache.clear();
  cache.set(key, compiled);
  return compiled;
}

/** Index of the ']' closing the class opened at `start`, or -1. */
function findClassEnd(p: string, start: number): number {
  let i = start + 1;
  if (p[i] === '!' || p[i] === '^') i++;
  if (p[i] === ']') i++; // a leading ']' is a literal member
  for (; i < p.length; i++) {
    if (p[i] === '\\') i++;
    else if (p[i] === ']') return i;
  }
  return -1;
}

export function fnmatch(pattern: string, text: string, pathname = false): boolean {
  return patternToRegExp(pattern, pathname).test(text);
}

/** True if any pattern matches; no patterns means everything matches. */
export function matchesAny(patterns: readonly string[], text: string, pathname = false): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((p) => fnmatch(p, text, pathname));
}
