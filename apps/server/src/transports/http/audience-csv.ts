// GET /audience/sessions.csv and /audience/plays.csv (issue #17): the sessions or plays of a
// range (?since=&until=, the times of the history and audience commands; default the last 24
// hours) as CSV, for a logged-in user with AFS_READ (session cookie or API token). Rows are read
// in batches and streamed, so a large export holds one batch in memory.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../commands/index.js';
import { audienceRange, PERMS } from '../../commands/index.js';
import { CSV_TABLES, type CsvTable } from '../../audience/index.js';
import { ParaError } from '../../errors.js';
import { authenticate, type WebAuth } from '../../web-auth/index.js';

export function registerAudienceCsvRoute(
  app: FastifyInstance,
  services: () => Services,
  auth: WebAuth,
): void {
  app.get<{ Params: { table: string }; Querystring: { since?: string; until?: string } }>(
    '/audience/:table',
    async (req, reply) => {
      const who = await authenticate(auth, {
        authorization: req.headers.authorization,
        cookie: req.headers.cookie,
      });
      if (who.kind !== 'user') return reply.code(401).send({ error: 'login required' });
      if ((who.principal.perms & PERMS.AFS_READ) === 0)
        return reply.code(403).send({ error: 'permission denied: the audience needs AFS_READ' });
      const table = req.params.table.replace(/\.csv$/, '');
      if (!req.params.table.endsWith('.csv') || !(CSV_TABLES as readonly string[]).includes(table))
        return reply
          .code(404)
          .send({ error: `no such export: ${req.params.table} (sessions.csv, plays.csv)` });
      const audience = services().audience;
      if (!audience) return reply.code(404).send({ error: 'no audience here' });
      const { since, until } = req.query;
      const one = (v: unknown): string | undefined =>
        typeof v === 'string' && v !== '' ? v : undefined;
      let range;
      try {
        range = audienceRange({ since: one(since), until: one(until) });
      } catch (err) {
        if (err instanceof ParaError) return reply.code(400).send({ error: err.message });
        throw err;
      }
      const day = (d: Date): string => d.toISOString().slice(0, 16).replace(':', '');
      const name = `${table}-${day(range.from)}-${day(range.to)}.csv`;
      return reply
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `attachment; filename="${name}"`)
        .type('text/csv; charset=utf-8')
        .send(Readable.from(audience.csv(table as CsvTable, range)));
    },
  );
}
