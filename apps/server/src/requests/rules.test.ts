// Every request rule refuses on its own, with words a listener understands.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RequestAttempt, RequestFact } from './rules.js';
import { checkRequest, startOf } from './rules.js';

const RULES = { intervalMin: 10, repeatMin: 60, maxPending: 3 };
const NOW = Date.parse('2027-05-01T12:00:00Z');
const MIN = 60_000;

function attempt(p: Partial<RequestAttempt> = {}): RequestAttempt {
  return {
    now: NOW,
    file: { id: 1, requestable: true, lastPlayed: 0, numPlayed: 0, artist: 'A' },
    source: 'listener:x',
    address: '10.0.0.1',
    requests: [],
    closed: false,
    artistSeparation: 0,
    recentArtists: [],
    ...p,
  };
}
const req = (p: Partial<RequestFact>): RequestFact => ({
  fileId: 9,
  createdAt: NOW - 30 * MIN,
  source: 'listener:other',
  address: '10.0.0.9',
  status: 'queued',
  artist: 'Z',
  ...p,
});
const reason = (a: RequestAttempt): string => {
  const v = checkRequest(RULES, a);
  return v.ok ? 'ok' : v.reason;
};

test('a request that breaks no rule is accepted', () => {
  assert.equal(reason(attempt()), 'ok');
});

test('each rule refuses with its reason', () => {
  const f = attempt().file;
  assert.equal(
    reason(attempt({ file: { ...f, requestable: false } })),
    'this file cannot be requested',
  );
  assert.equal(reason(attempt({ closed: true })), 'requests are closed during this programme');
  assert.match(
    reason(
      attempt({ requests: [req({}), req({ fileId: 8 }), req({ fileId: 7, status: 'pending' })] }),
    ),
    /the request queue is full \(3 waiting\)/,
  );
  assert.equal(
    reason(attempt({ requests: [req({ source: 'listener:x', createdAt: NOW - 4 * MIN })] })),
    'one request per 10 minutes from you; try again in 6 minutes',
  );
  assert.equal(
    reason(attempt({ requests: [req({ address: '10.0.0.1', createdAt: NOW - 9.5 * MIN })] })),
    'one request per 10 minutes from your address; try again in 1 minute',
  );
  assert.equal(
    reason(attempt({ file: { ...f, numPlayed: 2, lastPlayed: (NOW - 59 * MIN) / 1000 } })),
    'this file was played in the last 60 minutes',
  );
  assert.equal(
    reason(attempt({ requests: [req({ fileId: 1 })] })),
    'this file was requested already',
  );
  assert.equal(
    reason(attempt({ artistSeparation: 2, recentArtists: ['a', 'b'] })),
    'this artist was played or requested too recently',
  );
  assert.equal(
    reason(attempt({ artistSeparation: 2, requests: [req({ artist: ' a ' })] })),
    'this artist was played or requested too recently',
  );
});

test('the limits end when their time is up; rejected requests do not count', () => {
  const f = attempt().file;
  assert.equal(
    reason(attempt({ requests: [req({ source: 'listener:x', createdAt: NOW - 10 * MIN })] })),
    'ok',
  );
  assert.equal(
    reason(attempt({ file: { ...f, numPlayed: 1, lastPlayed: (NOW - 61 * MIN) / 1000 } })),
    'ok',
  );
  assert.equal(
    reason(
      attempt({ requests: [req({ fileId: 1, status: 'played', createdAt: NOW - 70 * MIN })] }),
    ),
    'ok',
  );
  assert.equal(
    reason(attempt({ requests: [req({ fileId: 1, status: 'rejected', source: 'listener:x' })] })),
    'ok',
  );
  // an address-less listener (unknown) is not matched by address
  assert.equal(
    reason(attempt({ address: '', requests: [req({ address: '', createdAt: NOW })] })),
    'ok',
  );
  // artist separation further back than the mood asks is fine
  assert.equal(reason(attempt({ artistSeparation: 1, recentArtists: ['a', 'b'] })), 'ok');
});

test('a request starts after the current file and the exact durations of those before it', () => {
  const waiting = [
    { id: 4, durationMs: 183_250 },
    { id: 2, durationMs: 61_001 },
    { id: 7, durationMs: 5_000 },
  ];
  assert.equal(startOf(waiting, 4, NOW), NOW);
  assert.equal(startOf(waiting, 2, NOW), NOW + 183_250);
  assert.equal(startOf(waiting, 7, NOW), NOW + 183_250 + 61_001);
  assert.equal(startOf(waiting, 9, NOW), undefined);
});
