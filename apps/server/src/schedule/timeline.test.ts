// The active entry and the next change across both 2027 DST changes in Europe/Berlin and
// America/New_York: instants are given (the injected clock), the zone's rules come from Intl.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ScheduleEntry } from './entry.js';
import { activeAt, nextChange } from './timeline.js';
import { wallToInstant } from './zoned.js';

const at = (iso: string): number => Date.parse(iso);
let ids = 0;
function entry(p: Partial<ScheduleEntry> & Pick<ScheduleEntry, 'start' | 'end'>): ScheduleEntry {
  return {
    id: ++ids,
    mode: 'm/x',
    weekdays: [],
    dates: [],
    priority: 0,
    transition: 'next',
    fitTolerance: 10,
    ...p,
  };
}
const activeId = (es: ScheduleEntry[], iso: string, zone: string): number | undefined =>
  activeAt(es, at(iso), zone)?.entry.id;

test('wall times: a skipped time starts at the change, a doubled one at its first occurrence', () => {
  // Berlin 2027-03-28: 02:00 CET -> 03:00 CEST at 01:00Z
  assert.equal(wallToInstant('2027-03-28', 150, 'Europe/Berlin'), at('2027-03-28T01:00:00Z'));
  assert.equal(wallToInstant('2027-03-28', 180, 'Europe/Berlin'), at('2027-03-28T01:00:00Z'));
  assert.equal(wallToInstant('2027-03-28', 90, 'Europe/Berlin'), at('2027-03-28T00:30:00Z'));
  // Berlin 2027-10-31: 02:30 happens at 00:30Z (CEST) and 01:30Z (CET); the first counts
  assert.equal(wallToInstant('2027-10-31', 150, 'Europe/Berlin'), at('2027-10-31T00:30:00Z'));
  // New York 2027-03-14: 02:00 EST -> 03:00 EDT at 07:00Z; 2027-11-07: 01:30 EDT is 05:30Z
  assert.equal(wallToInstant('2027-03-14', 150, 'America/New_York'), at('2027-03-14T07:00:00Z'));
  assert.equal(wallToInstant('2027-11-07', 90, 'America/New_York'), at('2027-11-07T05:30:00Z'));
  // an ordinary day either side keeps its offset
  assert.equal(wallToInstant('2027-03-22', 480, 'Europe/Berlin'), at('2027-03-22T07:00:00Z'));
  assert.equal(wallToInstant('2027-03-29', 480, 'Europe/Berlin'), at('2027-03-29T06:00:00Z'));
});

for (const c of [
  {
    zone: 'Europe/Berlin',
    day: '2027-03-28',
    change: '2027-03-28T01:00:00Z',
    end: '2027-03-28T02:00:00Z',
  },
  {
    zone: 'America/New_York',
    day: '2027-03-14',
    change: '2027-03-14T07:00:00Z',
    end: '2027-03-14T08:00:00Z',
  },
]) {
  test(`${c.zone} spring forward: a 02:30 entry runs from 03:00`, () => {
    const e = entry({ weekdays: [7], start: '02:30', end: '04:00' });
    const before = at(c.change) - 1000;
    assert.equal(activeId([e], new Date(before).toISOString(), c.zone), undefined);
    assert.deepEqual(nextChange([e], before, c.zone)?.at, at(c.change));
    assert.equal(activeId([e], c.change, c.zone), e.id);
    assert.equal(nextChange([e], at(c.change), c.zone)?.at, at(c.end));
    assert.equal(nextChange([e], at(c.change), c.zone)?.to, undefined);
    // one-off on that date: the same
    const once = entry({ dates: [c.day], start: '02:30', end: '03:30' });
    assert.equal(nextChange([once], before, c.zone)?.at, at(c.change));
    // inside the skipped hour entirely: never runs that day
    const gone = entry({ dates: [c.day], start: '02:10', end: '02:50' });
    assert.equal(nextChange([gone], before - 3_600_000, c.zone), undefined);
  });
}

