// The election on the local PostgreSQL (a fresh database, a lock key of this run): one leads, a
// closed or terminated leader is replaced within 5 s, a terminated one says it lost the lead, and
// handover moves the lead.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { freshDatabaseUrl } from '../../test/db.js';
import { Election, type LeaderEvent } from './election.js';

const KEY = crypto.randomInt(1000, 2 ** 31 - 1);

async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - start;
}

describe('playout leader election (PostgreSQL advisory lock)', () => {
  let db: Awaited<ReturnType<typeof freshDatabaseUrl>>;
  const open: Election[] = [];

  function election(node: string): { e: Election; events: LeaderEvent[] } {
    const e = new Election({ url: db.url, node, key: KEY, holdOffMs: 3000 });
    const events: LeaderEvent[] = [];
    e.on((ev) => events.push(ev));
    open.push(e);
    e.start();
    return { e, events };
  }
  const leaders = (): string[] => open.filter((e) => e.isLeader).map((e) => e.node);

  before(async () => {
    db = await freshDatabaseUrl('postgres');
  });
  after(async () => {
    for (const e of open) await e.close();
    await db.cleanup();
  });

  test('of two elections exactly one leads; the listing says which, and since when', async () => {
    const a = election('a');
    const b = election('b');
    await until(() => leaders().length === 1, 5000);
    // another round each: still one
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(leaders().length, 1);
    const lead = a.e.isLeader ? a : b;
    const other = lead === a ? b : a;
    await until(() => other.e.leader?.node === lead.e.node, 3000);
    const rows = await other.e.nodes();
    assert.deepEqual(
      rows.map((r) => [r.node, r.leader]),
      [
        [lead.e.node, true],
        [other.e.node, false],
      ],
    );
    assert.equal(rows[0]!.since.getTime(), lead.e.since!.getTime());
    assert.equal(other.e.leader?.since.getTime(), lead.e.since!.getTime());
    assert.ok(lead.events.some((ev) => ev.type === 'gained'));
  });

  test('the leader closes: the other leads within 5 s', async () => {
    const lead = open.find((e) => e.isLeader)!;
    const other = open.find((e) => !e.isLeader)!;
    await lead.close();
    open.splice(open.indexOf(lead), 1);
    const ms = await until(() => other.isLeader, 5000);
    console.log(`takeover after close: ${ms} ms`);
  });

  test("the leader's backend is terminated: it reports 'lost' and the other leads, within 5 s", async () => {
    election('c');
    const lead = open.find((e) => e.isLeader)!;
    const other = open.find((e) => !e.isLeader)!;
    const others = (): string[] => leaders().filter((n) => n !== lead.node);
    const lost: string[] = [];
    lead.on((ev) => ev.type === 'lost' && lost.push(ev.reason));
    await until(async () => (await other.nodes()).length === 2, 3000);
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      const t0 = Date.now();
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`,
        [`paraweb:${lead.node}`],
      );
      await until(() => lost.length > 0, 5000);
      console.log(`'lost' after ${Date.now() - t0} ms: ${lost[0]}`);
      await until(() => others().length === 1, 5000);
      console.log(`takeover after terminate: ${Date.now() - t0} ms`);
      // the old leader came back as a standby
      await until(async () => (await other.nodes()).length === 2, 5000);
      assert.equal(lead.isLeader, false);
      assert.equal(leaders().length, 1);
    } finally {
      await admin.end();
    }
  });

  test('handover moves the lead, and the one that handed over stays out', async () => {
    const lead = open.find((e) => e.isLeader)!;
    const other = open.find((e) => !e.isLeader)!;
    const events: LeaderEvent[] = [];
    lead.on((ev) => events.push(ev));
    assert.equal(await other.handover(), false, 'a standby has nothing to hand over');
    assert.equal(await lead.handover(), true);
    assert.deepEqual(events[0], { type: 'lost', reason: 'handed over' });
    const ms = await until(() => leaders().length === 1 && !lead.isLeader, 5000);
    console.log(`takeover after handover: ${ms} ms (${leaders()[0]} leads)`);
  });
});
