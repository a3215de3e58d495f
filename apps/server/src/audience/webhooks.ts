// Webhooks (issue #17): each event is one JSON POST to every configured URL, signed with
// HMAC-SHA256 of the body (X-Paraweb-Signature: sha256=<hex>) when a secret is set, retried with
// a growing pause when the receiver fails. Deliveries run off the stream thread and are bounded:
// a receiver that is away costs a few timers, never memory without end.
import crypto from 'node:crypto';

export type WebhookEvent =
  'file.started' | 'dead_air.started' | 'dead_air.ended' | 'listeners.threshold' | 'test';

export interface WebhookOptions {
  urls: readonly string[];
  secret?: string | undefined;
  /** pauses before the 2nd, 3rd ... attempt (ms); one attempt more than there are pauses */
  backoffMs?: readonly number[];
  timeoutMs?: number;
  warn: (msg: string) => void;
}

/** deliveries under way at most; more are dropped with a warning */
const MAX_IN_FLIGHT = 200;

export interface DeliveryResult {
  url: string;
  ok: boolean;
  /** the HTTP status, or the error */
  detail: string;
}

export function signature(secret: string, body: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;
}

export class Webhooks {
  private inFlight = 0;
  private readonly backoff: readonly number[];

  constructor(private readonly opts: WebhookOptions) {
    this.backoff = opts.backoffMs ?? [1000, 5000, 30_000];
  }

  get configured(): boolean {
    return this.opts.urls.length > 0;
  }

  /** Posts the event to every URL, retrying in the background. */
  send(event: WebhookEvent, data: Record<string, unknown>): void {
    if (!this.configured) return;
    const body = this.body(event, data);
    for (const url of this.opts.urls) {
      if (this.inFlight >= MAX_IN_FLIGHT) {
        this.opts.warn(`webhook ${event} to ${url} dropped: too many deliveries under way`);
        continue;
      }
      this.inFlight++;
      void this.deliver(url, event, body, 0).finally(() => this.inFlight--);
    }
  }

  /** One attempt per URL, no retries: what the test command reports. */
  async test(): Promise<DeliveryResult[]> {
    const body = this.body('test', { message: 'paraweb webhook test' });
    return Promise.all(this.opts.urls.map((url) => this.attempt(url, 'test', body)));
  }

  private body(event: WebhookEvent, data: Record<string, unknown>): string {
    return JSON.stringify({ event, at: new Date().toISOString(), data });
  }

  private async deliver(url: string, event: string, body: string, n: number): Promise<void> {
    const r = await this.attempt(url, event, body);
    if (r.ok) return;
    const pause = this.backoff[n];
    if (pause === undefined) {
      this.opts.warn(`webhook ${event} to ${url} failed after ${n + 1} attempts: ${r.detail}`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, pause).unref());
    return this.deliver(url, event, body, n + 1);
  }

  private async attempt(url: string, event: string, body: string): Promise<DeliveryResult> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'paraweb-webhook',
      'x-paraweb-event': event,
    };
    if (this.opts.secret) headers['x-paraweb-signature'] = signature(this.opts.secret, body);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
      });
      await res.body?.cancel();
      return { url, ok: res.status >= 200 && res.status < 300, detail: `HTTP ${res.status}` };
    } catch (err) {
      const cause =
        err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
      return {
        url,
        ok: false,
        detail: `${err instanceof Error ? err.message : String(err)}${cause}`,
      };
    }
  }
}

/** Listener counts crossing the thresholds (up or down) become events. */
export class ThresholdWatch {
  private last = 0;

  constructor(
    private readonly thresholds: readonly number[],
    private readonly fire: (data: {
      threshold: number;
      listeners: number;
      direction: 'up' | 'down';
    }) => void,
  ) {}

  update(listeners: number): void {
    const before = this.last;
    this.last = listeners;
    for (const t of this.thresholds) {
      if (before < t && listeners >= t) this.fire({ threshold: t, listeners, direction: 'up' });
      else if (before >= t && listeners < t)
        this.fire({ threshold: t, listeners, direction: 'down' });
    }
  }
}
