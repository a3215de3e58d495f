// Translates the two pattern kinds of moods into JavaScript RegExps, once, at parse time:
// POSIX extended regular expressions (regcomp/regexec) and shell wildcards (fnmatch).

/** A pattern that cannot be compiled; `index` points into the pattern text. */
export class PatternError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
  }
}

export interface RegexOptions {
  /** REG_ICASE */
  icase?: boolean;
  /** REG_NEWLINE: '.' and [^...] stop at newlines, ^ and $ match at line ends */
  newline?: boolean;
}

export interface WildcardOptions {
  /** FNM_NOESCAPE: backslash is an ordinary character */
  noescape?: boolean;
  /** FNM_PATHNAME: '*', '?' and brackets never match '/' */
  pathname?: boolean;
  /** FNM_PERIOD: a leading '.' (of the string, or of a component with pathname) needs a literal '.' */
  period?: boolean;
}

const CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: '0-9a-zA-Z',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  print: ' -~',
  graph: '!-~',
  cntrl: '\\x00-\\x1f\\x7f',
  xdigit: '0-9A-Fa-f',
};

/** Escapes one character for use outside a JS character class. */
function literal(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

/** Escapes one character for use inside a JS character class. */
function classMember(ch: string): string {
  return ch === '\\' || ch === ']' || ch === '[' || ch === '^' ? `\\${ch}` : ch;
}

interface Bracket {
  /** JS class body without the surrounding brackets and without '^' */
  body: string;
  negate: boolean;
  /** index just past the closing ']' */
  end: number;
}

/**
 * Parses a POSIX bracket expression starting at s[start] === '['. Returns undefined when it is
 * not closed. `escapes` makes backslash quote the next character (fnmatch without NOESCAPE);
 * in regcomp a backslash inside brackets is literal.
 */
function parseBracket(s: string, start: number, escapes: boolean): Bracket | undefined {
  let j = start + 1;
  let negate = false;
  if (s[j] === '^' || (escapes && s[j] === '!')) {
    negate = true;
    j++;
  }
  let body = '';
  let first = true;
  while (j < s.length) {
    const ch = s[j]!;
    if (ch === ']' && !first) return { body, negate, end: j + 1 };
    first = false;
    const kind = s[j + 1];
    if (ch === '[' && (kind === ':' || kind === '.' || kind === '=')) {
      const close = s.indexOf(`${kind}]`, j + 2);
      if (close < 0) throw new PatternError(`unterminated '[${kind}'`, j);
      const name = s.slice(j + 2, close);
      if (kind === ':') {
        const cls = CLASSES[name];
        if (cls === undefined) throw new PatternError(`unknown character class '${name}'`, j);
        body += cls;
      } else if (name.length === 1) body += classMember(name);
      else throw new PatternError(`unsupported collating element '${name}'`, j);
      j = close + 2;
    } else if (ch === '\\' && escapes && j + 1 < s.length) {
      body += classMember(s[j + 1]!);
      j += 2;
    } else {
      body += classMember(ch);
      j++;
    }
  }
  return undefined;
}

/** Compiles a POSIX extended regular expression with regexec semantics (unanchored search). */
export function compileRegex(source: string, opts: RegexOptions = {}): RegExp {
  let out = '';
  let groups = 0;
  let closedGroups = 0;
  const open: number[] = [];
  for (let i = 0; i < source.length;) {
    const ch = source[i]!;
    if (ch === '\\') {
      const next = source[i + 1];
      if (next === undefined) throw new PatternError('trailing backslash', i);
      if ('wWsSbB'.includes(next)) out += `\\${next}`;
      else if (next === '<') out += '\\b(?=\\w)';
      else if (next === '>') out += '\\b(?<=\\w)';
      else if (next === '`') out += '(?<![\\s\\S])';
      else if (next === "'") out += '(?![\\s\\S])';
      else if (next >= '1' && next <= '9') {
        // JS would silently read a reference to a group not yet closed as an octal escape
        if (Number(next) > closedGroups) throw new PatternError(`invalid back reference`, i);
        out += `\\${next}`;
      } else out += literal(next);
      i += 2;
    } else if (ch === '[') {
      const br = parseBracket(source, i, false);
      if (!br) throw new PatternError("unterminated '['", i);
      const body = br.negate && opts.newline ? `${br.body}\\n` : br.body;
      out += `[${br.negate ? '^' : ''}${body}]`;
      i = br.end;
    } else if (ch === '{') {
      const m = /^\{(\d*)(,(\d*))?\}/.exec(source.slice(i, i + 24));
      if (m && (m[1] !== '' || m[2] !== undefined)) {
        out += `{${m[1] === '' ? '0' : m[1]}${m[2] ?? ''}}`;
        i += m[0].length;
      } else {
        out += '\\{';
        i++;
      }
    } else if (ch === '(') {
      // ERE has no (?...) extensions; JS would take them as such
      if (source[i + 1] === '?') throw new PatternError("'?' repeats nothing", i + 1);
      groups++;
      open.push(groups);
      out += '(';
      i++;
    } else if (ch === ')') {
      if (open.pop() === undefined) throw new PatternError("unmatched ')'", i);
      closedGroups++;
      out += ')';
      i++;
    } else {
      out += '^$.*+?|'.includes(ch) ? ch : literal(ch);
      i++;
    }
  }
  if (open.length > 0) throw new PatternError("unmatched '('", source.length);
  const flags = (opts.icase ? 'i' : '') + (opts.newline ? 'm' : 's');
  try {
    return new RegExp(out, flags);
  } catch (e) {
    throw new PatternError(jsRegexMessage(e) || 'invalid pattern', 0);
  }
}

/** Compiles an fnmatch(3) pattern into an anchored RegExp. */
export function compileWildcard(pattern: string, opts: WildcardOptions = {}): RegExp {
  const any = opts.pathname ? '[^/]' : '[\\s\\S]';
  let out = '';
  let segmentStart = true;
  for (let i = 0; i < pattern.length;) {
    const ch = pattern[i]!;
    const guard = opts.period && segmentStart ? '(?!\\.)' : '';
    if (ch === '*') {
      out += `${guard}${any}*`;
      while (pattern[i] === '*') i++;
    } else if (ch === '?') {
      out += guard + any;
      i++;
    } else if (ch === '[') {
      const br = parseBracket(pattern, i, !opts.noescape);
      if (!br) {
        out += '\\[';
        i++;
      } else {
        const slash = opts.pathname ? '(?!/)' : '';
        out += `${guard}${slash}[${br.negate ? '^' : ''}${br.body}]`;
        i = br.end;
      }
    } else if (ch === '\\' && !opts.noescape && i + 1 < pattern.length) {
      out += literal(pattern[i + 1]!);
      i += 2;
    } else {
      out += literal(ch);
      i++;
    }
    segmentStart = Boolean(opts.pathname) && ch === '/';
  }
  try {
    return new RegExp(`^${out}$`);
  } catch (e) {
    // e.g. a range out of order, [z-a]
    throw new PatternError(jsRegexMessage(e) || 'invalid wildcard pattern', 0);
  }
}

/** The reason of a RegExp constructor error without its "Invalid regular expression: /.../:" */
function jsRegexMessage(e: unknown): string {
  const msg = e instanceof Error ? e.message : '';
  return msg.replace(/^Invalid regular expression: /, '').replace(/^\/.*\/[a-z]*: /, '');
}
