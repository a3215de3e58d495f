// The Icecast sender's public surface: the sender, its source connection and target URLs.
export { IcecastSender } from './sender.js';
export type { IcecastSenderOptions } from './options.js';
export { IcecastSource } from './source.js';
export type { SourceState, SourceStream } from './source.js';
export { formatIcecastTarget, parseIcecastTarget } from './target.js';
export type { IcecastTarget } from './target.js';
