// Public surface of the virtual streaming system.
export { Vss } from './vss.js';
export type { VssControl, VssOptions } from './vss.js';
export { StreamEngine, CHOOSE_AHEAD_US, MOUNTS_CHOOSE_AHEAD_US } from './engine.js';
export type { EngineOptions, EngineSnapshot } from './engine.js';
export { AfsFileSource } from './file-source.js';
export type { FileSource, NextFile } from './file-source.js';
export { LATENESS_BUCKETS_MS } from './chunk-timing.js';
export type { ChunkTiming } from './chunk-timing.js';
export type { VssFlags, VssState } from './flags.js';
export { flagString, vssState } from './flags.js';
export { nowUs, formatTimeval, wallClock } from './clock.js';
export type { Clock } from './clock.js';
export { parseFfSeconds } from './positions.js';
export { StreamHost } from './worker/host.js';
export type { StreamAudience, StreamHostOptions } from './worker/host-options.js';
export type { AudienceBatch, SessionClosed, SessionOpened } from './worker/audience-batch.js';
