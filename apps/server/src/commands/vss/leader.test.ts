// leader and handover as commands, and the refusal of the stream's commands on a node that does
// not lead (with a stand-in election; the election itself is tested in leader/).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Streaming } from '../../vss/test-util.js';
import { streaming, until } from '../../vss/test-util.js';
import type { NodeRow } from '../../leader/index.js';
import { PERMS } from '../perms.js';
import type { LeaderControl } from '../types.js';

let s: Streaming;
before(async () => {
  s = await streaming(['cbr128.mp3']);
});
after(async () => {
  await s.close();
});

const SINCE = new Date('2026-12-06T10:00:00Z');

/** a stand-in election: "b" (this node) and "a"; `leads` says whether this node leads */
function fakeElection(leads: boolean): LeaderControl & { handedOver: number } {
  const rows: NodeRow[] = [
    { node: leads ? 'b' : 'a', leader: true, since: SINCE },
    { node: leads ? 'a' : 'b', leader: false, since: new Date('2026-12-06T09:00:00Z') },
  ];
  return {
    node: 'b',
    isLeader: leads,
    leader: { node: leads ? 'b' : 'a', since: SINCE },
    nodes: () => Promise.resolve(rows),
    handedOver: 0,
    handover() {
      this.handedOver++;
      return Promise.resolve(true);
    },
  };
}

test('on SQLite (no election): leader says so, handover is not supported, play plays', async () => {
  assert.equal((await s.h.run(['leader'])).text, 'no playout leader election: one box (SQLite)\n');
  assert.equal((await s.h.fail(['handover'])).code, 'E_UNSUPPORTED');
  await s.h.run(['play']);
  await until(() => s.vss.state === 'playing');
  await s.h.run(['stop']);
  await until(() => s.vss.state === 'stopped');
});

test('leader lists the nodes, the leader first, with VSS_READ', async () => {
  s.h.services.leader = fakeElection(false);
  const out = (await s.h.run(['leader'], { perms: PERMS.VSS_READ })).text;
  assert.equal(
    out,
    'node  leader  since\n' +
      'a     yes     2026-12-06T10:00:00.000Z\n' +
      'b     no      2026-12-06T09:00:00.000Z  (this node)\n',
  );
  assert.equal((await s.h.fail(['leader'], { perms: PERMS.AFS_READ })).code, 'E_PERMISSION');
});

test('on a node that does not lead, the stream commands refuse and change nothing', async () => {
  s.h.services.leader = fakeElection(false);
  for (const argv of [
    ['play'],
    ['pause'],
    ['stop'],
    ['next'],
    ['nomore'],
    ['ff', '5'],
    ['jmp', '50'],
    ['select', 'dummy'],
    ['handover'],
  ]) {
    const err = await s.h.fail(argv);
    assert.equal(err.code, 'E_NOT_LEADER', argv.join(' '));
    assert.match(err.message, /not the leader: b \(a leads\)$/, argv.join(' '));
  }
  assert.equal(s.vss.state, 'stopped');
  // what only reads still answers: the sender list
  assert.match((await s.h.run(['sender'])).text, /^rec$/m);
});

test('on the leader they act; handover needs VSS_WRITE and hands over', async () => {
  const election = fakeElection(true);
  s.h.services.leader = election;
  await s.h.run(['play']);
  await until(() => s.vss.state === 'playing');
  await s.h.run(['stop']);
  assert.equal((await s.h.fail(['handover'], { perms: PERMS.VSS_READ })).code, 'E_PERMISSION');
  assert.equal((await s.h.run(['handover'])).text, 'b handed the lead over\n');
  assert.equal(election.handedOver, 1);
  delete s.h.services.leader;
});
