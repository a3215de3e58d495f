// Test helper: reads /api/nowplaying/events as a browser's EventSource would, one view per event.
import type { PublicNowPlaying } from '../src/station/index.js';

export interface EventReader {
  headers: Headers;
  status: number;
  /** the next event's view (that `pick` accepts); rejects after `ms` */
  next(pick?: (v: PublicNowPlaying) => boolean, ms?: number): Promise<PublicNowPlaying>;
  /** resolves when no event comes within `ms`; rejects when one does */
  none(ms: number): Promise<void>;
  /** resolves when the server ends the stream */
  ended(ms?: number): Promise<void>;
  close(): void;
}

export async function readEvents(url: string): Promise<EventReader> {
  const abort = new AbortController();
  const res = await fetch(url, { signal: abort.signal });
  const queue: PublicNowPlaying[] = [];
  let wake: (() => void) | undefined;
  let done = false;
  void (async () => {
    const decoder = new TextDecoder();
    let text = '';
    try {
      for await (const piece of res.body as AsyncIterable<Uint8Array>) {
        text += decoder.decode(piece, { stream: true });
        let end: number;
        while ((end = text.indexOf('\n\n')) >= 0) {
          const block = text.slice(0, end);
          text = text.slice(end + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (/^event: nowplaying$/m.test(block) && data)
            queue.push(JSON.parse(data) as PublicNowPlaying);
        }
        wake?.();
      }
    } catch {
      // aborted by close()
    }
    done = true;
    wake?.();
  })();
  const until = async (cond: () => boolean, ms: number, what: string): Promise<void> => {
    const deadline = Date.now() + ms;
    while (!cond()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${what} within ${ms} ms`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, Math.min(left, 50));
      });
    }
  };
  return {
    headers: res.headers,
    status: res.status,
    async next(pick = () => true, ms = 5_000) {
      let found: PublicNowPlaying | undefined;
      await until(
        () => {
          while (!found && queue.length > 0) {
            const v = queue.shift()!;
            if (pick(v)) found = v;
          }
          return found !== undefined || done;
        },
        ms,
        'no matching event',
      );
      if (!found) throw new Error('the event stream ended');
      return found;
    },
    async none(ms) {
      await new Promise((r) => setTimeout(r, ms));
      if (queue.length > 0) throw new Error(`unexpected event: ${JSON.stringify(queue[0])}`);
    },
    ended: (ms = 5_000) => until(() => done, ms, 'the stream did not end'),
    close: () => abort.abort(),
  };
}
