// Where a mood error is: the server words syntax errors "mood NAME: line L, column C: detail".
import { errorMessage } from '@/lib/errors';

export interface MoodError {
  /** 1-based, as the server counts; undefined when the error has no position */
  line?: number;
  column?: number;
  message: string;
}

export function moodError(err: unknown): MoodError {
  const text = errorMessage(err);
  const m = /line (\d+), column (\d+): (.*)$/s.exec(text);
  if (!m) return { message: text };
  return { line: Number(m[1]), column: Number(m[2]), message: m[3]! };
}

/** The 0-based offset of a line/column in `text`, clamped to the text. */
export function errorOffset(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  const lineEnd = text.indexOf('\n', offset);
  const end = lineEnd < 0 ? text.length : lineEnd;
  return Math.min(offset + Math.max(column - 1, 0), end);
}
