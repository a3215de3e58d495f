// The server's RenditionStore from its configuration: the mounts switched on, the cache under the
// database directory, the loudness target, and the measured loudness stored with each file.
import path from 'node:path';
import type { Afs } from '../afs/index.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { mountProfiles } from '../senders/mounts/index.js';
import { RenditionStore } from './store.js';

/** Stores a measured loudness with the file of that hash (afsi loudness: ls -l=v, the library). */
export function loudnessInto(afs: Afs): (hash: string, lufs: number) => Promise<void> {
  return async (hash, lufs) => {
    const file = afs.files.getByHash(hash);
    if (!file || file.loudness === lufs) return;
    await afs.files.changeAfsi([{ id: file.id, set: { loudness: lufs } }]);
  };
}

export function renditionStore(config: Config, afs: Afs, logger: Logger): RenditionStore {
  return new RenditionStore({
    dir: path.join(config.afsDatabaseDir, 'renditions'),
    profiles: mountProfiles(config),
    cacheLimitBytes: config.renditionCacheSize * 1024 * 1024,
    parallel: config.renditionJobs,
    target: config.renditionNoLevel
      ? undefined
      : { integrated: config.renditionLoudness, truePeak: config.renditionTruePeak },
    levelPassthrough: config.renditionLevelPassthrough,
    onLoudness: loudnessInto(afs),
    log: { info: (m) => logger.info(m), warn: (m) => logger.warn(m) },
  });
}
