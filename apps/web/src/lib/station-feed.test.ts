// The public view as the player's status timeline.
import type { PublicNowPlaying } from '@paraweb/server/station';
import { expect, test } from 'vitest';
import { addStatus, heardEntry } from './stream-timeline';
import { playOfStatus, positionAt, skewOf, viewStatus } from './station-feed';

function view(title: string, startedAt: number, serverTime: number): PublicNowPlaying {
  const play = { title, artist: 'A', album: 'B', duration: 200, cover: null, startedAt };
  return {
    station: { name: 'R', description: '', artwork: null },
    state: 'playing',
    serverTime,
    nowPlaying: { ...play, position: (serverTime - startedAt) / 1000 },
    recent: [play],
    stream: { httpPort: 8000, on: true, relays: false },
  };
}

test('a new play becomes a timeline entry that starts when the file began, on the local clock', () => {
  // server clock 1 h ahead of the browser
  const skew = 3_600_000;
  const local = 1_000_000_000;
  const a = view('One', local + skew - 30_000, local + skew);
  const b = view('Two', local + skew + 60_000, local + skew + 60_000);
  let t = addStatus([], viewStatus(a), local);
  t = addStatus(t, viewStatus(b), local + 60_000);
  expect(t.map((e) => e.status.title)).toEqual(['One', 'Two']);
  expect(t[1]!.at).toBe(local + 60_000);
  // 10 s behind the server, the listener still hears One
  expect(heardEntry(t, local + 60_000 - 10_000)?.status.title).toBe('One');
  expect(heardEntry(t, local + 60_500)?.status.title).toBe('Two');
  expect(skewOf(b, local + 60_000)).toBe(skew);
  expect(playOfStatus(b, t[1]!.status)?.title).toBe('Two');
});

test('progress follows the playhead and stops at the duration', () => {
  expect(positionAt(1_000, 200, 31_000, 0)).toBe(30);
  expect(positionAt(1_000, 200, 31_000, 5_000)).toBe(35);
  expect(positionAt(1_000, 20, 31_000, 0)).toBe(20);
  expect(positionAt(50_000, 200, 31_000, 0)).toBe(0);
});

test('stopped: an empty status', () => {
  const v = { ...view('x', 0, 0), state: 'stopped' as const, nowPlaying: null };
  expect(viewStatus(v)).toEqual({ status: 'stopped', path: '' });
});
