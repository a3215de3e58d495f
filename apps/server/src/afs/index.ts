// Public surface of the audio file selector.
export { Afs } from './afs.js';
export type { AfsOptions } from './afs.js';
export type { AddOptions, AddReport, AddProgress, AddHooks } from './add/add.js';
export type { AudioFileRecord, Afsi, Afhi } from './audio-file.js';
export { basename, dirname, AFSI_KEYS } from './audio-file.js';
export type { BlobKind, BlobEntry, BlobTable } from './blobs.js';
export type { BlobData } from '../db/index.js';
export { BLOB_TABLES } from './blobs.js';
export { MAX_ATTRIBUTES } from './attributes.js';
export type { AttributeTable } from './attributes.js';
export type { AudioFileTable } from './audio-file-table.js';
export type { AfsiChange } from './audio-file-store.js';
export { fnmatch, matchesAny } from './patterns/index.js';
export { FORMAT_NAMES, formatName, SUPPORTED_FORMATS, HANDLERS } from './formats/index.js';
export type { AfsEvents, AfsEventMap } from './events.js';
export type { OpenedFile } from './selection/opened-file.js';
export type { NextFilePolicy } from './next-file.js';
export { imageMime, inspectImage, type ImageInfo } from './images.js';
export {
  openRedisBus,
  startAfsSync,
  watchAfsChanges,
  BATCH_INTERVAL_MS,
  MAX_CHANGES,
  shareTables,
} from './sync/index.js';
export type {
  RedisBus,
  AfsChange,
  AfsChangeBatch,
  AfsSync,
  PeerBus,
  BusState,
  SharedTable,
} from './sync/index.js';
// the frame and packet scanners the renditions (renditions/) use on ffmpeg's output
export { parseMp3 } from './formats/mp3.js';
export { parseAdts, adtsParams, AAC_SAMPLE_RATES } from './formats/adts.js';
export { FolderWatch, WatchStatusSchema } from './watch/index.js';
export type { WatchOptions, WatchRootStatus, WatchStatus } from './watch/index.js';
