// What a listener reads about a request: lengths, the estimated time in their own clock (the
// server's clock may run ahead), the rules, and a listener id that is made once and kept.
import { describe, expect, test } from 'vitest';
import { formatDuration, listenerId, requestOutcome, rulesText } from './requests';

describe('formatDuration', () => {
  test('m:ss, and h:mm:ss from an hour', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(12_000)).toBe('0:12');
    expect(formatDuration(183_499)).toBe('3:03');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
  });
});

describe('requestOutcome', () => {
  const at = Date.UTC(2027, 4, 1, 20, 14, 30);
  test('a queued request: the time it plays at, in the listener clock', () => {
    expect(requestOutcome({ status: 'queued', playsAt: at }, 0, 'en-GB', 'UTC')).toBe(
      'Your request plays at about 20:14.',
    );
    // the server runs 2 minutes ahead: the listener's clock says 20:12
    expect(requestOutcome({ status: 'queued', playsAt: at }, 120_000, 'en-GB', 'UTC')).toBe(
      'Your request plays at about 20:12.',
    );
    expect(requestOutcome({ status: 'queued', playsAt: null }, 0)).toBe('Your request is queued.');
  });
  test('a pending request says it waits for approval', () => {
    expect(requestOutcome({ status: 'pending', playsAt: at }, 0, 'en-GB', 'Europe/Berlin')).toBe(
      "Your request waits for the station's approval; approved now, it plays at about 22:14.",
    );
    expect(requestOutcome({ status: 'pending', playsAt: null }, 0)).toBe(
      "Your request waits for the station's approval.",
    );
  });
});

test('rulesText names every limit', () => {
  expect(rulesText({ intervalMin: 10, repeatMin: 60, maxPending: 5 })).toBe(
    'One request per 10 minutes; a file played or requested in the last 60 minutes cannot be requested; at most 5 requests wait.',
  );
});

describe('listenerId', () => {
  const store = () => {
    const m = new Map<string, string>();
    return {
      getItem: (k: string) => m.get(k) ?? null,
      setItem: (k: string, v: string) => void m.set(k, v),
    };
  };
  test('made once, then kept', () => {
    const s = store();
    const first = listenerId(s);
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(listenerId(s)).toBe(first);
  });
  test('a kept value the server would refuse is replaced', () => {
    const s = store();
    s.setItem('paraweb.listener', 'bad id!');
    expect(listenerId(s, () => 'fresh-listener-id')).toBe('fresh-listener-id');
    expect(listenerId(s)).toBe('fresh-listener-id');
  });
  test('without storage (private mode) an id for this page', () => {
    expect(listenerId(undefined, () => 'page-only-id')).toBe('page-only-id');
  });
});
