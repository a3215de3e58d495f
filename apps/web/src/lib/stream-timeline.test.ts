// The web player's scheduling of title changes: which file the listener hears, and how far behind.
import { expect, test } from 'vitest';
import {
  addStatus,
  burstMs,
  heardEntry,
  listenerLagMs,
  nextOrigin,
  nextSwitchInMs,
  streamStartLocal,
  timevalMs,
  type StreamOrigin,
} from './stream-timeline';

/** a status whose run starts `startInMs` after the server's now (server clock 1e6 s, skewed) */
function status(path: string, title: string, startInMs: number, state = 'playing') {
  const nowS = 1_000_000;
  const start = nowS + startInMs / 1000;
  const [sec, frac = '0'] = start.toFixed(6).split('.');
  return {
    path,
    title,
    status: state,
    format: path.endsWith('.ogg') ? 'ogg' : 'mp3',
    stream_start: `${sec}.${Number(frac)}`,
    current_time: `${nowS}.0`,
  };
}

test('timevals are seconds and unpadded microseconds', () => {
  expect(timevalMs('12.500000')).toBe(12_500);
  expect(timevalMs('12.5')).toBe(12_000.005); // %lu: 5 µs, not half a second
  expect(timevalMs('')).toBeUndefined();
  expect(timevalMs('abc')).toBeUndefined();
});

test('the run start is taken relative to the server clock, so skew does not matter', () => {
  // the browser clock is far from the server's; only stream_start - current_time counts
  expect(streamStartLocal(status('/a.mp3', 'A', 300), 5_000)).toBeCloseTo(5_300, 3);
  expect(streamStartLocal(status('/a.mp3', 'A', -4_000), 5_000)).toBeCloseTo(1_000, 3);
  expect(streamStartLocal({ path: '/a.mp3' }, 5_000)).toBe(5_000);
});

test('a new file is shown only when the playhead reaches it', () => {
  let t = addStatus([], status('/a.mp3', 'A', -30_000), 100_000);
  t = addStatus(t, status('/a.mp3', 'A', -30_000, 'paused'), 101_000); // same file: updated
  expect(t).toHaveLength(1);
  expect(t[0]?.status.status).toBe('paused');
  // next: no file for a moment (not heard), then B, which starts 300 ms later
  t = addStatus(t, { status: 'playing', path: '', title: '' }, 109_900);
  expect(t).toHaveLength(1);
  t = addStatus(t, status('/b.mp3', 'B', 300), 110_000);
  expect(t).toHaveLength(2);
  const lag = 10_000;
  // just after the server switched, the listener still hears A for about `lag`
  expect(heardEntry(t, 110_500 - lag)?.status.title).toBe('A');
  expect(nextSwitchInMs(t, 110_500, lag)).toBeCloseTo(9_800, 3);
  expect(heardEntry(t, 120_200 - lag)?.status.title).toBe('A');
  expect(heardEntry(t, 120_400 - lag)?.status.title).toBe('B');
  expect(nextSwitchInMs(t, 120_400, lag)).toBeUndefined();
  // a stop is heard when the buffer has played out too
  t = addStatus(t, { status: 'stopped', path: '' }, 130_000);
  expect(heardEntry(t, 135_000 - lag)?.status.title).toBe('B');
  expect(heardEntry(t, 140_001 - lag)?.status.status).toBe('stopped');
});

test('old entries are dropped but the one heard before them stays', () => {
  let t = addStatus([], status('/a.mp3', 'A', 0), 0);
  for (let i = 1; i <= 20; i++) t = addStatus(t, status(`/${i}.mp3`, `${i}`, 0), i * 12_000);
  expect(t.length).toBeLessThan(13);
  expect(heardEntry(t, 240_000 - 5_000)?.status.title).toBe('19');
});

test('the listener lag is burst + time connected - audio played', () => {
  // joined a long-running stream: 10 s burst, started 0.2 s after connecting, played 5 s since
  expect(listenerLagMs({ burst: 10_000, connectedAt: 0, now: 5_200, currentTimeS: 5 })).toBe(
    10_200,
  );
  // a stall of 2 s adds 2 s
  expect(listenerLagMs({ burst: 10_000, connectedAt: 0, now: 7_200, currentTimeS: 5 })).toBe(
    12_200,
  );
});

test('the burst is what the sender had streamed since its ring was emptied', () => {
  let o: StreamOrigin = { kind: 'unknown' };
  expect(burstMs(o, 50_000)).toBe(10_000); // joined a running stream
  const stopped = { status: 'stopped', path: '' };
  o = nextOrigin(o, undefined, stopped, 1_000);
  expect(o).toEqual({ kind: 'empty' });
  const a = status('/a.mp3', 'A', 300);
  o = nextOrigin(o, stopped, a, 2_000); // play: the run starts at 2_300
  expect(burstMs(o, 5_300)).toBeCloseTo(3_000, 3);
  expect(burstMs(o, 60_000)).toBe(10_000);
  // mp3 -> mp3 keeps the ring; mp3 -> ogg empties it (the sender closes the connection)
  expect(nextOrigin(o, a, { status: 'playing', path: '' }, 19_000)).toBe(o); // between files
  const b = status('/b.mp3', 'B', 0);
  expect(nextOrigin(o, a, b, 20_000)).toBe(o);
  const c = status('/c.ogg', 'C', 0);
  expect(nextOrigin(o, b, c, 30_000)).toEqual({ kind: 'since', at: 30_000 });
});
