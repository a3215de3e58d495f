// The schedule's default zone (the system's) is looked up only when a run has to be placed in it:
// the lookup goes through Intl, which maps ~5 MB of ICU data into the process (docs/streaming.md,
// "Memory"), and a server without schedule entries never needs it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { harness, type Harness } from '../../test/harness.js';
import { Schedule } from './schedule.js';

const NOW = Date.UTC(2027, 0, 4, 10, 0);
let h: Harness;
const RealDateTimeFormat = Intl.DateTimeFormat;
let made = 0;

before(async () => {
  h = await harness();
  await h.run(['addmood', 'calm'], { data: Buffer.from('path =~ /calm/\n') });
  // counts every DateTimeFormat made (luxon makes its IANA zones from them, systemZone one)
  Intl.DateTimeFormat = new Proxy(RealDateTimeFormat, {
    construct(target, args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
      made++;
      return new target(...args);
    },
    apply(target, self, args: Parameters<typeof Intl.DateTimeFormat>) {
      made++;
      return target(...args);
    },
  });
});
after(() => {
  Intl.DateTimeFormat = RealDateTimeFormat;
  return h.close();
});

test('an empty schedule in the system zone answers without Intl; with an entry it looks the zone up', async () => {
  const schedule = await Schedule.open(h.tdb.db, h.afs, { now: () => NOW });
  assert.equal(schedule.active(), undefined);
  assert.equal(schedule.next(), undefined);
  assert.equal(schedule.modeAt(NOW), undefined);
  assert.equal(made, 0, 'no DateTimeFormat while the schedule is empty');

  await schedule.add({
    mode: 'm/calm',
    start: '09:00',
    end: '12:00',
    weekdays: [1, 2, 3, 4, 5, 6, 7],
  });
  const zone = new RealDateTimeFormat().resolvedOptions().timeZone;
  assert.equal(schedule.zone, zone);
  assert.ok(made > 0, 'the zone is looked up once a run is placed');
  // a run every day: the next change is within a day
  const next = schedule.next();
  assert.ok(next && next.at > NOW && next.at <= NOW + 86_400_000, JSON.stringify(next));
});
