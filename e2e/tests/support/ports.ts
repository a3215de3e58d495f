// The ports of the e2e run, shared by playwright.config.ts and the journeys.
// PARAWEB_E2E_PORT_OFFSET shifts them all, so two runs can share a machine.
const offset = Number(process.env.PARAWEB_E2E_PORT_OFFSET ?? 0);

export const API_PORT = 8090 + offset;
export const WEB_PORT = 3100 + offset;
/** the HTTP sender (the audio stream) */
export const STREAM_PORT = 8091 + offset;
/** the paraslash command port */
export const COMMAND_PORT = 29901 + offset;
/** a second web app whose API URL points at a port where nothing listens */
export const WEB_NO_API_PORT = 3101 + offset;
/** an Icecast relay of the HTTP sender's /live.mp3 (relays.spec.ts; the server lists it with --relay) */
export const RELAY_PORT = 8094 + offset;
/** a second relay, so that a listener who loses one is sent to the other (relays.spec.ts) */
export const RELAY2_PORT = 8095 + offset;
export const DEAD_API_URL = `http://127.0.0.1:${8097 + offset}`;
