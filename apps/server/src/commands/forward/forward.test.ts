// Forwarding over the real Redis bus (issue #21), between two command tables on databases of
// their own: what a standby's user gives runs on the leader, and the answer (or the error, same
// code and message) comes back; without a link, a leader or an answer in time the user gets
// E_NOT_LEADER within the bound; garbage on the channel is logged and never run. The election is
// a plain object here (leader/election.test.ts tests the real one).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { harness, type Harness } from '../../../test/harness.js';
import { RedisBus } from '../../afs/sync/redis-bus.js';
import { ParaError } from '../../errors.js';
import { buildCommandTable } from '../index.js';
import type { LeaderControl } from '../types.js';
import { startForwarding, type Forwarding } from './index.js';
import { RUN_TOPIC } from './messages.js';

const REDIS = 'redis://127.0.0.1:6379';
/** the installation's key (peer-key.ts): the two nodes here have databases of their own */
const KEY = crypto.randomBytes(32);
/** a request as b's forwarder sends it: select m/calm for a user with every permission */
const selectFromB = (): Record<string, unknown> => ({
  id: crypto.randomUUID(),
  from: 'b',
  to: 'a',
  command: 'select',
  input: { args: ['m/calm'] },
  user: { name: 'admin', perms: 0xff },
});
const quiet = { info: () => {}, warn: () => {} };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let handedOver: string | undefined;

/** the election as the commands see it: who this is, who leads */
function election(node: string, leads: () => string | undefined): LeaderControl {
  return {
    node,
    get isLeader() {
      return leads() === node;
    },
    get leader() {
      const n = leads();
      return n === undefined ? undefined : { node: n, since: new Date(0) };
    },
    nodes: () =>
      Promise.resolve(
        ['a', 'b'].map((n) => ({ node: n, leader: n === leads(), since: new Date(0) })),
      ),
    handover: () => {
      handedOver = node;
      return Promise.resolve(true);
    },
  };
}

async function failure(p: Promise<unknown>): Promise<ParaError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ParaError) return err;
    throw err;
  }
  throw new Error('expected a ParaError');
}

