// Public surface of the HTTP sender.
export { HttpSender } from './http-sender.js';
export type { HttpSenderOptions } from './options.js';
export { ICY_METAINT, icyBlock } from './icy.js';
