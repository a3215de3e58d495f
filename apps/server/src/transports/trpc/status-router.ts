// status.watch: the live status (StatusFeed) as a typed object keyed by item name, sent at once
// and again after every change; a slow subscriber gets the newest status, not a backlog.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { authenticate } from '../../web-auth/index.js';
import { PERMS } from '../../commands/index.js';
import { watchStatus, type StatusObject } from '../web/index.js';
import { EventQueue } from './event-queue.js';
import { permittedProcedure, router } from './trpc.js';

export const statusRouter = router({
  /**
   * How much audio the HTTP sender's connection `?listen=<id>` got at once on connect: the web
   * player is that much (plus what it has not played yet) behind the server. null: unknown.
   */
  burst: permittedProcedure(PERMS.VSS_READ, 'status.burst')
    .input(z.object({ listen: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a listen id') }))
    .query(async ({ ctx, input }) => {
      const http = ctx.api.services.senders?.get('http');
      return { burstMs: (await http?.burstMs?.(input.listen)) ?? null };
    }),

  watch: permittedProcedure(PERMS.VSS_READ, 'status.watch').subscription(async function* ({
    ctx,
    signal,
  }): AsyncGenerator<StatusObject, void> {
    const feed = ctx.api.services.status;
    if (!feed)
      throw new TRPCError({ code: 'NOT_IMPLEMENTED', message: 'no live status on this server' });
    const queue = new EventQueue<StatusObject>(signal);
    // every dump is complete, so a newer one replaces one still queued
    const unsubscribe = watchStatus(feed, (s) => queue.push(s, () => true));
    // a logout or revoked token ends the subscription too, not only new calls
    const onRevoked = (): void => {
      authenticate(ctx.api.auth, ctx.credentials).then(
        (r) => {
          if (r.kind !== 'user')
            queue.fail(new TRPCError({ code: 'UNAUTHORIZED', message: 'session ended' }));
        },
        (err: unknown) => queue.fail(err),
      );
    };
    ctx.api.auth.events.on('revoked', onRevoked);
    try {
      yield* queue;
    } finally {
      ctx.api.auth.events.off('revoked', onRevoked);
      unsubscribe();
    }
  }),
});
