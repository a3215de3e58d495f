// The tRPC router of the web API; the web app imports only its type (`@paraweb/server/router`).
import { initTRPC } from '@trpc/server';
import type { Context } from './context.js';

const t = initTRPC.context<Context>().create();

export const appRouter = t.router({
  server: t.router({
    info: t.procedure.query(async ({ ctx }) => {
      const stats = await ctx.services.libraryStats();
      return { version: ctx.services.version, files: stats.files };
    }),
  }),
});

export type AppRouter = typeof appRouter;
