// status.burst: what the HTTP sender sent a web player's connection at once, by its listen id.
import { TRPCClientError } from '@trpc/client';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApi, type TestApi } from '../../../test/api.js';
import { HttpSender, SenderTable } from '../../senders/index.js';

/** the tRPC error code of a failed call */
const codeOf = (err: unknown): unknown =>
  err instanceof TRPCClientError ? (err.data as { code?: unknown } | undefined)?.code : undefined;

let api: TestApi;
let http: HttpSender;
before(async () => {
  api = await startTestApi();
  http = new HttpSender({ port: 0, listenAddresses: ['127.0.0.1'] });
  const senders = new SenderTable();
  senders.add(http);
  api.services.senders = senders;
});
after(() => api.close());

test('status.burst answers what the sender remembers, null for an unknown id', async () => {
  const c = api.client({ cookie: await api.login('reader') });
  http.bursts.record('web-1', 8_250_000);
  assert.deepEqual(await c.trpc.status.burst.query({ listen: 'web-1' }), { burstMs: 8250 });
  assert.deepEqual(await c.trpc.status.burst.query({ listen: 'other' }), { burstMs: null });
  const bad = await c.trpc.status.burst.query({ listen: '../x' }).catch((e: unknown) => e);
  assert.equal(codeOf(bad), 'BAD_REQUEST');
  c.close();
});

test('status.burst needs VSS_READ', async () => {
  const c = api.client({ cookie: await api.login('nobody') });
  const err = await c.trpc.status.burst.query({ listen: 'web-1' }).catch((e: unknown) => e);
  assert.equal(codeOf(err), 'FORBIDDEN');
  c.close();
});
