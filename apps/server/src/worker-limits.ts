// The heap limits of the helper workers (the reader pool, the WAL checkpointer, the blob writer).
// Left alone, a worker's young generation grows to 4 MB after a little work and to 32 MB under
// allocation pressure (an `add` of many files), and keeps it while the worker lives; their
// garbage is small and short-lived (the files' bytes are outside the heap), so 1 MB semi-spaces
// serve them. V8 counts three semi-spaces in this figure.
import type { ResourceLimits } from 'node:worker_threads';

export const HELPER_WORKER_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 3 };
