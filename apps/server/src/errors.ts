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
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class ParaError extends Error {
  override readonly name = 'ParaError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Any thrown value as a ParaError, so a door never has to guess. */
export function toParaError(err: unknown): ParaError {
  if (err instanceof ParaError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (/SQLITE_BUSY|database is locked|readonly database|SQLITE_READONLY/i.test(message)) {
    return new ParaError('E_DB', `database unavailable: ${message}`);
  }
  return new ParaError('E_IO', message);
}
