// The public face of the mood language: parseMood turns a mood definition into a Mood that
// decides admissibility and gives each admissible file its mood score.
import type { MoodContext, MoodFile } from './ast.js';
import { MoodSyntaxError } from './errors.js';
import { compileProgram } from './evaluate.js';
import { checkMoodLength } from './limits.js';
import { parseV2 } from './parser.js';
import { parseV1 } from './v1.js';

export type { MoodContext, MoodFile } from './ast.js';
export { MoodSyntaxError } from './errors.js';
export { MOOD_LIMITS } from './limits.js';

export interface Mood {
  /** 1 for the deprecated line based language; callers log a deprecation warning for it */
  readonly version: 1 | 2;
  /** plain functions, not methods: they may be passed around unbound */
  readonly isAdmissible: (file: MoodFile) => boolean;
  /**
   * Both questions in one pass: undefined if the file is not admissible, else the mood's
   * share of its score (v1 score lines, in [-100, 100]; always 0 for v2 moods).
   */
  readonly evaluate: (file: MoodFile) => number | undefined;
}

const V1_LINE = /^\s*(accept|deny|score)(\s|$)/;

/**
 * Parses a mood definition once. Version 2 is tried first; a definition whose first line
 * starts like a version 1 line (accept/deny/score) is then read as version 1, unless the
 * context forbids it, so the error a user sees is the one of the language they meant.
 */
export function parseMood(text: string, ctx: MoodContext): Mood {
  checkMoodLength(text);
  try {
    const admits = compileProgram(parseV2(text, ctx));
    return { version: 2, isAdmissible: admits, evaluate: (f) => (admits(f) ? 0 : undefined) };
  } catch (e) {
    if (!(e instanceof MoodSyntaxError) || ctx.allowVersion1 === false) throw e;
    if (!looksLikeV1(text)) throw e;
  }
  const v1 = parseV1(text, ctx);
  return { version: 1, isAdmissible: v1.isAdmissible, evaluate: v1.evaluate };
}

function looksLikeV1(text: string): boolean {
  for (const line of text.split('\n')) {
    if (/^\s*(#|$)/.test(line)) continue;
    return V1_LINE.test(line);
  }
  return false;
}