for (const c of [
  // Berlin: 03:00 CEST -> 02:00 CET at 01:00Z; the entry 02:30-02:45 first at 00:30Z
  {
    zone: 'Europe/Berlin',
    day: '2027-10-31',
    start: '02:30',
    end: '02:45',
    first: '2027-10-31T00:30:00Z',
    second: '2027-10-31T01:35:00Z',
  },
  // New York: 02:00 EDT -> 01:00 EST at 06:00Z; 01:30-01:45 first at 05:30Z
  {
    zone: 'America/New_York',
    day: '2027-11-07',
    start: '01:30',
    end: '01:45',
    first: '2027-11-07T05:30:00Z',
    second: '2027-11-07T06:35:00Z',
  },
]) {
  test(`${c.zone} fall back: an entry in the repeated hour runs once`, () => {
    const e = entry({ weekdays: [7], start: c.start, end: c.end });
    const first = at(c.first);
    assert.equal(nextChange([e], first - 60_000, c.zone)?.at, first);
    assert.equal(activeId([e], new Date(first + 5 * 60_000).toISOString(), c.zone), e.id);
    assert.equal(nextChange([e], first, c.zone)?.at, first + 15 * 60_000);
    // the same wall time an hour later is not a second run
    assert.equal(activeId([e], c.second, c.zone), undefined);
    const next = nextChange([e], first + 15 * 60_000, c.zone);
    assert.ok(next && next.at > first + 6 * 86_400_000, 'next run a week later');
  });
}

test('Europe/Berlin: a night entry over the spring change is an hour shorter', () => {
  const e = entry({ weekdays: [6], start: '22:00', end: '06:00' });
  // Saturday 22:00 CET = 21:00Z; Sunday 06:00 CEST = 04:00Z: 7 hours
  assert.equal(activeId([e], '2027-03-27T21:00:00Z', 'Europe/Berlin'), e.id);
  assert.equal(activeId([e], '2027-03-28T03:59:59Z', 'Europe/Berlin'), e.id);
  assert.equal(activeId([e], '2027-03-28T04:00:00Z', 'Europe/Berlin'), undefined);
  assert.equal(
    nextChange([e], at('2027-03-27T22:00:00Z'), 'Europe/Berlin')?.at,
    at('2027-03-28T04:00:00Z'),
  );
});

test('America/New_York: a night entry over the autumn change is an hour longer', () => {
  const e = entry({ weekdays: [6], start: '23:00', end: '03:00' });
  // Saturday 23:00 EDT = 03:00Z; Sunday 03:00 EST = 08:00Z: 5 hours
  assert.equal(
    nextChange([e], at('2027-11-07T02:00:00Z'), 'America/New_York')?.at,
    at('2027-11-07T03:00:00Z'),
  );
  assert.equal(activeId([e], '2027-11-07T07:59:00Z', 'America/New_York'), e.id);
  assert.equal(
    nextChange([e], at('2027-11-07T03:00:00Z'), 'America/New_York')?.at,
    at('2027-11-07T08:00:00Z'),
  );
});

test('priority: a higher entry interrupts a lower one, which resumes after it', () => {
  const low = entry({
    weekdays: [1, 2, 3, 4, 5, 6, 7],
    start: '06:00',
    end: '12:00',
    mode: 'm/day',
  });
  const high = entry({
    dates: ['2027-03-29'],
    start: '08:00',
    end: '09:00',
    priority: 5,
    mode: 'p/news',
  });
  const z = 'Europe/Berlin';
  const es = [low, high];
  // Monday 2027-03-29 (CEST): low 04:00Z-10:00Z, high 06:00Z-07:00Z
  assert.equal(activeId(es, '2027-03-29T05:59:00Z', z), low.id);
  assert.equal(activeId(es, '2027-03-29T06:00:00Z', z), high.id);
  assert.equal(nextChange(es, at('2027-03-29T03:00:00Z'), z)?.at, at('2027-03-29T04:00:00Z'));
  assert.equal(nextChange(es, at('2027-03-29T05:00:00Z'), z)?.to?.entry.id, high.id);
  assert.equal(nextChange(es, at('2027-03-29T05:00:00Z'), z)?.at, at('2027-03-29T06:00:00Z'));
  assert.equal(nextChange(es, at('2027-03-29T06:00:00Z'), z)?.at, at('2027-03-29T07:00:00Z'));
  assert.equal(nextChange(es, at('2027-03-29T06:00:00Z'), z)?.to?.entry.id, low.id);
  assert.equal(nextChange(es, at('2027-03-29T07:00:00Z'), z)?.at, at('2027-03-29T10:00:00Z'));
});

test('one-off dates far ahead are found; a past one-off never comes', () => {
  const e = entry({ dates: ['2027-12-24'], start: '18:00', end: '20:00' });
  assert.equal(
    nextChange([e], at('2027-03-01T00:00:00Z'), 'Europe/Berlin')?.at,
    at('2027-12-24T17:00:00Z'),
  );
  assert.equal(nextChange([e], at('2028-01-01T00:00:00Z'), 'Europe/Berlin'), undefined);
});
