// The matcher behind mood regexes and every wildcard: RE2 semantics through re2js (a JavaScript
// port of RE2, https://github.com/le0pard/re2js). RE2 never backtracks, so the time to test a
// text grows linearly with its length whatever the pattern (https://swtch.com/~rsc/regexp/).
// Patterns are written in RE2 syntax by regex.ts and wildcard.ts; this file compiles them and
// bounds their size.
import { RE2JS, RE2JSException, RE2JSSyntaxException } from 're2js';

/** A pattern that cannot be compiled; `index` points into the pattern as the user wrote it. */
export class PatternError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
  }
}

/** A compiled pattern: true if it matches the text (anywhere for regexes, whole for wildcards). */
export interface Matcher {
  test(text: string): boolean;
  /** RE2 instructions of the program: what compiling and matching it cost */
  readonly size: number;
}

/**
 * Bounds that keep compiling and matching cheap: a pattern is tested against every file when
 * a mood loads, so its program size multiplies the time of the whole load. Real patterns stay
 * far below them (a list of 50 artists is about 800 characters and 2,000 instructions).
 */
export const PATTERN_LIMITS = {
  /** characters of the pattern as written */
  length: 2000,
  /** groups inside each other */
  depth: 50,
  /** RE2 instructions of the compiled program, e.g. x{1000} alone takes 1,000 */
  instructions: 5000,
  /** the largest count of an interval {n,m} (RE2's own limit) */
  repeat: 1000,
} as const;

export interface EngineFlags {
  icase?: boolean;
  /** ^ and $ also match at newlines */
  multiline?: boolean;
  /** . matches a newline */
  dotall?: boolean;
}

/**
 * RE2 syntax being written, remembering for each piece the index in the user's pattern it came
 * from, so that an error RE2 finds points at the user's text.
 */
export class Re2Writer {
  private out = '';
  /** output offsets where a piece starts, and the source index of each piece */
  private readonly starts: number[] = [];
  private readonly sources: number[] = [];
  /** set when a piece uses a lookbehind (the GNU word-start and word-end operators) */
  lookbehind = false;

  emit(re2: string, sourceIndex: number): void {
    this.starts.push(this.out.length);
    this.sources.push(sourceIndex);
    this.out += re2;
  }

  get text(): string {
    return this.out;
  }

  /** The source index of the piece that wrote output offset `at`. */
  sourceIndex(at: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return this.sources[lo] ?? 0;
  }
}

/** Refuses a pattern longer than the limit, before any work on it. */
export function checkLength(source: string): void {
  if (source.length > PATTERN_LIMITS.length) {
    throw new PatternError(
      `pattern too long (${source.length} characters, at most ${PATTERN_LIMITS.length})`,
      PATTERN_LIMITS.length,
    );
  }
}

/** Compiles what `w` wrote; RE2's refusals become PatternErrors at the user's position. */
export function compile(w: Re2Writer, flags: EngineFlags): Matcher {
  let f = 0;
  if (flags.icase) f |= RE2JS.CASE_INSENSITIVE;
  if (flags.multiline) f |= RE2JS.MULTILINE;
  if (flags.dotall) f |= RE2JS.DOTALL;
  if (w.lookbehind) f |= RE2JS.LOOKBEHINDS;
  let re: RE2JS;
  try {
    re = RE2JS.compile(w.text, f);
  } catch (e) {
    if (e instanceof RE2JSSyntaxException) {
      const at = e.input ? w.text.indexOf(e.input) : -1;
      throw new PatternError(e.error, at < 0 ? 0 : w.sourceIndex(at));
    }
    if (e instanceof RE2JSException) throw new PatternError(e.message, 0);
    throw e;
  }
  const size = programSize(re);
  if (size > PATTERN_LIMITS.instructions) {
    throw new PatternError(
      `pattern too complex (${size} instructions, at most ${PATTERN_LIMITS.instructions}: use smaller repetition counts)`,
      0,
    );
  }
  return { test: (text) => re.test(text), size };
}

/** re2js types its program as any; this is the one number read from it. */
function programSize(re: RE2JS): number {
  const prog = re.re2().prog as { numInst(): number };
  return prog.numInst();
}
