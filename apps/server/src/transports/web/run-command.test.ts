// Running commands for web users over one long-lived connection (a socket.io socket's signal):
// denied commands create no job and no progress event, and a finished job leaves no listener on
// the connection's signal (a listener per command was a leak of ~1.35 KB per command).
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { after, before, test } from 'node:test';
import { startTestApi, USERS, type TestApi } from '../../../test/api.js';
import type { JobUpdate } from './jobs.js';
import { runWebCommand } from './run-command.js';

let api: TestApi;
before(async () => {
  api = await startTestApi();
});
after(async () => {
  await api.close();
});

function collectUpdates(): { updates: JobUpdate[]; stop(): void } {
  const updates: JobUpdate[] = [];
  const on = (u: JobUpdate): void => void updates.push(u);
  api.api.jobs.on('update', on);
  return { updates, stop: () => api.api.jobs.off('update', on) };
}

test('a denied mutation creates no job, no progress event and no listener', async () => {
  const connection = new AbortController();
  const seen = collectUpdates();
  const reader = { name: 'reader', perms: USERS.reader };
  try {
    for (let i = 0; i < 200; i++) {
      await assert.rejects(
        runWebCommand(
          api.api,
          api.commands.lookup('setatt'),
          reader,
          { args: ['x+', '*'] },
          {
            signal: connection.signal,
          },
        ),
        (err: Error & { code?: string }) => err.code === 'E_PERMISSION',
      );
    }
  } finally {
    seen.stop();
  }
  assert.deepEqual(seen.updates, []);
  assert.deepEqual(api.api.jobs.list(), []);
  assert.equal(getEventListeners(connection.signal, 'abort').length, 0);
});

test('finished jobs leave no abort listener on the connection', async () => {
  const connection = new AbortController();
  const admin = { name: 'admin', perms: USERS.admin };
  const seen = collectUpdates();
  try {
    const run = (command: string, args: string[]): Promise<unknown> =>
      runWebCommand(
        api.api,
        api.commands.lookup(command),
        admin,
        { args },
        {
          signal: connection.signal,
        },
      );
    for (let i = 0; i < 150; i++) {
      // two that succeed and one that fails: each ends its job
      await run('addatt', [`a${i}`]);
      await run('rmatt', [`a${i}`]);
      await assert.rejects(run('rmatt', ['none-such']));
    }
  } finally {
    seen.stop();
  }
  assert.equal(getEventListeners(connection.signal, 'abort').length, 0);
  assert.deepEqual(api.api.jobs.list(), []);
  // every job ended with a final update
  const ended = seen.updates.filter((u) => u.state !== 'running').length;
  assert.equal(ended, 450, 'one final update per job');
});
