// The tRPC router of the web API, built from the command table; the web app imports only its type
// (`@paraweb/server/router`).
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { authenticate } from '../../web-auth/index.js';
import type { CommandTable } from '../../commands/index.js';
import { authRouter } from './auth-router.js';
import { commandProcedures } from './command-procedures.js';
import { libraryRouter } from './library-router.js';
import { serverLogProcedure } from './server-log.js';
import { publicProcedure, router, userProcedure } from './trpc.js';
import { statusRouter } from './status-router.js';
import { usersRouter } from './users-router.js';

/** names of the server group that are not commands (a command of that name would be shadowed) */
const RESERVED = new Set(['info', 'log']);

/**
 * server.info: that the server answers (the login form's "Online"), and where the web player
 * listens. The version and the library's size only to a user who logged in: a visitor learns
 * nothing the operator did not publish.
 */
const info = publicProcedure.query(async ({ ctx }) => {
  const http = ctx.api.services.senders?.get('http');
  const known = (await authenticate(ctx.api.auth, ctx.credentials)).kind === 'user';
  return {
    version: known ? ctx.api.services.server.version : null,
    files: known ? ctx.api.services.afs.files.size : null,
    /** the HTTP sender's port (--http-port) and whether it listens; null: this server has none */
    httpPort: http?.port ?? null,
    httpOn: http?.isOn ?? false,
  };
});

const jobControl = {
  list: userProcedure.query(({ ctx }) => ctx.api.jobs.list(ctx.principal.user)),
  cancel: userProcedure
    .input(z.object({ id: z.string().min(1, 'must not be empty') }))
    .mutation(({ ctx, input }) => {
      if (!ctx.api.jobs.cancel(input.id, ctx.principal.user))
        throw new TRPCError({
          code: 'NOT_FOUND',
          message: `id: no running job ${input.id} of yours`,
        });
      return { cancelled: input.id };
    }),
};

export function buildAppRouter(table: CommandTable) {
  for (const cmd of table.all())
    if (RESERVED.has(cmd.name))
      throw new Error(`command ${cmd.name} clashes with server.${cmd.name}`);
  const { procedures, jobs } = commandProcedures(table);
  return router({
    server: router({ info, log: serverLogProcedure(), ...procedures.server }),
    afs: router(procedures.afs),
    vss: router(procedures.vss),
    jobs: router({
      afs: router(jobs.afs),
      vss: router(jobs.vss),
      server: router(jobs.server),
      ...jobControl,
    }),
    status: statusRouter,
    auth: authRouter,
    library: libraryRouter,
    users: usersRouter,
  });
}

export type AppRouter = ReturnType<typeof buildAppRouter>;
