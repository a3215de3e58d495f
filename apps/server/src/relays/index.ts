// Icecast relays and caches in front of this server (issue #21): their health and listeners from
// their stats, and the least loaded one for each new listener of /listen.
export { Relays, RELAY_EVERY_MS, type RelayState, type RelaysOptions } from './relays.js';
export { parseRelay, RelayListSchema, type RelaySpec } from './spec.js';
export { jsonListeners, readRelay, type RelayAnswer } from './read-stats.js';
