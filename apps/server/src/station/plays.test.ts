// The play log's merge of the play history (earlier runs, read once at start) with the plays the
// status feed gives: one entry per play, newest first, at most RECENT_MAX.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TestFeed } from '../../test/api.js';
import type { StatusItems } from '../status/items.js';
import { PlayLog, RECENT_MAX, type Play } from './plays.js';

const T = Date.UTC(2026, 11, 6, 12);
const play = (key: string, startedAt: number): Play => ({
  key,
  title: key.toUpperCase(),
  artist: '',
  album: '',
  duration: 60,
  imageId: 0,
  startedAt,
});

/** the status of `key` playing since `startedAt` */
function status(key: string, startedAt: number): StatusItems {
  const tv = (ms: number): string => `${Math.floor(ms / 1000)}.${(ms % 1000) * 1000}`;
  return [
    ['status', 'playing'],
    ['path', key],
    ['title', key.toUpperCase()],
    ['offset', '0'],
    ['stream_start', tv(startedAt)],
    ['current_time', tv(startedAt + 2000)],
  ];
}

test('history and feed: the same play once, the earlier ones after it, newest first', () => {
  const log = new PlayLog(new TestFeed());
  log.observe(status('/m/x.mp3', T));
  // the history has the playing file too (its start from the stream thread, a little apart)
  log.seed([
    play('/m/w.mp3', T - 60_000),
    play('/m/x.mp3', T + 300),
    play('/m/v.mp3', T - 120_000),
  ]);
  assert.deepEqual(
    log.recent().map((p) => [p.key, p.startedAt]),
    [
      ['/m/x.mp3', T],
      ['/m/w.mp3', T - 60_000],
      ['/m/v.mp3', T - 120_000],
    ],
  );
  // the same file played an hour ago is another play
  log.seed([play('/m/x.mp3', T - 3_600_000)]);
  assert.equal(log.recent().length, 4);
  // the feed goes on from there: the next file goes first, the playing one stays one play
  log.observe([['status', 'stopped']]);
  log.observe(status('/m/y.mp3', T + 60_000));
  assert.deepEqual(
    log.recent().map((p) => p.key),
    ['/m/y.mp3', '/m/x.mp3', '/m/w.mp3', '/m/v.mp3', '/m/x.mp3'],
  );
});

test('at most RECENT_MAX plays are kept, the newest', () => {
  const log = new PlayLog(new TestFeed());
  log.seed(Array.from({ length: 30 }, (_, i) => play(`/m/${i}.mp3`, T - i * 1000)));
  assert.equal(log.recent().length, RECENT_MAX);
  assert.equal(log.recent()[0]!.key, '/m/0.mp3');
  assert.equal(log.recent().at(-1)!.key, `/m/${RECENT_MAX - 1}.mp3`);
});
