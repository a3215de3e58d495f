// server.log: the newest lines of the server's own log (log-ring.ts), for the dashboard's server
// page. Needs VSS_READ: log lines name listeners' addresses, users and paths, which a login with
// no permission bits should not learn, while every user who may watch the stream may see them.
import { z } from 'zod';
import { PERMS } from '../../commands/index.js';
import { LOG_RING, type LogRing } from '../../log-ring.js';
import { permittedProcedure } from './trpc.js';

const input = z
  .object({
    limit: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(1000, 'must be at most 1000')
      .optional(),
  })
  .optional();

/** The procedure over `ring` (the process's ring by default; tests pass their own). */
export function serverLogProcedure(ring: LogRing = LOG_RING) {
  return permittedProcedure(PERMS.VSS_READ, 'server.log')
    .input(input)
    .query(({ input }) => ({ capacity: ring.capacity, lines: ring.entries(input?.limit) }));
}
