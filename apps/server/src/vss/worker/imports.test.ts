// What the stream thread loads is what it keeps for its life, in its own isolate: through the afs
// barrel (afs/index.js) it once loaded zod, ioredis, re2js and the folder watcher for two helper
// functions, 5.7 MB of its heap (docs/streaming.md, "Memory"). Walks the static imports of the
// compiled stream-worker.js (this test runs from dist/, beside it).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./stream-worker.js', import.meta.url));
const IMPORT =
  /^(?:import|export)\s+(?!type\b)[^;]*?\bfrom\s+['"]([^'"]+)['"]|^import\s+['"]([^'"]+)['"]/gm;

/** every module and package the entry reaches by static imports, with who imported it */
function importGraph(entry: string): Map<string, string | undefined> {
  const from = new Map<string, string | undefined>([[entry, undefined]]);
  const queue = [entry];
  for (let file = queue.shift(); file; file = queue.shift()) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = (m[1] ?? m[2])!;
      const key = spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : spec;
      if (from.has(key)) continue;
      from.set(key, file);
      if (spec.startsWith('.')) queue.push(key);
    }
  }
  return from;
}

test('the stream thread imports no schemas, Redis client, pattern engine or afs barrel', () => {
  const graph = importGraph(ENTRY);
  const chain = (key: string): string => {
    const out = [];
    for (let k: string | undefined = key; k; k = graph.get(k)) out.unshift(path.basename(k));
    return out.join(' -> ');
  };
  const afsIndex = fileURLToPath(new URL('../../afs/index.js', import.meta.url));
  for (const unwanted of ['zod', 'ioredis', 're2js', '@parcel/watcher', 'picomatch', afsIndex])
    assert.ok(!graph.has(unwanted), `${unwanted}: ${chain(unwanted)}`);
  // the walk itself works: what the stream thread does need is found
  assert.ok(graph.has('pino'));
  assert.ok(graph.has(fileURLToPath(new URL('../engine.js', import.meta.url))));
});
