// V8 flags the server sets on itself before its modules load (main.ts), so they hold however it
// is started: para_server, `npm run up`, the benchmarks, CI; node's command line would need them
// repeated in each. On the demo library, idle and settled: 223-287 MB RSS without them, 174-177
// MB with them (docs/streaming.md, "Memory").
import v8 from 'node:v8';

export const SERVER_V8_FLAGS = [
  // Prisma's query compiler is WebAssembly (~3 MB of code): its optimised tier took ~40 MB of
  // RSS. The baseline tier (Liftoff) serves the few queries a second the server makes; compiled
  // only where called.
  '--liftoff-only',
  '--wasm-lazy-compilation',
  // The young generation of every thread (main, stream thread, workers) stays at its first size
  // (1 MB semi-spaces) instead of growing to 16 MB each after a burst of allocation (start-up,
  // listeners connecting) and staying there: ~30 MB per thread that grew. A flag read whenever
  // the young generation would grow, so it applies here; --max-semi-space-size is read only when
  // the main thread's heap is made, before any of our code runs.
  '--semi-space-growth-factor=1',
] as const;

for (const flag of SERVER_V8_FLAGS) v8.setFlagsFromString(flag);
