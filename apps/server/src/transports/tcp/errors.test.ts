// An unexpected exception in a command, through the command port: the server's log has it once,
// with its stack; the client gets the usual one-line message and a failed exit.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import type { ServerControl } from '../../commands/index.js';
import type { KeyFiles, TestServer } from './test-util.js';
import { collect, nodeKeys, startTestServer } from './test-util.js';
import { tempDir } from '../../../test/db.js';

/** a bug deep in a service: not a ParaError, so no door expects it */
function failingHup(): Promise<void> {
  return Promise.reject(new TypeError('cannot read properties of undefined (reading "size")'));
}

describe('command port: unexpected errors', () => {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (s: string) => void lines.push(s) });
  let t: TestServer;
  let keys: KeyFiles;

  before(async () => {
    const dir = tempDir('paraweb-tcp-errors-');
    keys = nodeKeys(dir, 'alice');
    const control: ServerControl = {
      hup: failingHup,
      terminate: () => {},
      loglevel: () => 'debug',
      played: () => 0,
      connections: () => ({ active: 0, authenticated: 0, total: 0 }),
      tasks: () => [],
    };
    t = await startTestServer([`user alice ${keys.pub} AFS_READ,AFS_WRITE,VSS_READ,VSS_WRITE`], {
      dir,
      control,
      logger,
    });
  });
  after(() => t.close());

  test('logged once with its stack; the client sees the message only', async () => {
    const r = await collect(t.client('alice', keys.key), ['hup']);
    assert.equal(r.success, false);
    assert.deepEqual(
      r.logs.map((l) => l.text),
      ['cannot read properties of undefined (reading "size")\n'],
    );
    assert.doesNotMatch(r.logs[0]!.text, /at |TypeError/);
    const logged = lines
      .map((l) => JSON.parse(l) as { level: number; msg: string; err?: { stack?: string } })
      .filter((l) => l.err?.stack?.includes('cannot read properties of undefined'));
    assert.equal(logged.length, 1, lines.join(''));
    assert.equal(logged[0]!.level, 50); // error
    assert.match(logged[0]!.err!.stack!, /^TypeError: cannot read .*\n\s+at (Object\.)?failingHup/);
  });

  test('an expected error (permission, syntax) is not logged as a failure', async () => {
    const before = lines.length;
    const r = await collect(t.client('alice', keys.key), ['rmatt']);
    assert.equal(r.success, false);
    const errors = lines
      .slice(before)
      .filter((l) => (JSON.parse(l) as { level: number }).level >= 50);
    assert.deepEqual(errors, []);
  });
});
