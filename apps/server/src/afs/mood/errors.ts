// MoodSyntaxError: every way a mood definition can fail to load, with the position to blame.

/** A place in the mood text: 1-based line and column (UTF-16 units), 0-based offset. */
export interface SourcePos {
  line: number;
  column: number;
  offset: number;
}

export class MoodSyntaxError extends Error {
  override readonly name = 'MoodSyntaxError';
  readonly line: number;
  readonly column: number;
  /** what the parser wanted at this position, when the error is of that kind */
  readonly expected: string | undefined;
  /** what it found instead */
  readonly found: string | undefined;
  /** the message without the position prefix */
  readonly detail: string;

  constructor(pos: SourcePos, detail: string, expected?: string, found?: string) {
    super(`line ${pos.line}, column ${pos.column}: ${detail}`);
    this.line = pos.line;
    this.column = pos.column;
    this.detail = detail;
    this.expected = expected;
    this.found = found;
  }

  static expected(pos: SourcePos, expected: string, found: string): MoodSyntaxError {
    return new MoodSyntaxError(pos, `expected ${expected} but found ${found}`, expected, found);
  }
}

/** Quotes a piece of source for a message, short enough to stay readable. */
export function quote(text: string): string {
  // control characters would garble a one-line message
  let oneLine = '';
  for (const ch of text.slice(0, 25)) {
    const code = ch.charCodeAt(0);
    oneLine += code < 32 || code === 127 ? `\\x${code.toString(16).padStart(2, '0')}` : ch;
  }
  return `'${oneLine.length > 24 ? `${oneLine.slice(0, 21)}...` : oneLine}'`;
}

/** Maps offsets to line/column; built once per text so positions cost nothing while lexing. */
export class LineMap {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  pos(offset: number): SourcePos {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1, offset };
  }
}
