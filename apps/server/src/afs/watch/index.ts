// Watched folders: the library keeps itself up to date (issue #19).
export { FolderWatch } from './watcher.js';
export type { WatchOptions, WatchRootStatus, WatchStatus } from './types.js';
export { WatchStatusSchema } from './types.js';
