// The API over real HTTP and in process: health, CORS, the server.info query and its failure.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildApiServer, startApiServer, type ApiServices } from './api-server.js';

const services: ApiServices = {
  version: '9.8.7',
  libraryStats: () => Promise.resolve({ files: 42 }),
};

test('server.info answers over real HTTP on an ephemeral port', async () => {
  const server = await startApiServer({ host: '127.0.0.1', port: 0, services });
  try {
    assert.ok(server.port > 0);
    const res = await fetch(`http://127.0.0.1:${server.port}/trpc/server.info`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { result: { data: { version: '9.8.7', files: 42 } } });

    const health = await fetch(`http://127.0.0.1:${server.port}/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
  } finally {
    await server.close();
  }
});

test('batched requests from another origin get CORS headers', async () => {
  const app = await buildApiServer({ services });
  try {
    const res = await app.inject({
      method: 'GET',
      url: '/trpc/server.info?batch=1&input=%7B%7D',
      headers: { origin: 'http://192.0.2.1:3000' },
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['access-control-allow-origin'], 'http://192.0.2.1:3000');
    assert.deepEqual(res.json(), [{ result: { data: { version: '9.8.7', files: 42 } } }]);
  } finally {
    await app.close();
  }
});

test('a failing service becomes a tRPC error, not a crash', async () => {
  const app = await buildApiServer({
    services: { version: '1', libraryStats: () => Promise.reject(new Error('db down')) },
  });
  try {
    const res = await app.inject({ method: 'GET', url: '/trpc/server.info' });
    assert.equal(res.statusCode, 500);
    const body = res.json<{ error: { data: { code: string } } }>();
    assert.equal(body.error.data.code, 'INTERNAL_SERVER_ERROR');
  } finally {
    await app.close();
  }
});

test('close() returns promptly and frees the port', async () => {
  const server = await startApiServer({ host: '127.0.0.1', port: 0, services });
  await server.close();
  await assert.rejects(fetch(`http://127.0.0.1:${server.port}/health`));
});
