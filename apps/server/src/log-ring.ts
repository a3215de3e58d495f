// The last few hundred log lines of this process, kept in memory for the dashboard (server.log):
// a pino destination stream that remembers what it is handed, next to the real log destination.

/** One remembered log line, as the dashboard shows it. */
export interface LogEntry {
  /** counts the lines since the server started: a client can tell new lines from old ones */
  seq: number;
  /** ISO date */
  time: string;
  /** pino's level name: debug, info, warn, error, fatal */
  level: string;
  msg: string;
  /** the other fields of the line (err, port, user, ...) as compact JSON, '' when none */
  details: string;
}

/** pino's level numbers by name */
export const LEVEL_NAMES: Record<number, 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal'> =
  {
    10: 'trace',
    20: 'debug',
    30: 'info',
    40: 'warn',
    50: 'error',
    60: 'fatal',
  };

/** a runaway log line (a huge error object) must not make the ring large */
const MAX_LINE_CHARS = 4_000;
/** fields every line carries that say nothing to a reader */
const BORING = new Set(['level', 'time', 'msg', 'pid', 'hostname']);

function parse(line: string, seq: number): LogEntry {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    obj = undefined;
  }
  if (typeof obj !== 'object' || obj === null) {
    return { seq, time: new Date().toISOString(), level: 'info', msg: line, details: '' };
  }
  const rec = obj as Record<string, unknown>;
  const level = typeof rec.level === 'number' ? (LEVEL_NAMES[rec.level] ?? String(rec.level)) : '';
  const time = typeof rec.time === 'number' ? new Date(rec.time) : new Date();
  const rest = Object.fromEntries(Object.entries(rec).filter(([k]) => !BORING.has(k)));
  return {
    seq,
    time: time.toISOString(),
    level: level || 'info',
    msg: typeof rec.msg === 'string' ? rec.msg : '',
    details: Object.keys(rest).length > 0 ? JSON.stringify(rest) : '',
  };
}

export class LogRing {
  private readonly lines: string[] = [];
  /** where the next line goes once the ring is full */
  private head = 0;
  /** lines written since start (the seq of the newest line) */
  private written = 0;

  constructor(readonly capacity = 200) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('capacity must be >= 1');
  }

  /** pino's destination interface: one serialized line (with its newline) per call */
  write(chunk: string): void {
    const line = chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk;
    const kept = line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line;
    this.written++;
    if (this.lines.length < this.capacity) this.lines.push(kept);
    else {
      this.lines[this.head] = kept;
      this.head = (this.head + 1) % this.capacity;
    }
  }

  get size(): number {
    return this.lines.length;
  }

  /** the newest `limit` lines (all by default), oldest first */
  entries(limit = this.capacity): LogEntry[] {
    const ordered = [...this.lines.slice(this.head), ...this.lines.slice(0, this.head)];
    const from = Math.max(0, ordered.length - Math.max(0, limit));
    const firstSeq = this.written - ordered.length + 1;
    return ordered.slice(from).map((line, i) => parse(line, firstSeq + from + i));
  }
}

/** the ring of this process: createLogger() feeds it, server.log reads it */
export const LOG_RING = new LogRing(200);
