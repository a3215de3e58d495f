// GET /metrics (Prometheus text, prom-client), /healthz (the process answers) and /readyz
// (database, stream thread, no dead air) (issue #17). /metrics may want a bearer token, and may
// live on a port of its own (--metrics-port) instead of the API's.
import crypto from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { AudienceMetrics, Readiness } from '../../audience/index.js';

export interface ObserveOptions {
  metrics: AudienceMetrics;
  /** GET /metrics wants "Authorization: Bearer <token>" */
  token?: string | undefined;
  /** false: /metrics is served by startMetricsServer, not on the API port */
  metricsOnApiPort: boolean;
  ready(): Promise<Readiness>;
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!m) return false;
  const a = crypto.createHash('sha256').update(m[1]!).digest();
  const b = crypto.createHash('sha256').update(token).digest();
  return crypto.timingSafeEqual(a, b);
}

function registerMetrics(app: FastifyInstance, opts: ObserveOptions): void {
  app.get('/metrics', async (req, reply) => {
    if (opts.token !== undefined && !tokenMatches(req.headers.authorization, opts.token)) {
      opts.metrics.authFailure('metrics');
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: 'GET /metrics needs "Authorization: Bearer <--metrics-token>"' });
    }
    return reply
      .header('content-type', opts.metrics.contentType)
      .header('cache-control', 'no-store')
      .send(await opts.metrics.text());
  });
}

export function registerObserveRoutes(app: FastifyInstance, opts: ObserveOptions): void {
  app.get('/healthz', () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const r = await opts.ready();
    return reply
      .code(r.ready ? 200 : 503)
      .send({ status: r.ready ? 'ready' : 'not ready', ...r.checks });
  });
  if (opts.metricsOnApiPort) registerMetrics(app, opts);
}

/** /metrics on an address and port of its own (--metrics-port, --metrics-listen-address). */
export async function startMetricsServer(
  opts: ObserveOptions & { host: string; port: number },
): Promise<{ port: number; close(): Promise<void> }> {
  const app = Fastify({ forceCloseConnections: true });
  registerMetrics(app, opts);
  await app.listen({ host: opts.host, port: opts.port });
  const { port } = app.server.address() as AddressInfo;
  return { port, close: () => app.close() };
}
