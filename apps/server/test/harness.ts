// Test helper: the afs and the command table on a fresh database, with a runner that goes through
// the same path as every door (lookup, permissions, argv parsing, validation, rendering).
import type { DbKind } from '../src/db/index.js';
import type { AfsOptions } from '../src/afs/index.js';
import { Afs } from '../src/afs/index.js';
import type { CommandResult, Services } from '../src/commands/index.js';
import {
  ALL_PERMS,
  buildCommandTable,
  PARAWEB_VERSION,
  runArgv,
  runInput,
} from '../src/commands/index.js';
import { ParaError } from '../src/errors.js';
import type { TestDatabase } from './db.js';
import { freshDatabase } from './db.js';

export interface Harness {
  tdb: TestDatabase;
  afs: Afs;
  services: Services;
  /** runs argv as a user with `perms`; lines logged during the run are in `log` */
  run(
    argv: string[],
    opts?: { perms?: number; data?: Uint8Array },
  ): Promise<CommandResult & { log: string[] }>;
  /** runs a command with structured input, as the tRPC door does */
  runInput(name: string, input: unknown): Promise<CommandResult>;
  /** runs argv and returns the ParaError it must throw */
  fail(argv: string[], opts?: { perms?: number; data?: Uint8Array }): Promise<ParaError>;
  close(): Promise<void>;
}

export async function harness(kind: DbKind = 'sqlite', afsOpts?: AfsOptions): Promise<Harness> {
  const tdb = await freshDatabase(kind);
  const afs = await Afs.open(tdb.db, afsOpts);
  const services: Services = { afs, server: { version: PARAWEB_VERSION, startedAt: new Date() } };
  const table = buildCommandTable();
  const run: Harness['run'] = async (argv, opts = {}) => {
    const log: string[] = [];
    const result = await runArgv(
      table,
      {
        services,
        user: { name: 'test', perms: opts.perms ?? ALL_PERMS },
        log: (l) => log.push(l),
        signal: new AbortController().signal,
        readData: () => Promise.resolve(opts.data ?? new Uint8Array()),
      },
      argv,
    );
    return { ...result, log };
  };
  return {
    tdb,
    afs,
    services,
    run,
    runInput: (name, input) =>
      runInput(
        table.lookup(name),
        {
          services,
          user: { name: 'test', perms: ALL_PERMS },
          log: () => {},
          signal: new AbortController().signal,
        },
        input,
      ),
    async fail(argv, opts) {
      try {
        await run(argv, opts);
      } catch (err) {
        if (err instanceof ParaError) return err;
        throw err;
      }
      throw new Error(`expected ${argv.join(' ')} to fail`);
    },
    async close() {
      await afs.close();
      await tdb.drop();
    },
  };
}
