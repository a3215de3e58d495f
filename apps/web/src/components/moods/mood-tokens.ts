// A forgiving tokenizer of the mood language (docs/paraslash/moods.md §2.3) for highlighting only: it never
// throws; the server's parser (afs.previewmood) is the judge of what is valid.
import { MOOD_KEYWORDS } from '@paraweb/contracts';

export type MoodTokenKind =
  | 'comment'
  | 'string'
  | 'number'
  | 'keyword'
  | 'constant'
  | 'function'
  | 'operator'
  | 'pattern'
  | 'invalid';

export interface MoodToken {
  from: number;
  to: number;
  kind: MoodTokenKind;
}

export { MOOD_KEYWORDS };
const KEYWORDS = new Set(MOOD_KEYWORDS);
const TWO_CHAR_OPS = new Set(['||', '&&', '==', '!=', '<=', '>=', '=~', '=|']);
const ONE_CHAR_OPS = '!<>+-*/()';

const isWordStart = (c: string): boolean => /[A-Za-z_]/.test(c);

/** Reads up to the closing delimiter on the same line; returns the end offset. */
function endOfDelimited(text: string, start: number, delim: string): number {
  let j = start + 1;
  while (j < text.length && text[j] !== '\n') {
    if (text[j] === '\\') j += 2;
    else if (text[j] === delim) return j + 1;
    else j++;
  }
  return Math.min(j, text.length);
}

export function moodTokens(text: string): MoodToken[] {
  const out: MoodToken[] = [];
  let patternNext = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const from = i;
    let kind: MoodTokenKind;
    const expectingPattern = patternNext;
    patternNext = false;
    if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      kind = 'comment';
    } else if (expectingPattern && (ch === '/' || ch === '|')) {
      i = endOfDelimited(text, i, ch);
      while (i < text.length && /[A-Za-z]/.test(text[i]!)) i++;
      kind = 'pattern';
    } else if (ch === '"') {
      i = endOfDelimited(text, i, '"');
      kind = 'string';
    } else if (/[0-9]/.test(ch)) {
      while (i < text.length && /[0-9A-Za-z_]/.test(text[i]!)) i++;
      kind = /^[0-9]+$/.test(text.slice(from, i)) ? 'number' : 'invalid';
    } else if (isWordStart(ch)) {
      while (i < text.length && /[A-Za-z0-9_]/.test(text[i]!)) i++;
      const word = text.slice(from, i);
      kind =
        word === 'true' || word === 'false'
          ? 'constant'
          : word === 'is_set'
            ? 'function'
            : KEYWORDS.has(word)
              ? 'keyword'
              : 'invalid';
    } else if (TWO_CHAR_OPS.has(text.slice(i, i + 2))) {
      patternNext = text[i + 1] === '~' || text[i + 1] === '|';
      i += 2;
      kind = 'operator';
    } else {
      i++;
      kind = ONE_CHAR_OPS.includes(ch) ? 'operator' : 'invalid';
    }
    out.push({ from, to: i, kind });
  }
  return out;
}
