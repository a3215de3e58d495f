// The one error type of paraweb, with a closed set of codes that each door (TCP, tRPC, CLI) maps once.

export const ERROR_CODES = {
  E_PERMISSION: 'permission denied',
  E_SYNTAX: 'syntax error',
  E_NOT_FOUND: 'not found',
  E_EXISTS: 'already exists',
  E_FULL: 'table full',
  E_INVALID: 'invalid argument',
  E_NO_MATCH: 'no matches',
  E_IO: 'input/output error',
  E_DB: 'database error',
  E_UNSUPPORTED: 'not supported',
  E_CANCELLED: 'cancelled',
  E_CONFIG: 'invalid configuration',
  E_NOT_LEADER: 'not the playout leader',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ParaErrorOptions {
  /** what went wrong below (kept for the log, never shown to users) */
  cause?: unknown;
  /** set by toParaError for a thrown value no code path meant to throw: a bug or a failure
   * below (database, disk). The door that catches it logs it once, with its stack. */
  unexpected?: boolean;
}

export class ParaError extends Error {
  override readonly name = 'ParaError';
  readonly unexpected: boolean;
  constructor(
    readonly code: ErrorCode,
    message: string,
    options: ParaErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.unexpected = options.unexpected ?? false;
  }
}

/** Prisma's messages span lines ("Invalid `prisma.x()` invocation: ... Message: `...`"). */
function databaseMessage(message: string): string {
  const inner = /Message: `([^`]*)`/.exec(message)?.[1];
  if (inner) return inner;
  if (/timed out/i.test(message)) return 'busy: the operation timed out (is the database locked?)';
  const lines = message
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.at(-1) ?? message;
}

/** Any thrown value as a ParaError, so a door never has to guess. */
export function toParaError(err: unknown): ParaError {
  if (err instanceof ParaError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const name = err instanceof Error ? err.name : '';
  if (
    name.startsWith('PrismaClient') ||
    /SQLITE_|database is locked|readonly database|Raw query failed|Transaction API error|Operation has timed out/i.test(
      message,
    )
  ) {
    return new ParaError('E_DB', `database unavailable: ${databaseMessage(message)}`, {
      cause: err,
      unexpected: true,
    });
  }
  return new ParaError('E_IO', message, { cause: err, unexpected: true });
}

/** The thrown value itself for the log: the original error (with its stack) of an unexpected
 * one, undefined for a ParaError that code threw on purpose (its message says it all). */
export function unexpectedCause(err: unknown): unknown {
  if (!(err instanceof ParaError)) return err;
  return err.unexpected ? (err.cause ?? err) : undefined;
}
