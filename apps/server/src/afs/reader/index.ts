// The one reader of audio files, for `add` and for streaming (and anything else that reads the
// library's files): worker threads that only read regular files, in pieces, off the main thread.
//
//   const reader = new ReaderPool();                 // add: up to 4 workers
//   const results = await reader.parse([{ path, force: false }]);   // hash + afhi + chunk table
//   const stream = new ReaderPool({ size: 1, deadlineMs: 10_000 });  // streaming: its own worker
//   const r = await stream.open({ path, hash, format, headerLen: 0 });
//   if (r.ok) use(r.data);                           // the whole file, checked against `hash`
//   else if (r.kind === 'transient') retryLater();   // gone / changed: the file is not usable
//
// On any thread, files.ts has the same primitives synchronously (openRegular, readWhole, hashFile).
export { ReaderPool } from './pool.js';
export type { ReaderPoolOptions } from './pool.js';
export type { OpenJob, OpenResult, ParseJob, ParseResult } from './jobs.js';
export type { FailureKind, OpenFile } from './files.js';
export { ReadError, openRegular, readWhole, hashFile, withRegularFile, sha1 } from './files.js';
