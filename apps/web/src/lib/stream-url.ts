// Where the browser finds the audio stream: PARAWEB_STREAM_URL if set, else the HTTP sender's port
// (server.info) on the host the API is reached by.

/**
 * `${protocol}//${apiHost}:${httpPort}/`. The API's host is what the browser already reaches;
 * the sender listens on every address by default.
 */
export function streamUrl(args: {
  apiUrl: string;
  httpPort: number;
  protocol: string;
  override?: string | undefined;
}): string {
  if (args.override) return args.override;
  const host = new URL(args.apiUrl).hostname; // IPv6 comes with its brackets
  return `${args.protocol}//${host}:${args.httpPort}/`;
}

/** A new id for one connection: the server remembers the burst it sent under it (status.burst). */
export function newListenId(attempt: number): string {
  const random = Math.floor(Math.random() * 36 ** 6).toString(36);
  return `${Date.now().toString(36)}${random}-${attempt}`;
}

/**
 * The stream URL with a query no cache holds, for every (re)connection: a new src makes the
 * browser open a new connection instead of replaying what it has cached for the old one.
 */
export function freshStreamUrl(url: string, listenId: string): string {
  const u = new URL(url);
  u.searchParams.set('listen', listenId);
  return u.toString();
}

/** Backoff between reconnection attempts: 0.5 s, 1 s, 2 s, ... at most 10 s. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(10_000, 500 * 2 ** Math.max(0, attempt - 1));
}
