// Figures of the stream and the library that the dashboard computes with.

/**
 * A new listener of the HTTP sender gets this much recent audio at once (the burst), so that a
 * browser starts playing at once; the web player is that much behind the server's status.
 */
export const HTTP_BURST_MS = 10_000;

/** attributes are the bits of one 64-bit mask per file (docs/paraslash/afs.md) */
export const MAX_ATTRIBUTES = 64;
