// The ports of the e2e run, shared by playwright.config.ts and the journeys.
export const API_PORT = 8090;
export const WEB_PORT = 3100;
/** the HTTP sender (the audio stream) */
export const STREAM_PORT = 8091;
