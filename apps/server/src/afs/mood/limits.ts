// Bounds on a mood as a whole. Parsing and compiling happen in one step on the main thread, and
// every file is tested against every pattern, so the size of a mood bounds the work it causes.
import type { Matcher } from '../patterns/index.js';
import { MoodSyntaxError } from './errors.js';

export const MOOD_LIMITS = {
  /** characters of the definition */
  length: 65_536,
  /** regexes and wildcards */
  patterns: 256,
  /** RE2 instructions of all its patterns together (one pattern: PATTERN_LIMITS) */
  instructions: 20_000,
} as const;

/** Counts the patterns of one mood as they are compiled. */
export class PatternBudget {
  private count = 0;
  private size = 0;

  /** Adds a compiled pattern; returns why the mood is now over a limit, if it is. */
  exceeded(m: Matcher): string | undefined {
    this.count++;
    this.size += m.size;
    if (this.count > MOOD_LIMITS.patterns) {
      return `too many patterns (at most ${MOOD_LIMITS.patterns} in one mood)`;
    }
    if (this.size > MOOD_LIMITS.instructions) {
      return `patterns too complex together (${this.size} instructions, at most ${MOOD_LIMITS.instructions} in one mood)`;
    }
    return undefined;
  }
}

/** Refuses a definition longer than the limit, pointing at the place where it goes over. */
export function checkMoodLength(text: string): void {
  if (text.length <= MOOD_LIMITS.length) return;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < MOOD_LIMITS.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  const offset = MOOD_LIMITS.length;
  throw new MoodSyntaxError(
    { line, column: offset - lineStart + 1, offset },
    `mood definition too long (${text.length} characters, at most ${MOOD_LIMITS.length})`,
  );
}
