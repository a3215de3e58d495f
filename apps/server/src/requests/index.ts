// Public surface of the request queue: listeners' and operators' requests, their rules.
export { RequestQueue } from './queue.js';
export type { RequestQueueOptions, SongRequestView, RequestStatus } from './queue.js';
export { checkRequest } from './rules.js';
export type { RequestRules, RequestAttempt, Verdict } from './rules.js';
