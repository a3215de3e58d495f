// Turns whatever a call threw into one sentence a user can read; never an empty message.
import { TRPCClientError } from '@trpc/client';

/** a network failure: the API did not answer at all */
export function isUnreachable(err: unknown): boolean {
  if (!(err instanceof TRPCClientError)) return err instanceof TypeError;
  return err.data === undefined && err.cause instanceof TypeError;
}

/** the server answered 401: no session, or it expired */
export function isUnauthorized(err: unknown): boolean {
  return err instanceof TRPCClientError && errorCode(err) === 'UNAUTHORIZED';
}

function errorCode(err: { data?: unknown }): string | undefined {
  const data: unknown = err.data;
  if (data && typeof data === 'object' && 'code' in data && typeof data.code === 'string')
    return data.code;
  return undefined;
}

const BY_CODE: Record<string, string> = {
  UNAUTHORIZED: 'You are not logged in (or your session expired).',
  FORBIDDEN: 'Your user may not do this.',
  TOO_MANY_REQUESTS: 'Too many attempts; wait a minute and try again.',
  SERVICE_UNAVAILABLE: 'The server’s database is not available right now.',
};

/** A readable message for an error from tRPC, socket.io or fetch. */
export function errorMessage(err: unknown): string {
  if (isUnreachable(err)) return 'The paraweb server cannot be reached.';
  if (err instanceof TRPCClientError) {
    const message = err.message.trim();
    const code = errorCode(err);
    // zod errors arrive as a JSON array of issues; the server already words them, but be safe
    if (message.startsWith('['))
      return code ? (BY_CODE[code] ?? 'The input was refused.') : message;
    return message || (code ? (BY_CODE[code] ?? code) : 'The server refused the request.');
  }
  if (err instanceof Error && err.message) return err.message;
  if (typeof err === 'string' && err) return err;
  return 'Something went wrong.';
}
