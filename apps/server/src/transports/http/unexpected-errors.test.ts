// An unexpected exception in a command through the web doors (tRPC and socket.io): the log has
// it once, with its stack; the caller gets the usual one-line message, never the stack.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { startTestApi, type TestApi } from '../../../test/api.js';

const MESSAGE = 'cannot read properties of undefined (reading "size")';

/** a bug deep in a service: not a ParaError, so no door expects it */
function failingHup(): Promise<void> {
  return Promise.reject(new TypeError(MESSAGE));
}

interface Line {
  level: number;
  err?: { stack?: string };
}

describe('web doors: unexpected errors', () => {
  const lines: Line[] = [];
  const logger = pino(
    { level: 'warn' },
    { write: (s: string) => void lines.push(JSON.parse(s) as Line) },
  );
  let t: TestApi;
  let cookie: string;

  before(async () => {
    t = await startTestApi({ extra: { logger } });
    t.services.server.control = {
      hup: failingHup,
      terminate: () => {},
      loglevel: () => 'warning',
      played: () => 0,
      connections: () => ({ active: 0, authenticated: 0, total: 0 }),
      tasks: () => [],
    };
    cookie = await t.login('admin');
  });
  after(() => t.close());

  const logged = (from: number): Line[] =>
    lines.slice(from).filter((l) => l.err?.stack?.includes(MESSAGE));

  test('tRPC: logged once with its stack; the caller sees the message only', async () => {
    const from = lines.length;
    const c = t.client({ cookie });
    try {
      await assert.rejects(c.trpc.server.hup.mutate({}), (err: Error) => err.message === MESSAGE);
    } finally {
      c.close();
    }
    const found = logged(from);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.level, 50);
    assert.match(found[0]!.err!.stack!, /^TypeError: .*\n\s+at (Object\.)?failingHup/);
  });

  test('socket.io: logged once with its stack; the caller sees the message only', async () => {
    const from = lines.length;
    const socket = t.socket({ cookie });
    try {
      const answer = await new Promise<unknown>((resolve) =>
        socket.emit('command', { command: 'hup', input: {} }, resolve),
      );
      assert.deepEqual(answer, { ok: false, error: { code: 'E_IO', message: MESSAGE } });
      assert.doesNotMatch(JSON.stringify(answer), /failingHup|TypeError/);
    } finally {
      socket.close();
    }
    const found = logged(from);
    assert.equal(found.length, 1);
    assert.match(found[0]!.err!.stack!, /^TypeError: .*\n\s+at (Object\.)?failingHup/);
  });
});
