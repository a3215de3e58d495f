// Prisma's debug module keeps the arguments of its last 100 calls in a module-level array whether
// logging is on or not (MAX_ARGS_HISTORY and argsHistory in
// https://github.com/prisma/prisma/blob/main/packages/debug/src/index.ts), for its error reports.
// The client's runtime and the driver adapter each log every query there with its parameters, in
// two copies of that module. A batch of 1,000 listener sessions (7,000 parameters, with their
// Dates and strings) stayed in the main thread's heap until 100 more debug calls had pushed it
// out: 0.6 MB on SQLite, 0.8 on PostgreSQL, with 1,000 listeners (docs/streaming.md §8).
// forget() pushes 100 empty calls into both, after the few writes that large.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fs from 'node:fs';

/** MAX_ARGS_HISTORY of @prisma/debug */
const HISTORY = 100;
const NAMESPACE = 'paraweb:forget';

type Debug = ((namespace: string) => (...args: unknown[]) => void) & {
  enabled(namespace: string): boolean;
};

/** The ESM entry of `pkg` as seen from `fromFile`: the module instance that file's imports get. */
function esmEntry(fromFile: string, pkg: string): string {
  // the CommonJS entry locates the package; its "exports" name the ESM one
  let dir = path.dirname(createRequire(fromFile).resolve(pkg));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const json = JSON.parse(fs.readFileSync(file, 'utf8')) as {
        name?: string;
        exports?: { '.'?: { import?: { default?: string } } };
      };
      const entry = json.exports?.['.']?.import?.default;
      if (json.name === pkg && entry) return path.join(dir, entry);
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`${pkg}: no ESM entry from ${fromFile}`);
    dir = up;
  }
}

const load = async (file: string): Promise<Debug> =>
  ((await import(pathToFileURL(file).href)) as { Debug: Debug }).Debug;

/**
 * The two histories of a client on `adapter` ('@prisma/adapter-better-sqlite3' or
 * '@prisma/adapter-pg'), and a function that empties both of what was logged so far.
 */
export async function queryHistory(adapter: string): Promise<() => void> {
  const adapterMain = createRequire(import.meta.url).resolve(adapter);
  const debugs = await Promise.all([
    // the generated clients import the runtime by this name too: one @prisma/client
    import('@prisma/client/runtime/client').then((m) => m.Debug as Debug),
    // the adapter's own copy (adapter-pg has one of its own version under it)
    load(esmEntry(adapterMain, '@prisma/driver-adapter-utils')),
  ]);
  const calls = debugs.map((d) => d(NAMESPACE));
  return () => {
    // someone debugging with DEBUG=* wants the history, and would get 200 lines of noise
    if (debugs.some((d) => d.enabled(NAMESPACE))) return;
    for (const call of calls) for (let i = 0; i < HISTORY; i++) call('');
  };
}
