// Long work over the web: `add` as a job subscription reports progress, ends with the typed
// result, and can be cancelled by id or by unsubscribing; dashboards follow it on socket.io.
import { TRPCClientError } from '@trpc/client';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestApi, waitForEvent, type Client, type TestApi } from '../../../test/api.js';
import { tempDir } from '../../../test/db.js';
import { makeTinyLibrary } from '../../../test/tiny-library.js';
import type { JobEvent } from './command-procedures.js';
import type { JobUpdate } from '../web/index.js';

type AddEvent = JobEvent<{ added: number; cancelled: boolean; scanned: number }>;

/** subscribes to jobs.afs.add and collects its events until done or error */
function runAddJob(
  trpc: Client,
  args: string[],
  onEvent: (e: AddEvent, unsubscribe: () => void) => void = () => {},
): Promise<AddEvent[]> {
  return new Promise((resolve, reject) => {
    const events: AddEvent[] = [];
    const sub = trpc.jobs.afs.add.subscribe(
      { args },
      {
        onData(e) {
          events.push(e);
          onEvent(e, () => {
            sub.unsubscribe();
            resolve(events);
          });
          if (e.type === 'done') resolve(events);
        },
        onError: reject,
      },
    );
  });
}

describe('add as a job', () => {
  let api: TestApi;
  let admin: { trpc: Client; close(): void };
  let reader: { trpc: Client; close(): void };
  const dir = tempDir('paraweb-jobs-');
  const COUNT = 5000;
  before(async () => {
    api = await startTestApi();
    admin = api.client({ cookie: await api.login('admin') });
    reader = api.client({ cookie: await api.login('reader') });
    makeTinyLibrary(path.join(dir, 'a'), 1200);
    makeTinyLibrary(path.join(dir, 'b'), COUNT);
    makeTinyLibrary(path.join(dir, 'c'), COUNT);
  });
  after(async () => {
    admin.close();
    reader.close();
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('reports progress while it runs and ends with the result; dashboards see it too', async () => {
    const socket = api.socket({ cookie: await api.login('reader') });
    await waitForEvent<void>((l) => (socket.on('connect', l), () => socket.off('connect', l)));
    const updates: JobUpdate[] = [];
    socket.on('afs:add-progress', (u) => updates.push(u));
    const changes: number[] = [];
    socket.on('afs:change', (b) => changes.push(b.changes.length + b.more));
    const finished = waitForEvent<JobUpdate>(
      (l) => (socket.on('afs:add-progress', l), () => socket.off('afs:add-progress', l)),
      (u) => u.state !== 'running',
    );

    const events = await runAddJob(admin.trpc, [path.join(dir, 'a')]);
    assert.equal(events[0]?.type, 'started');
    const progress = events.filter((e) => e.type === 'progress');
    assert.ok(progress.length >= 1, 'at least one progress event before the end');
    const added = progress.map((e) => (e.type === 'progress' ? e.progress.added! : 0));
    assert.deepEqual(
      [...added].sort((x, y) => x - y),
      added,
      'counters only grow',
    );
    const done = events.at(-1)!;
    assert.equal(done.type, 'done');
    if (done.type === 'done') {
      assert.equal(done.output.added, 1200);
      assert.equal(done.output.cancelled, false);
      assert.match(done.text, /1200 files scanned: 1200 added/);
    }
    const last = await finished;
    assert.equal(last.state, 'done');
    assert.equal(last.job.command, 'add');
    assert.equal(last.job.user, 'admin');
    assert.equal(last.progress.added, 1200);
    assert.ok(updates.some((u) => u.state === 'running'));
    // database changes arrived in batches, not one message per file
    await waitForEvent<void>((l) => {
      const t = setInterval(() => changes.reduce((a, b) => a + b, 0) >= 1200 && l(), 20);
      return () => clearInterval(t);
    });
    assert.ok(changes.length < 100, `${changes.length} afs:change messages`);
    socket.disconnect();
  });

  test('jobs.cancel stops it: the result says cancelled and not every file was added', async () => {
    let cancelled: Promise<unknown> | undefined;
    const events = await runAddJob(admin.trpc, [path.join(dir, 'b')], (e) => {
      if (e.type === 'started') {
        // another user cannot cancel it
        cancelled = reader.trpc.jobs.cancel.mutate({ id: e.job.id }).then(
          () => assert.fail('reader cancelled the admin job'),
          (err: unknown) => {
            assert.ok(err instanceof TRPCClientError && /no running job/.test(err.message));
            return admin.trpc.jobs.cancel.mutate({ id: e.job.id });
          },
        );
      }
    });
    await cancelled;
    const done = events.at(-1)!;
    assert.equal(done.type, 'done');
    if (done.type === 'done') {
      assert.equal(done.output.cancelled, true);
      assert.ok(done.output.added < COUNT, `${done.output.added} added`);
      assert.match(done.text, /^cancelled: /m);
    }
  });

  test('unsubscribing cancels it as well', async () => {
    const ended = waitForEvent<JobUpdate>(
      (l) => (api.api.jobs.on('update', l), () => api.api.jobs.off('update', l)),
      (u) => u.state !== 'running',
    );
    await runAddJob(admin.trpc, [path.join(dir, 'c')], (e, unsubscribe) => {
      if (e.type === 'started') unsubscribe();
    });
    const last = await ended;
    assert.equal(last.state, 'cancelled');
    assert.ok((last.progress.added ?? 0) < COUNT);
    assert.deepEqual(api.api.jobs.list(), []);
  });

  test('a reader may not start the job (403 before anything runs)', async () => {
    await assert.rejects(runAddJob(reader.trpc, [path.join(dir, 'a')]), (err: unknown) => {
      return err instanceof TRPCClientError && /permission denied: add needs/.test(err.message);
    });
  });
});
