// auth.*: password login and logout (HttpOnly session cookie), who am I, changing one's password
// and one's API tokens. Passwords are set first with para_webuser on the server.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { permText } from '../../commands/index.js';
import {
  clearSessionCookie,
  MAX_PASSWORD_LENGTH,
  passwordProblem,
  sessionCookie,
  sessionSecret,
} from '../../web-auth/index.js';
import { publicProcedure, router, userProcedure } from './trpc.js';

const name = z.string().min(1, 'must not be empty').max(200, 'too long');
const password = z.string().min(1, 'must not be empty').max(MAX_PASSWORD_LENGTH, 'too long');

function whoami(user: string, perms: number, via: 'session' | 'token', expiresAt?: Date) {
  return {
    user,
    perms,
    permissions: permText(perms),
    via,
    expiresAt: expiresAt?.toISOString() ?? null,
  };
}

export const authRouter = router({
  login: publicProcedure
    .input(z.object({ user: name, password }))
    .mutation(async ({ ctx, input }) => {
      // one guess per request: a batch or a websocket would carry many at the price of one
      if (ctx.carrier === 'batch')
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: 'auth.login cannot be batched: send it alone',
        });
      if (ctx.carrier === 'websocket')
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: 'auth.login over HTTP only: a websocket cannot set the session cookie',
        });
      const { auth, loginFailures } = ctx.api;
      const attempt = loginFailures.begin(ctx.ip, input.user);
      if (!attempt)
        throw new TRPCError({
          code: 'TOO_MANY_REQUESTS',
          message: 'too many failed logins; try again later',
        });
      const session = await auth.login(input.user, input.password);
      if (!session) {
        ctx.api.log.warn({ user: input.user, ip: ctx.ip }, 'web login failed');
        ctx.api.services.metrics?.authFailure('web');
        throw new TRPCError({ code: 'UNAUTHORIZED', message: 'wrong user name or password' });
      }
      attempt.succeeded();
      ctx.api.log.info({ user: input.user, ip: ctx.ip }, 'web login');
      ctx.setCookie(sessionCookie(session.secret, auth.sessionTtlMs, ctx.api.secureCookies));
      const perms = ctx.api.users.get(input.user)?.perms ?? 0;
      return whoami(input.user, perms, 'session', session.expiresAt);
    }),

  logout: publicProcedure.mutation(async ({ ctx }) => {
    const secret = sessionSecret(ctx.credentials.cookie);
    const result = secret === undefined ? undefined : await ctx.api.auth.session(secret);
    if (result !== undefined && typeof result !== 'string' && result.sessionId)
      await ctx.api.auth.logout(result.sessionId);
    ctx.setCookie(clearSessionCookie(ctx.api.secureCookies));
    return { loggedOut: typeof result === 'object' };
  }),

  me: userProcedure.query(({ ctx }) =>
    whoami(ctx.principal.user, ctx.user.perms, ctx.principal.via, ctx.principal.expiresAt),
  ),

  /** ends all other sessions and renews this one */
  changePassword: userProcedure
    .input(z.object({ current: password, next: password }))
    .mutation(async ({ ctx, input }) => {
      const { auth } = ctx.api;
      const user = ctx.principal.user;
      if (!(await auth.checkPassword(user, input.current)))
        throw new TRPCError({ code: 'FORBIDDEN', message: 'current: wrong password' });
      const problem = passwordProblem(input.next);
      if (problem) throw new TRPCError({ code: 'BAD_REQUEST', message: `next: ${problem}` });
      await auth.setPassword(user, input.next);
      if (ctx.principal.via === 'session') {
        const session = await auth.createSession(user);
        ctx.setCookie(sessionCookie(session.secret, auth.sessionTtlMs, ctx.api.secureCookies));
      }
      return { changed: true };
    }),

  tokens: router({
    list: userProcedure.query(async ({ ctx }) =>
      (await ctx.api.auth.listTokens(ctx.principal.user)).map((t) => ({
        id: t.id,
        label: t.label,
        createdAt: t.createdAt.toISOString(),
        lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
      })),
    ),
    /** the token is in this answer only; it cannot be shown again */
    create: userProcedure
      .input(z.object({ label: z.string().max(200, 'too long').default('') }))
      .mutation(({ ctx, input }) => ctx.api.auth.createToken(ctx.principal.user, input.label)),
    revoke: userProcedure
      .input(z.object({ id: z.number().int().positive() }))
      .mutation(async ({ ctx, input }) => {
        if (!(await ctx.api.auth.revokeToken(input.id, ctx.principal.user)))
          throw new TRPCError({ code: 'NOT_FOUND', message: `id: no token ${input.id}` });
        return { revoked: input.id };
      }),
  }),
});
