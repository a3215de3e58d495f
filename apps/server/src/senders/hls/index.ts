// Public surface of the HLS output: the MountSink that cuts the live mounts into segments, and
// what the HTTP sender uses to serve /hls/.
export { HlsOutput, LIST_SIZE, TARGET_S } from './output.js';
export type { HlsOptions } from './output.js';
export { HlsHttp } from './http.js';
export { isHlsRequest } from './request.js';
export { isLaterSegment, SHARED_RESERVE } from './seq-store.js';
export type { SeqEntries } from './seq-store.js';
