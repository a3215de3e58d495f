// The listeners' request door (server: transports/http/requests.ts) as the /listen page uses it,
// and the words the page shows. Fetches answer with the server's own reason when it refuses.

/** GET /api/requests */
export interface RequestsInfo {
  enabled: boolean;
  /** the current programme closes requests */
  closed: boolean;
  autoApprove: boolean;
  rules: { intervalMin: number; repeatMin: number; maxPending: number };
  waiting: number;
}

/** one file of GET /api/requests/search */
export interface RequestableFile {
  id: number;
  title: string;
  artist: string;
  album: string;
  durationMs: number;
  /** path of the cover on the API, or null */
  cover: string | null;
}

/** POST /api/requests */
export interface RequestAnswer {
  id: number;
  status: 'queued' | 'pending';
  /** server time (ms) when it should start, from the queue and the files' exact durations */
  playsAt: number | null;
}

/** a request's length as m:ss (h:mm:ss from an hour) */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** a time of day without seconds ("about 20:14"), in the reader's locale */
export function formatClock(ms: number, locale?: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone }).format(
    new Date(ms),
  );
}

/**
 * What the listener reads after a request. `skewMs` is how far the server's clock runs ahead of
 * the browser's (the station feed measures it), so the time is the listener's own clock.
 */
export function requestOutcome(
  a: Pick<RequestAnswer, 'status' | 'playsAt'>,
  skewMs: number,
  locale?: string,
  timeZone?: string,
): string {
  const at = a.playsAt === null ? undefined : formatClock(a.playsAt - skewMs, locale, timeZone);
  if (a.status === 'queued')
    return at ? `Your request plays at about ${at}.` : 'Your request is queued.';
  return at
    ? `Your request waits for the station's approval; approved now, it plays at about ${at}.`
    : "Your request waits for the station's approval.";
}

/** the rules in one sentence, before the listener asks */
export function rulesText(r: RequestsInfo['rules']): string {
  return (
    `One request per ${r.intervalMin} minutes; a file played or requested in the last ` +
    `${r.repeatMin} minutes cannot be requested; at most ${r.maxPending} requests wait.`
  );
}

const ID_KEY = 'paraweb.listener';

/** 16 random bytes in hex (getRandomValues: randomUUID needs a secure context, a LAN page is not) */
function randomId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}
const ID_RULE = /^[\w-]{8,64}$/;

/** this browser's listener id (the per-listener limit), kept in `storage`; made once */
export function listenerId(
  storage: Pick<Storage, 'getItem' | 'setItem'> | undefined,
  random: () => string = randomId,
): string {
  const kept = storage?.getItem(ID_KEY);
  if (kept && ID_RULE.test(kept)) return kept;
  const id = random();
  try {
    storage?.setItem(ID_KEY, id);
  } catch {
    // private mode: an id for this page only
  }
  return id;
}

/** fetches JSON from the request door; a refusal throws an Error with the server's reason */
export async function requestsFetch<T>(
  apiUrl: string,
  path: string,
  init?: RequestInit,
): Promise<T> {
  const res = await fetch(`${apiUrl}${path}`, { ...init, credentials: 'omit', cache: 'no-store' });
  const body = (await res.json().catch(() => ({}))) as { error?: unknown };
  if (!res.ok) {
    const reason =
      typeof body.error === 'string'
        ? body.error
        : res.status === 413
          ? 'the request is too large'
          : `the station answered ${res.status}`;
    throw new Error(reason);
  }
  return body as T;
}

/** takes a one-time token and sends the request */
export async function sendRequest(
  apiUrl: string,
  fileId: number,
  listener: string,
): Promise<RequestAnswer> {
  const { token } = await requestsFetch<{ token: string }>(apiUrl, '/api/requests/token');
  return requestsFetch<RequestAnswer>(apiUrl, '/api/requests', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fileId, token, listener }),
  });
}
