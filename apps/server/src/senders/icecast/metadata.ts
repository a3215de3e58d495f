// Title updates through Icecast's admin interface (GET /admin/metadata?mode=updinfo&song=...):
// Icecast puts the title into the ICY metadata of its mp3/aac listeners and into its status.
import http from 'node:http';
import type { SenderLog } from './source.js';
import type { IcecastTarget } from './target.js';
import { basicAuth } from './target.js';

const TIMEOUT_MS = 5000;
/** right after a source is accepted Icecast may not have started its mount yet */
const RETRIES = 5;
const RETRY_MS = 500;

export interface MetadataAnswer {
  ok: boolean;
  /** Icecast's <message>, or why there was none */
  message: string;
}

/** One updinfo request; never rejects. */
export function updateTitle(
  target: IcecastTarget,
  admin: { user: string; password: string },
  title: string,
): Promise<MetadataAnswer> {
  const path =
    `/admin/metadata?mount=${encodeURIComponent(target.mount)}&mode=updinfo` +
    `&song=${encodeURIComponent(title)}`;
  return new Promise((resolve) => {
    const req = http.get(
      {
        host: target.host,
        port: target.port,
        path,
        headers: { Authorization: basicAuth(admin), 'User-Agent': 'paraweb' },
        timeout: TIMEOUT_MS,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          if (body.length < 4096) body += d;
        });
        res.on('end', () => {
          const message =
            /<message>([^<]*)<\/message>/.exec(body)?.[1] ?? body.trim().slice(0, 200);
          if (res.statusCode === 401) {
            resolve({ ok: false, message: `admin credentials refused (401): ${message}` });
          } else {
            resolve({
              ok: /<return>1<\/return>/.test(body),
              message: message || `HTTP ${res.statusCode}`,
            });
          }
        });
        res.on('error', (err) => resolve({ ok: false, message: err.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer from Icecast')));
    req.on('error', (err) => resolve({ ok: false, message: err.message }));
  });
}

/**
 * The title updates of one mount, one request at a time: a title that comes while a request is
 * under way waits, and only the latest is sent.
 */
export class TitleUpdater {
  /** the last answer, for the status */
  last: { title: string; answer: MetadataAnswer } | undefined;
  private wanted: string | undefined;
  private busy = false;

  constructor(
    private readonly target: IcecastTarget,
    private readonly admin: () => { user: string; password: string },
    private readonly log: SenderLog,
    private readonly live: () => boolean,
  ) {}

  set(title: string): void {
    this.wanted = title;
    if (!this.busy) void this.run();
  }

  private async run(): Promise<void> {
    this.busy = true;
    try {
      while (this.wanted !== undefined) {
        const title = this.wanted;
        this.wanted = undefined;
        let answer = await updateTitle(this.target, this.admin(), title);
        for (
          let i = 0;
          i < RETRIES && !answer.ok && /not available|does not exist/i.test(answer.message);
          i++
        ) {
          await new Promise((r) => setTimeout(r, RETRY_MS));
          if (!this.live() || this.wanted !== undefined) break;
          answer = await updateTitle(this.target, this.admin(), title);
        }
        this.last = { title, answer };
        if (answer.ok) this.log.debug({ mount: this.target.mount, title }, 'icecast title updated');
        else
          this.log.warn(
            { mount: this.target.mount, title },
            `icecast title update failed: ${answer.message}`,
          );
      }
    } finally {
      this.busy = false;
    }
  }
}
