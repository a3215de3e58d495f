// The Icecast targets' listeners as Icecast counts them (issue #17), against a real icecast2: the
// sender reads /admin/stats of each target's mount with its source login (or --icecast-admin)
// and reports `icecast:<mount>` to the audience tap; a target down is reported gone, not 0.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { streaming, until } from '../../vss/test-util.js';
import type { ListenerStart, ListenerTap } from '../listener-tap.js';
import { IcecastSender } from './sender.js';
import { mountListeners } from './stats.js';
import type { Icecast, IcyListener } from './test-helpers.js';
import { ADMIN, eventually, icyListen, startIcecast } from './test-helpers.js';

/** what the stream thread's tap (vss/worker/audience-tap.ts) would hear of the counts */
class CountTap implements ListenerTap {
  readonly counts = new Map<string, number>();
  opened(_s: ListenerStart): number {
    return 0;
  }
  closed(): void {}
  counted(output: string, n: number | undefined): void {
    if (n === undefined) this.counts.delete(output);
    else this.counts.set(output, n);
  }
}

let ice: Icecast;
before(async () => {
  ice = await startIcecast();
});
after(async () => {
  await ice?.stop();
});

describe('icecast listener counts from /admin/stats', () => {
  test('the stats XML: the mount named, its listeners', () => {
    const xml =
      '<icestats><source mount="/a"><listeners>4</listeners></source>' +
      '<source mount="/b&amp;c"><listeners>7</listeners><slow_listeners>1</slow_listeners></source></icestats>';
    assert.equal(mountListeners(xml, '/a'), 4);
    assert.equal(mountListeners(xml, '/b&c'), 7);
    assert.equal(mountListeners(xml, '/none'), undefined);
  });

  for (const login of ['source', 'admin'] as const) {
    test(`listeners come and go, read with the ${login} login`, async () => {
      const tap = new CountTap();
      const mount = `/stats-${login}.mp3`;
      const icecast = new IcecastSender({
        targets: [ice.target(mount)],
        ...(login === 'admin' ? { admin: `${ADMIN.user}:${ADMIN.password}` } : {}),
        backoffMs: 500,
        tap,
        statsEveryMs: 200,
      });
      const s = await streaming(['cbr128.mp3'], { senders: [icecast] });
      const output = `icecast:${mount}`;
      const listeners: IcyListener[] = [];
      try {
        await icecast.start();
        await s.h.run(['play']);
        await until(() => tap.counts.get(output) === 0, 10_000, 'the mount counted, 0 listeners');
        for (let i = 0; i < 3; i++) listeners.push(icyListen(ice.port, mount));
        await eventually(
          () => Promise.resolve(listeners.every((l) => l.status === 200) || undefined),
          5000,
          'three listeners on Icecast',
        );
        await until(() => tap.counts.get(output) === 3, 5000, 'three listeners counted');
        listeners.pop()!.close();
        await until(() => tap.counts.get(output) === 2, 5000, 'two listeners counted');
        await s.h.run(['stop']);
        await until(() => !tap.counts.has(output), 5000, 'the stopped target reported gone');
      } finally {
        for (const l of listeners) l.close();
        await s.close();
      }
      assert.equal(tap.counts.size, 0);
    });
  }

  test('a wrong login: no count (absent, not 0), and the sender streams on', async () => {
    const tap = new CountTap();
    const mount = '/stats-bad.mp3';
    const warnings: string[] = [];
    const icecast = new IcecastSender({
      targets: [ice.target(mount)],
      admin: 'admin:wrong',
      backoffMs: 500,
      tap,
      statsEveryMs: 200,
      log: pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) }),
    });
    const s = await streaming(['cbr128.mp3'], { senders: [icecast] });
    try {
      await icecast.start();
      await s.h.run(['play']);
      await until(
        () => warnings.some((w) => /listener count: HTTP 401/.test(w)),
        10_000,
        'a warning',
      );
      assert.equal(tap.counts.has(`icecast:${mount}`), false);
      assert.equal(icecast.sources[0]!.state, 'streaming');
      assert.equal(warnings.filter((w) => /listener count/.test(w)).length, 1, 'warned once');
    } finally {
      await s.close();
    }
  });
});
