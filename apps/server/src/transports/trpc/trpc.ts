// The tRPC instance of the web API: error mapping (ParaError codes, field-naming validation
// messages) and the procedures that need a logged-in user with given permission bits.
import { initTRPC, TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { permText } from '../../commands/index.js';
import { ParaError, toParaError, type ErrorCode } from '../../errors.js';
import { authenticate, clearSessionCookie } from '../../web-auth/index.js';
import type { Principal } from '../../web-auth/index.js';
import type { Context } from './context.js';

const TRPC_CODES: Record<ErrorCode, TRPC_ERROR_CODE_KEY> = {
  E_PERMISSION: 'FORBIDDEN',
  E_SYNTAX: 'BAD_REQUEST',
  E_INVALID: 'BAD_REQUEST',
  E_NOT_FOUND: 'NOT_FOUND',
  E_NO_MATCH: 'NOT_FOUND',
  E_EXISTS: 'CONFLICT',
  E_FULL: 'PRECONDITION_FAILED',
  E_IO: 'INTERNAL_SERVER_ERROR',
  E_DB: 'SERVICE_UNAVAILABLE',
  E_UNSUPPORTED: 'NOT_IMPLEMENTED',
  E_CANCELLED: 'CLIENT_CLOSED_REQUEST',
  E_CONFIG: 'INTERNAL_SERVER_ERROR',
  E_NOT_LEADER: 'PRECONDITION_FAILED',
};

/** The one mapping from paraweb's errors to tRPC's (style: map once at each door). */
export function toTRPCError(err: unknown): TRPCError {
  if (err instanceof TRPCError) return err;
  const e = toParaError(err);
  return new TRPCError({ code: TRPC_CODES[e.code], message: e.message, cause: e });
}

interface Issue {
  path?: readonly (PropertyKey | { key: PropertyKey })[];
  message: string;
}

function hasIssues(cause: unknown): cause is { issues: readonly Issue[] } {
  return (
    typeof cause === 'object' && cause !== null && 'issues' in cause && Array.isArray(cause.issues)
  );
}

/** "field: message" for the first issue of a schema failure, like the command doors say it */
function issueMessage(issues: readonly Issue[]): string {
  const first = issues[0];
  if (!first) return 'invalid input';
  const field = (first.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p)).join('.');
  return `${field || 'input'}: ${first.message}`;
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const message =
      error.code === 'BAD_REQUEST' && hasIssues(cause) ? issueMessage(cause.issues) : shape.message;
    return {
      ...shape,
      message,
      data: {
        ...shape.data,
        // the paraslash error class, for clients that show paraslash's wording
        paraCode: cause instanceof ParaError ? cause.code : null,
        // never send stack traces to browsers
        stack: undefined,
      },
    };
  },
});

export const router = t.router;
export const publicProcedure = t.procedure;

/** A user of the user list who authenticated with a session cookie or an API token. Checked
 * on every call, also on a websocket, so a logout or a revoked token takes effect at once. */
export const userProcedure = t.procedure.use(async ({ ctx, next }) => {
  const result = await authenticate(ctx.api.auth, ctx.credentials);
  if (result.kind === 'failed') {
    if (result.via === 'session') ctx.setCookie(clearSessionCookie(ctx.api.secureCookies));
    throw new TRPCError({
      code: 'UNAUTHORIZED',
      message: result.failure === 'expired' ? 'session expired' : `invalid ${result.via}`,
    });
  }
  if (result.kind === 'anonymous')
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'login required' });
  const principal: Principal = result.principal;
  return next({ ctx: { principal, user: { name: principal.user, perms: principal.perms } } });
});

/** userProcedure plus a permission check, for procedures that are not commands. */
export function permittedProcedure(perms: number, what: string) {
  return userProcedure.use(({ ctx, next }) => {
    if ((ctx.user.perms & perms) !== perms)
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: `permission denied: ${what} needs ${permText(perms)}`,
      });
    return next();
  });
}
