// Public surface of the senders: the interface they share and the table the vss and the
// `sender` command reach them through.
export type { Sender, SenderControl, StreamBreak, StreamChunk, StreamFile } from './types.js';
export { SenderTable, UNAVAILABLE_SENDERS } from './table.js';
export { AccessList, parseNetwork, formatNetwork } from './acl.js';
export type { Network } from './acl.js';
export { contentType, continuesInto, chunkFramer } from './web-stream.js';
export { HttpSender } from './http/index.js';
export type { HttpSenderOptions } from './http/index.js';
export { OUTPUTS } from './listener-tap.js';
export type { ListenerEnd, ListenerStart, ListenerTap } from './listener-tap.js';
