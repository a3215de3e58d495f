// The HTTP API of the appliance: Fastify with CORS, a /health probe and tRPC under /trpc.
import cors from '@fastify/cors';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { createContextFactory, type ApiServices } from '../trpc/context.js';
import { appRouter, type AppRouter } from '../trpc/router.js';

export type { ApiServices } from '../trpc/context.js';
export type { AppRouter } from '../trpc/router.js';

export interface ApiServerOptions {
  services: ApiServices;
  /** The process logger (pino); without it the API logs nothing. */
  logger?: FastifyBaseLogger;
}

/** Builds the API without listening, so tests can drive it with `app.inject()`. */
export async function buildApiServer(opts: ApiServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: opts.logger,
    routerOptions: { maxParamLength: 5000 },
    // Long-lived audio streams must not keep close() pending.
    forceCloseConnections: true,
  });

  await app.register(cors, { origin: true });
  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: createContextFactory(opts.services),
      onError({ path, error }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') {
          app.log.error({ err: error, path }, 'trpc error');
        }
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });

  app.get('/health', () => ({ status: 'ok' }));
  return app;
}

/** Builds the API and listens on host:port (port 0 picks a free one). */
export async function startApiServer(
  opts: ApiServerOptions & { host: string; port: number },
): Promise<{ port: number; close(): Promise<void> }> {
  const app = await buildApiServer(opts);
  try {
    await app.listen({ host: opts.host, port: opts.port });
  } catch (err) {
    await app.close();
    throw err;
  }
  const { port } = app.server.address() as AddressInfo;
  return { port, close: () => app.close() };
}
