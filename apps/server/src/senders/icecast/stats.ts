// The listeners of the Icecast targets (issue #17), as Icecast counts them: every 10 s each target
// whose source is up is asked GET /admin/stats?mount=<mount> (the admin login of --icecast-admin,
// else the target's source login, which Icecast 2.4 accepts for its own mount) and the count goes
// to the audience as output `icecast:<mount>`. A target that is down or does not answer counts
// as absent, not as 0 listeners.
import http from 'node:http';
import { OUTPUTS, type ListenerTap } from '../listener-tap.js';
import type { SenderLog } from './source.js';
import type { IcecastTarget } from './target.js';
import { basicAuth, formatIcecastTarget } from './target.js';

export const STATS_EVERY_MS = 10_000;
const TIMEOUT_MS = 5000;
/** an answer longer than this is not Icecast's stats of one mount */
const MAX_BYTES = 256 * 1024;

export type StatsAnswer = { ok: true; listeners: number } | { ok: false; message: string };

/** The listeners of one mount from Icecast's /admin/stats; never rejects. */
export function readListeners(
  target: IcecastTarget,
  login: { user: string; password: string },
): Promise<StatsAnswer> {
  const path = `/admin/stats?mount=${encodeURIComponent(target.mount)}`;
  return new Promise((resolve) => {
    const req = http.get(
      {
        host: target.host,
        port: target.port,
        path,
        headers: { Authorization: basicAuth(login), 'User-Agent': 'paraweb' },
        timeout: TIMEOUT_MS,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          if (body.length < MAX_BYTES) body += d;
          else req.destroy(new Error('answer too long'));
        });
        res.on('end', () => {
          if (res.statusCode !== 200) {
            resolve({ ok: false, message: `HTTP ${res.statusCode} from /admin/stats` });
            return;
          }
          const n = mountListeners(body, target.mount);
          resolve(
            n === undefined
              ? { ok: false, message: `no mount ${target.mount} in the stats` }
              : { ok: true, listeners: n },
          );
        });
        res.on('error', (err) => resolve({ ok: false, message: err.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer from Icecast')));
    req.on('error', (err) => resolve({ ok: false, message: err.message }));
  });
}

/** `<source mount="/x">...<listeners>N</listeners>...</source>` of the stats XML */
export function mountListeners(xml: string, mount: string): number | undefined {
  for (const m of xml.matchAll(/<source\s+mount="([^"]*)"\s*>([\s\S]*?)<\/source>/g)) {
    if (unescapeXml(m[1]!) !== mount) continue;
    const n = /<listeners>(\d+)<\/listeners>/.exec(m[2]!)?.[1];
    return n === undefined ? undefined : Number(n);
  }
  return undefined;
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

export interface StatsTarget {
  target: IcecastTarget;
  /** the source connection is accepted now */
  up(): boolean;
}

/** Asks Icecast for the targets' listeners every STATS_EVERY_MS while the sender is on. */
export class IcecastStats {
  private timer: NodeJS.Timeout | undefined;
  private on = false;
  private busy = false;
  /** outputs reported so far, so that a target gone is reported gone */
  private readonly reported = new Set<string>();
  /** the last failure per target, warned once until it answers again */
  private readonly failing = new Set<string>();

  constructor(
    private readonly opts: {
      tap: ListenerTap;
      targets: () => readonly StatsTarget[];
      admin: () => { user: string; password: string } | undefined;
      log: SenderLog;
      everyMs?: number;
    },
  ) {}

  start(): void {
    if (this.on) return;
    this.on = true;
    this.timer = setInterval(() => void this.poll(), this.opts.everyMs ?? STATS_EVERY_MS);
    this.timer.unref();
    void this.poll();
  }

  stop(): void {
    this.on = false;
    clearInterval(this.timer);
    this.timer = undefined;
    for (const output of this.reported) this.opts.tap.counted(output, undefined);
    this.reported.clear();
  }

  /** One round: every target asked at once. */
  async poll(): Promise<void> {
    if (this.busy || !this.on) return;
    this.busy = true;
    try {
      const now = new Set<string>();
      await Promise.all(
        this.opts.targets().map(async (t) => {
          const output = OUTPUTS.icecast(t.target.mount);
          if (!t.up()) return;
          const a = await readListeners(t.target, this.opts.admin() ?? t.target);
          const name = formatIcecastTarget(t.target);
          if (!a.ok) {
            if (!this.failing.has(name))
              this.opts.log.warn({ target: name }, `icecast listener count: ${a.message}`);
            this.failing.add(name);
            return;
          }
          this.failing.delete(name);
          // a stop while asking: the count is no more
          if (!this.on) return;
          now.add(output);
          this.opts.tap.counted(output, a.listeners);
        }),
      );
      for (const output of this.reported)
        if (!now.has(output)) this.opts.tap.counted(output, undefined);
      this.reported.clear();
      if (this.on) for (const o of now) this.reported.add(o);
    } finally {
      this.busy = false;
    }
  }
}
