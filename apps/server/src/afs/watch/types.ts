// The watched folders' options and status (the `watch` command, tRPC, the dashboard).
import { z } from 'zod';

export interface WatchOptions {
  roots: string[];
  /** a file is added once its last write is this old (--afs-watch-settle) */
  settleMs: number;
  /** the fallback scan's period (--afs-watch-scan-interval) */
  scanIntervalMs: number;
  /** rows of missing files are removed after this (--afs-missing-grace) */
  graceSeconds: number;
  /** scan every tree, never ask the kernel (--afs-watch-scan-only) */
  scanOnly: boolean;
  log: { info(msg: string): void; warn(msg: string): void };
}

export const WatchRootStatusSchema = z.object({
  path: z.string(),
  /** named by --afs-watch (the options, each start), or by `watch` (stored in the database) */
  source: z.enum(['option', 'watch']),
  /** who asked to watch it (`watch`) */
  addedBy: z.string().optional(),
  /** kernel events, or the periodic scan where the kernel cannot serve (reason); unavailable:
   * the folder could not be watched at start (error), `watch` tries again, `unwatch` forgets it */
  mode: z.enum(['starting', 'kernel', 'scan', 'unavailable']),
  reason: z.string().optional(),
  /** the tree itself could not be read at the last scan */
  error: z.string().optional(),
  scanning: z.boolean(),
  lastScan: z
    .object({
      at: z.string(),
      ms: z.number(),
      files: z.number(),
      changed: z.number(),
      missing: z.number(),
    })
    .optional(),
});
export type WatchRootStatus = z.infer<typeof WatchRootStatusSchema>;

export const WatchStatusSchema = z.object({
  roots: z.array(WatchRootStatusSchema),
  /** files waiting until they stop growing */
  pending: z.number(),
  /** files settled, waiting for or in `add` */
  queued: z.number(),
  /** rows whose file is missing */
  missing: z.number(),
  /** since the server started */
  counts: z.object({
    added: z.number(),
    updated: z.number(),
    renamed: z.number(),
    restored: z.number(),
    missing: z.number(),
    purged: z.number(),
  }),
  settleMs: z.number(),
  scanIntervalMs: z.number(),
  graceSeconds: z.number(),
  /** per file, newest first */
  errors: z.array(z.object({ path: z.string(), reason: z.string(), at: z.string() })),
});
export type WatchStatus = z.infer<typeof WatchStatusSchema>;
