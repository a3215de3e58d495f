// The scheduler of a node that does not play the stream applies nothing (issue #21); when the node
// takes the lead it applies the run in force, or keeps an operator's mode chosen during that run.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { harness, type Harness } from '../../test/harness.js';
import { Schedule } from './schedule.js';
import { Scheduler } from './scheduler.js';

const NOW = Date.UTC(2027, 0, 4, 10, 0);
let h: Harness;
let schedule: Schedule;

before(async () => {
  h = await harness();
  for (const mood of ['calm', 'loud'])
    await h.run(['addmood', mood], { data: Buffer.from(`path =~ /${mood}/\n`) });
  schedule = await Schedule.open(h.tdb.db, h.afs, { zone: 'UTC', now: () => NOW });
  await schedule.add({ mode: 'm/calm', start: '09:00', end: '12:00', dates: ['2027-01-04'] });
});
after(() => h.close());

test('a standby applies no schedule; taking the lead applies the run in force, or keeps the operator mode', async () => {
  let leading = false;
  let mode = 'dummy';
  const selects: string[] = [];
  const scheduler = new Scheduler(schedule, {
    select: (m) => {
      selects.push(m);
      mode = m;
      return Promise.resolve();
    },
    skip: () => Promise.resolve(),
    mode: () => mode,
    nextChanged: () => {},
    durations: () => [],
    currentEndsAt: () => undefined,
    statusChanged: () => {},
    log: () => {},
    leads: () => leading,
  });
  try {
    await scheduler.start();
    assert.deepEqual(selects, [], 'the standby selected nothing');
    leading = true;
    await scheduler.lead();
    assert.deepEqual(selects, ['m/calm']);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal((await schedule.lastApplied())?.run, scheduler.currentRun());
    // the next leader, where an operator chose m/loud after the run was applied: it stays
    mode = 'm/loud';
    await scheduler.lead(true);
    assert.deepEqual(selects, ['m/calm']);
    assert.equal(mode, 'm/loud');
  } finally {
    scheduler.stop();
  }
});
