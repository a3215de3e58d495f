// server.log over real HTTP, fed by a real pino logger (createLogger) writing to a log file: the
// newest lines, oldest first, the limit, permissions; the ring keeps only its capacity.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TRPCClientError } from '@trpc/client';
import { startTestApi, type TestApi } from '../../../test/api.js';
import { tempDir } from '../../../test/db.js';
import { createLogger } from '../../log.js';
import { LOG_RING, LogRing } from '../../log-ring.js';

function code(err: unknown): string | undefined {
  return err instanceof TRPCClientError
    ? (err.data as { code?: string } | undefined)?.code
    : undefined;
}

/** resolves when the (asynchronous) log file holds `text` */
async function fileHolds(file: string, text: string): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes(text)) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return false;
}

describe('log ring', () => {
  const dir = tempDir('paraweb-log-ring-');
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('keeps the newest lines in order; the log file still gets every line', async () => {
    const ring = new LogRing(5);
    const logfile = path.join(dir, 'a.log');
    const { logger } = createLogger({ loglevel: 'info', logfile }, ring);
    for (let i = 1; i <= 12; i++) logger.info({ n: i }, `line ${i}`);
    logger.debug('not logged at level info');
    const lines = ring.entries();
    assert.deepEqual(
      lines.map((l) => [l.seq, l.msg, l.details, l.level]),
      [8, 9, 10, 11, 12].map((n) => [n, `line ${n}`, `{"n":${n}}`, 'info']),
    );
    assert.deepEqual(
      ring.entries(2).map((l) => l.msg),
      ['line 11', 'line 12'],
    );
    assert.ok(!Number.isNaN(Date.parse(lines[0]!.time)));
    assert.ok(await fileHolds(logfile, '"msg":"line 1"'), 'the log file has the first line');
    assert.ok(await fileHolds(logfile, '"msg":"line 12"'));
  });

  test('the level follows setLevel; long and non-JSON lines are kept short and readable', async () => {
    const ring = new LogRing(10);
    const logfile = path.join(dir, 'b.log');
    const handle = createLogger({ loglevel: 'warning', logfile }, ring);
    handle.logger.info('hidden');
    handle.logger.warn('shown');
    handle.setLevel('debug');
    handle.logger.debug('now shown');
    ring.write(`not json ${'x'.repeat(10_000)}\n`);
    const lines = ring.entries();
    assert.deepEqual(
      lines.map((l) => [l.level, l.msg.slice(0, 8)]),
      [
        ['warn', 'shown'],
        ['debug', 'now show'],
        ['info', 'not json'],
      ],
    );
    assert.ok(lines[2]!.msg.length < 4_100);
    assert.throws(() => new LogRing(0), /capacity/);
    // the file destination opens asynchronously: let it finish before the directory goes
    assert.ok(await fileHolds(logfile, 'now shown'));
  });
});

describe('server.log', () => {
  let api: TestApi;
  const dir = tempDir('paraweb-server-log-');
  const marker = `marker-${process.pid}-${Date.now()}`;
  before(async () => {
    api = await startTestApi();
    // the process ring, as para_server's logger feeds it
    const logfile = path.join(dir, 'c.log');
    const { logger } = createLogger({ loglevel: 'info', logfile });
    logger.warn({ user: 'someone' }, `${marker} first`);
    logger.error(`${marker} second`);
    assert.ok(await fileHolds(logfile, `${marker} second`));
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a user with VSS_READ reads the newest lines, oldest first', async () => {
    const client = api.client({ cookie: await api.login('reader') });
    try {
      const out = await client.trpc.server.log.query();
      assert.equal(out.capacity, LOG_RING.capacity);
      const mine = out.lines.filter((l) => l.msg.startsWith(marker));
      assert.deepEqual(
        mine.map((l) => [l.level, l.msg, l.details]),
        [
          ['warn', `${marker} first`, '{"user":"someone"}'],
          ['error', `${marker} second`, ''],
        ],
      );
      assert.ok(mine[0]!.seq < mine[1]!.seq);
      const last = await client.trpc.server.log.query({ limit: 1 });
      assert.deepEqual(
        last.lines.map((l) => l.msg),
        [`${marker} second`],
      );
    } finally {
      client.close();
    }
  });

  test('no login: 401; no VSS_READ: 403; a bad limit: 400 naming the field', async () => {
    assert.equal((await fetch(`${api.url}/trpc/server.log`)).status, 401);
    const nobody = api.client({ cookie: await api.login('nobody') });
    const admin = api.client({ cookie: await api.login('admin') });
    try {
      await assert.rejects(nobody.trpc.server.log.query(), (err) => {
        assert.equal(code(err), 'FORBIDDEN');
        assert.match(String(err), /server\.log needs VSS_READ/);
        return true;
      });
      await assert.rejects(admin.trpc.server.log.query({ limit: 0 }), (err) => {
        assert.equal(code(err), 'BAD_REQUEST');
        assert.match(String(err), /limit: must be at least 1/);
        return true;
      });
    } finally {
      nobody.close();
      admin.close();
    }
  });
});

describe('what the web API logs', () => {
  const dir = tempDir('paraweb-web-log-');
  const ring = new LogRing(100);
  const handle = createLogger({ loglevel: 'info', logfile: path.join(dir, 'd.log') }, ring);
  let api: TestApi;
  before(async () => {
    api = await startTestApi({ extra: { logger: handle.logger } });
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('at level info: logins, not the requests the dashboard polls with', async () => {
    const cookie = await api.login('reader');
    const client = api.client({ cookie });
    try {
      for (let i = 0; i < 5; i++) await client.trpc.server.log.query();
      const bad = await fetch(`${api.url}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-paraweb-csrf': '1' },
        body: JSON.stringify({ user: 'reader', password: 'wrong password' }),
      });
      assert.equal(bad.status, 401);
      const msgs = ring.entries().map((l) => `${l.level} ${l.msg} ${l.details}`);
      assert.deepEqual(
        msgs.filter((m) => /request/.test(m)),
        [],
        'no request lines at info',
      );
      assert.ok(
        msgs.some((m) => /^info web login .*"user":"reader"/.test(m)),
        msgs.join('\n'),
      );
      assert.ok(msgs.some((m) => /^warn web login failed .*"user":"reader"/.test(m)));
      // an operator who wants them sets the level to debug
      handle.setLevel('debug');
      await client.trpc.server.log.query();
      const debug = ring.entries().filter((l) => l.msg === 'web request');
      assert.ok(debug.length > 0);
      assert.equal(debug[0]!.level, 'debug');
      assert.match(debug[0]!.details, /"url":"\/trpc\/server\.log/);
    } finally {
      handle.setLevel('info');
      client.close();
    }
  });
});
