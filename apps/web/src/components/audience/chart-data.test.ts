import { describe, expect, test } from 'vitest';
import {
  addSample,
  clock,
  listenersNow,
  liveColumns,
  rangeArgs,
  reasonOf,
  toColumns,
} from './chart-data';

const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);

describe('audience chart data', () => {
  test('preset and custom ranges, and the refusals', () => {
    expect(rangeArgs('24h', NOW)).toEqual({
      since: String(NOW / 1000 - 86_400),
      until: String(NOW / 1000),
    });
    expect(rangeArgs('30d', NOW)).toEqual({
      since: String(NOW / 1000 - 30 * 86_400),
      until: String(NOW / 1000),
    });
    const custom = rangeArgs('custom', NOW, { from: '2026-12-01T00:00', to: '2026-12-02T00:00' });
    expect('since' in custom && Number(custom.until) - Number(custom.since)).toBe(86_400);
    expect(rangeArgs('custom', NOW, { from: '', to: '2026-12-02T00:00' })).toEqual({
      error: 'Give a start and an end.',
    });
    expect(rangeArgs('custom', NOW, { from: '2026-12-02T00:00', to: '2026-12-01T00:00' })).toEqual({
      error: 'The start must be before the end.',
    });
  });

  test('columns for uPlot: seconds, median lengths in minutes', () => {
    const points = [
      { t: 3_600_000, listeners: 4, sessions: 3, listenerHours: 2.5, medianS: 90 },
      { t: 7_200_000, listeners: 1, sessions: 2, listenerHours: 1, medianS: 30 },
    ];
    expect(toColumns(points, 'listeners')).toEqual([
      [3600, 7200],
      [4, 1],
    ]);
    expect(toColumns(points, 'medianS')).toEqual([
      [3600, 7200],
      [1.5, 0.5],
    ]);
  });

  test('the live line: senders and mounts summed, a sample a second, an hour kept', () => {
    expect(
      listenersNow([
        { listeners: 2, mounts: [{ listeners: 3 }, { listeners: 1 }] },
        { listeners: 1, mounts: [] },
      ]),
    ).toBe(7);
    let line = addSample([], { t: 1_000, n: 1 });
    line = addSample(line, { t: 1_500, n: 2 });
    expect(line).toEqual([{ t: 1_500, n: 2 }]);
    line = addSample(line, { t: 2_000, n: 3 });
    line = addSample(line, { t: 3_600_000 + 1_600, n: 4 });
    expect(line.map((s) => s.n)).toEqual([3, 4]);
    const cols = liveColumns(
      [
        { t: 0, listeners: 5 },
        { t: 60_000, listeners: 6 },
        { t: 3_600_000, listeners: 9 },
      ],
      [{ t: 120_000, n: 7 }],
    );
    expect(cols).toEqual([
      [0, 60, 120],
      [5, 6, 7],
    ]);
  });

  test('reasons and clocks', () => {
    expect(reasonOf({ mode: 'm/rock' })).toEqual({ kind: 'mood', name: 'rock' });
    expect(reasonOf({ mode: 'p/morning' })).toEqual({ kind: 'playlist', name: 'morning' });
    expect(reasonOf({ mode: 'm/rock', reason: 'request:42' })).toEqual({
      kind: 'request',
      name: '42',
    });
    expect(reasonOf({ mode: 'm/x', reason: 'schedule:7' })).toEqual({
      kind: 'schedule',
      name: '7',
    });
    expect(reasonOf({ mode: 'weird' })).toEqual({ kind: 'other', name: 'weird' });
    expect(clock(185)).toBe('3:05');
    expect(clock(3723)).toBe('1:02:03');
  });
});