describe('forwarding to the playout leader over Redis', () => {
  const prefix = `fwd-test-${crypto.randomUUID()}`;
  let leading: string | undefined = 'a';
  /** who b takes for the leader when it is not the truth (a standby learns of a change late) */
  let bSees: { node: string | undefined } | undefined;
  let a: Harness;
  let b: Harness;
  const buses: RedisBus[] = [];
  const forwarding: Forwarding[] = [];
  const warnings: string[] = [];

  function wire(h: Harness, node: string, url = REDIS, timeoutMs = 2000): RedisBus {
    const bus = new RedisBus(
      url,
      prefix,
      { info: () => {}, warn: (m) => void warnings.push(`${node}: ${m}`) },
      KEY,
    );
    buses.push(bus);
    const el = election(node, () => (node === 'b' && bSees ? bSees.node : leading));
    h.services.leader = el;
    const f = startForwarding({
      bus,
      commands: buildCommandTable(),
      services: h.services,
      timeoutMs,
      logger: { warn: (m) => void warnings.push(`${node}: ${m}`), error: () => {} },
    });
    assert.ok(f);
    forwarding.push(f);
    h.services.forward = f.forward;
    return bus;
  }

  before(async () => {
    [a, b] = await Promise.all([harness(), harness()]);
    for (const h of [a, b])
      await h.run(['addmood', 'calm'], { data: Buffer.from('path =~ /calm/\n') });
    const buses = [wire(a, 'a'), wire(b, 'b')];
    for (const bus of buses) assert.ok(await bus.ready(5000), 'redis at 127.0.0.1:6379');
  });
  after(async () => {
    for (const f of forwarding) f.close();
    for (const bus of buses) bus.close();
    await Promise.all([a.close(), b.close()]);
  });

  test("a standby's select runs on the leader; the user sees the leader's answer", async () => {
    const r = await b.run(['select', 'm/calm']);
    assert.equal(a.afs.selector.spec, 'm/calm');
    assert.equal(b.afs.selector.spec, 'dummy', 'the standby selected nothing itself');
    assert.match(r.text, /m\/calm/);
    assert.deepEqual(r.output, { mode: 'm/calm', admissible: 0, lines: r.text.trim().split('\n') });
    // structured input (the tRPC door) likewise
    await b.runInput('select', { args: ['dummy'] });
    assert.equal(a.afs.selector.spec, 'dummy');
  });

  test("the leader's error comes back with its code and message", async () => {
    // the leader here has no stream: its own refusal, not the standby's
    const e = await failure(b.run(['next']));
    assert.equal(e.code, 'E_UNSUPPORTED');
    assert.equal(e.message, 'next: only a running para_server streams');
    // the standby checks permissions and input before it asks
    assert.equal((await failure(b.run(['select', 'm/calm'], { perms: 0 }))).code, 'E_PERMISSION');
    assert.equal((await failure(b.run(['ff', 'x']))).code, 'E_SYNTAX');
    // handover is sent too: the leader hands over and says so
    assert.equal((await b.run(['handover'])).text, 'a handed the lead over\n');
    assert.equal(handedOver, 'a');
    // commands that act on no stream run where they are given
    assert.equal((await b.run(['sender'])).text, '');
  });

  test('the metrics count a forwarded command once: on the standby, at its door, with the answer', async () => {
    const counted = new Map<string, string[]>();
    for (const [name, h] of [['a', a] as const, ['b', b] as const]) {
      const seen: string[] = [];
      counted.set(name, seen);
      h.services.metrics = {
        command: (door, command, result) => void seen.push(`${door} ${command} ${result}`),
        added: () => {},
        authFailure: () => {},
      };
    }
    try {
      await b.run(['select', 'm/calm']);
      await failure(b.run(['next']));
      await b.run(['select', 'dummy']);
      assert.deepEqual(counted.get('b'), [
        'other select ok',
        'other next error',
        'other select ok',
      ]);
      assert.deepEqual(counted.get('a'), [], 'the leader ran them and counted none');
      // what the leader's own users give is counted there
      await a.run(['select', 'dummy']);
      assert.deepEqual(counted.get('a'), ['other select ok']);
    } finally {
      a.services.metrics = undefined;
      b.services.metrics = undefined;
    }
  });

  test('the leader checks permissions again, and runs nothing from a stranger or off the list', async () => {
    const spy = new RedisBus(REDIS, prefix, quiet, KEY);
    buses.push(spy);
    assert.ok(await spy.ready(5000));
    const replies: unknown[] = [];
    spy.subscribe('leader:reply', (d) => void replies.push(d));
    const ask = (
      from: string,
      command: string,
      perms: number,
      input: unknown = { args: ['m/calm'] },
    ) =>
      spy.publish(RUN_TOPIC, {
        id: crypto.randomUUID(),
        from,
        to: 'a',
        command,
        input,
        user: { name: 'x', perms },
      });
    warnings.length = 0;
    // b is a node of the database, but this user lacks AFS_WRITE: refused there
    await ask('b', 'select', 1);
    // garbage, a node not connected to the database, a command not for the leader
    await spy.publish(RUN_TOPIC, { hello: 'world' });
    await spy.publish(RUN_TOPIC, 'not even an object');
    await ask('mallory', 'select', 0xff);
    await ask('b', 'term', 0xff, { args: [] });
    await sleep(500);
    assert.equal(a.afs.selector.spec, 'dummy', 'nothing selected');
    assert.equal(replies.length, 1, JSON.stringify(replies));
    assert.match(JSON.stringify(replies[0]), /"code":"E_PERMISSION"/);
    const said = warnings.join('\n');
    assert.match(said, /a: leader forwarding: a malformed request ignored/);
    assert.match(said, /a: leader forwarding: select from unknown node mallory ignored/);
    assert.match(said, /a: leader forwarding: term from b ignored: not a command of the leader/);
    // the malformed request is seen by both nodes; neither runs it
    assert.match(said, /b: leader forwarding: a malformed request ignored/);
  });

  test('a request not signed with the installation key runs nothing: one warning', async () => {
    // whoever can write to Redis but not read the database: right channel, right shape, any perms
    const forger = new RedisBus(REDIS, prefix, quiet, crypto.randomBytes(32));
    buses.push(forger);
    assert.ok(await forger.ready(5000));
    warnings.length = 0;
    for (let i = 0; i < 3; i++) await forger.publish(RUN_TOPIC, selectFromB());
    await sleep(500);
    assert.equal(a.afs.selector.spec, 'dummy', 'nothing selected');
    const said = warnings.filter((w) => w.startsWith('a: '));
    assert.equal(said.length, 1, said.join('\n'));
    assert.match(said[0]!, /a message ignored: signed with another key/);
  });

  test('a signed request sent again (seen on Redis, played back) runs once', async () => {
    const replay = new RedisBus(REDIS, prefix, quiet, KEY);
    buses.push(replay);
    assert.ok(await replay.ready(5000));
    warnings.length = 0;
    const request = selectFromB();
    await replay.publish(RUN_TOPIC, request);
    await sleep(300);
    assert.equal(a.afs.selector.spec, 'm/calm', 'run once');
    await a.run(['select', 'dummy']);
    await replay.publish(RUN_TOPIC, request);
    await sleep(300);
    assert.equal(a.afs.selector.spec, 'dummy', 'not again');
    assert.match(warnings.join('\n'), /a: leader forwarding: select from b ignored: a repeat/);
  });

  test('no answer in time: E_NOT_LEADER naming both nodes, within the bound', async () => {
    // b takes a for the leader, but a no longer leads: a stays silent
    bSees = { node: 'a' };
    leading = 'c';
    try {
      const t = performance.now();
      const e = await failure(b.run(['select', 'm/calm']));
      const ms = performance.now() - t;
      assert.equal(e.code, 'E_NOT_LEADER');
      assert.equal(
        e.message,
        'select: not the leader: b (a leads; no answer from a within 2 s; it may still act on it)',
      );
      assert.ok(ms >= 1900 && ms < 3000, `${ms} ms`);
      assert.equal(a.afs.selector.spec, 'dummy');
      // nobody leads: at once
      leading = undefined;
      bSees = undefined;
      const none = await failure(b.run(['play']));
      assert.equal(none.message, 'play: not the leader: b (no node leads yet)');
    } finally {
      leading = 'a';
      bSees = undefined;
    }
  });

  test('Redis unreachable: E_NOT_LEADER at once', async () => {
    const c = await harness();
    try {
      // a port nothing listens on
      const bus = wire(c, 'b', 'redis://127.0.0.1:9');
      const end = Date.now() + 5000;
      while (bus.state !== 'down' && Date.now() < end) await sleep(20);
      const t = performance.now();
      const e = await failure(c.run(['sender', 'http', 'off']));
      assert.ok(performance.now() - t < 100);
      assert.equal(e.code, 'E_NOT_LEADER');
      assert.equal(
        e.message,
        'sender http off: not the leader: b (a leads; cannot ask it: redis is down)',
      );
    } finally {
      await c.close();
    }
  });
});
