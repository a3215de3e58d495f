// Renditions (docs/renditions.md): a file encoded once by ffmpeg for a live mount's codec, levelled
// to a loudness target, cached on disk with its chunk table; the RenditionStore feeds the mounts.
export { RenditionStore, DEFAULT_CACHE_LIMIT, profileKey } from './store.js';
export type {
  RenditionStoreOptions,
  RenditionSource,
  RenditionStatus,
  RenditionFailure,
  WarmProgress,
} from './store.js';
export type { CacheEntry } from './cache.js';
export type { LoudnessTarget } from './encode.js';
export { DEFAULT_TARGET } from './encode.js';
export { fitsRecord } from './passthrough.js';
export { renditionStore, loudnessInto } from './from-config.js';
