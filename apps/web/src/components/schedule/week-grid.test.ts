import { describe, expect, test } from 'vitest';
import {
  createdTimes,
  draggedTimes,
  lanes,
  minutesToPx,
  mondayOf,
  pxToMinutes,
  segmentsInWeek,
  slotAt,
  snap,
  zonedNow,
  type EntryTimes,
} from './week-grid';

const MONDAY = '2027-03-22';
const entry = (over: Partial<EntryTimes>): EntryTimes => ({
  id: 1,
  weekdays: [],
  dates: [],
  start: '07:00',
  end: '09:00',
  ...over,
});

describe('pixels and time', () => {
  test('minutes map to pixels and back at the hour height', () => {
    expect(minutesToPx(90, 40)).toBe(60);
    expect(pxToMinutes(60, 40)).toBe(90);
    expect(pxToMinutes(minutesToPx(437, 32), 32)).toBeCloseTo(437);
  });

  test('snapping goes to the nearest step', () => {
    expect(snap(7)).toBe(0);
    expect(snap(8)).toBe(15);
    expect(snap(-8)).toBe(-15);
    expect(snap(61, 30)).toBe(60);
  });

  test('a point of the grid is a day column and a minute, clamped to the week and the day', () => {
    const box = { left: 100, top: 50, width: 700 };
    expect(slotAt(100, 50, box, 40)).toEqual({ day: 0, minute: 0 });
    expect(slotAt(355, 50 + 40 * 9.5, box, 40)).toEqual({ day: 2, minute: 570 });
    expect(slotAt(2000, 5000, box, 40)).toEqual({ day: 6, minute: 1440 });
    expect(slotAt(0, -10, box, 40)).toEqual({ day: 0, minute: 0 });
  });

  test('the wall date and time of an instant in a zone, across a DST change', () => {
    // 2027-03-28 01:30 UTC: Berlin has sprung forward to CEST (03:30), New York is on EDT
    const t = Date.parse('2027-03-28T01:30:00Z');
    expect(zonedNow(t, 'Europe/Berlin')).toEqual({ date: '2027-03-28', minute: 3 * 60 + 30 });
    expect(zonedNow(t, 'America/New_York')).toEqual({ date: '2027-03-27', minute: 21 * 60 + 30 });
    expect(mondayOf('2027-03-28')).toBe(MONDAY);
    expect(mondayOf(MONDAY)).toBe(MONDAY);
  });
});

describe('entries in a week', () => {
  test('a weekly entry shows on each of its weekdays, a one-off only on its date', () => {
    const weekly = entry({ weekdays: [1, 3] });
    expect(segmentsInWeek(weekly, MONDAY).map((s) => s.day)).toEqual([0, 2]);
    const once = entry({ dates: ['2027-03-26', '2027-04-02'] });
    expect(segmentsInWeek(once, MONDAY)).toEqual([
      { day: 4, from: 420, to: 540, first: true, last: true },
    ]);
    expect(segmentsInWeek(once, '2027-03-29').map((s) => s.day)).toEqual([4]);
    expect(segmentsInWeek(once, '2027-04-05')).toEqual([]);
  });

  test('a run past midnight is two blocks; Sunday night spills into Monday', () => {
    const night = entry({ weekdays: [7, 2], start: '22:00', end: '02:00' });
    expect(segmentsInWeek(night, MONDAY)).toEqual([
      { day: 0, from: 0, to: 120, first: false, last: true },
      { day: 1, from: 1320, to: 1440, first: true, last: false },
      { day: 2, from: 0, to: 120, first: false, last: true },
      { day: 6, from: 1320, to: 1440, first: true, last: false },
    ]);
  });

  test('overlapping blocks get lanes side by side', () => {
    const placed = lanes([
      { from: 0, to: 120 },
      { from: 60, to: 180 },
      { from: 200, to: 300 },
    ]);
    expect(placed.map((p) => [p.lane, p.lanes])).toEqual([
      [0, 2],
      [1, 2],
      [0, 1],
    ]);
  });
});

describe('what a drag makes of an entry', () => {
  test('a drag on empty space is a snapped new entry on that day; a click is an hour', () => {
    expect(
      createdTimes({ kind: 'create', day: 2, fromMinute: 601, toMinute: 538 }, MONDAY),
    ).toEqual({
      start: '09:00',
      end: '10:00',
      date: '2027-03-24',
      weekday: 3,
    });
    expect(
      createdTimes({ kind: 'create', day: 6, fromMinute: 1435, toMinute: 1436 }, MONDAY),
    ).toEqual({
      start: '23:45',
      end: '00:00',
      date: '2027-03-28',
      weekday: 7,
    });
  });

  test('a move shifts times and days (weekdays wrap, dates move), snapped', () => {
    const e = entry({ weekdays: [1, 7], dates: ['2027-03-26'] });
    expect(draggedTimes(e, { kind: 'move', dayDelta: 1, minuteDelta: 68 })).toEqual({
      weekdays: [1, 2],
      dates: ['2027-03-27'],
      start: '08:15',
      end: '10:15',
    });
  });

  test('a move past midnight goes to the next or the day before', () => {
    const late = entry({ weekdays: [5], start: '23:00', end: '23:30' });
    expect(draggedTimes(late, { kind: 'move', dayDelta: 0, minuteDelta: 90 })).toEqual({
      weekdays: [6],
      dates: [],
      start: '00:30',
      end: '01:00',
    });
    const early = entry({ weekdays: [1], start: '00:30', end: '01:30' });
    expect(draggedTimes(early, { kind: 'move', dayDelta: 0, minuteDelta: -60 })).toMatchObject({
      weekdays: [7],
      start: '23:30',
      end: '00:30',
    });
  });

  test('resizing keeps at least one step and less than a day', () => {
    const e = entry({ weekdays: [2] });
    expect(draggedTimes(e, { kind: 'resize', edge: 'end', minuteDelta: 53 })).toMatchObject({
      start: '07:00',
      end: '10:00',
    });
    expect(draggedTimes(e, { kind: 'resize', edge: 'end', minuteDelta: -500 })).toMatchObject({
      end: '07:15',
    });
    expect(draggedTimes(e, { kind: 'resize', edge: 'end', minuteDelta: 2000 })).toMatchObject({
      end: '06:45',
    });
    expect(draggedTimes(e, { kind: 'resize', edge: 'start', minuteDelta: -100 })).toMatchObject({
      start: '05:15',
      end: '09:00',
    });
    expect(draggedTimes(e, { kind: 'resize', edge: 'start', minuteDelta: 300 })).toMatchObject({
      start: '08:45',
    });
    expect(draggedTimes(e, { kind: 'resize', edge: 'start', minuteDelta: -1000 })).toMatchObject({
      start: '00:00',
    });
  });
});
