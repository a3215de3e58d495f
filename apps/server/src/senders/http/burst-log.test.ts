// The burst log: listen ids from request paths, and only the newest connections remembered.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BurstLog, listenId } from './burst-log.js';

test('listen ids come from the query; anything else is ignored', () => {
  assert.equal(listenId('/?listen=mwt1abc-0'), 'mwt1abc-0');
  assert.equal(listenId('/stream?x=1&listen=a_b-2'), 'a_b-2');
  assert.equal(listenId('/'), undefined);
  assert.equal(listenId('/?listen='), undefined);
  assert.equal(listenId('/?listen=%3Cscript%3E'), undefined);
  assert.equal(listenId(`/?listen=${'a'.repeat(65)}`), undefined);
});

test('the newest 256 connections are remembered, in ms', () => {
  const log = new BurstLog();
  for (let i = 0; i < 300; i++) log.record(`id-${i}`, i * 1000 + 400);
  assert.equal(log.burstMs('id-0'), undefined);
  assert.equal(log.burstMs('id-43'), undefined);
  assert.equal(log.burstMs('id-44'), 44);
  assert.equal(log.burstMs('id-299'), 299);
});
