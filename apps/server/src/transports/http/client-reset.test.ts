// Clients that reset their connection right after the request (the fuzz bench's "events" and
// "reset" conversations): no server error in the log (the rate limiter's key generator threw on
// the missing address: a 500 per reset), no event stream slot kept, and the next client served.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import { startTestApi, type TestApi } from '../../../test/api.js';
import { readEvents } from '../../../test/sse.js';

interface Line {
  level: number;
  msg?: string;
  url?: string;
}

const lines: Line[] = [];
const logger = pino(
  { level: 'warn' },
  { write: (s: string) => void lines.push(JSON.parse(s) as Line) },
);
let t: TestApi;
before(async () => {
  t = await startTestApi({ extra: { logger } });
});
after(() => t.close());

/** sends a request and resets the connection at once */
function requestAndReset(port: number, path: string): Promise<void> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.on('error', () => {});
    s.on('close', () => resolve());
    s.on('connect', () => {
      s.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
      s.resetAndDestroy();
    });
  });
}

test('20 resets on the public routes: no server error, no stream slot kept', async () => {
  const port = Number(new URL(t.url).port);
  for (let i = 0; i < 20; i++)
    await requestAndReset(port, i % 2 ? '/api/nowplaying/events' : '/api/nowplaying');
  await new Promise((r) => setTimeout(r, 500));
  const errors = lines.filter((l) => l.level >= 50);
  assert.deepEqual(errors, [], 'nothing logged as a server error');
  assert.equal(t.openEvents(), 0);
  const events = await readEvents(`${t.url}/api/nowplaying/events`);
  try {
    assert.equal(events.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    assert.equal(t.openEvents(), 1);
  } finally {
    events.close();
  }
});
