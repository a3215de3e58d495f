// A leader cut from PostgreSQL by the network (issue #21), whole processes: node a runs in a
// network namespace the test makes and reaches PostgreSQL, Redis and Icecast through relays on
// the host end of its veth; node b runs on the host. With a leading and ffmpeg listening to
// Icecast's main mount, iptables inside the namespace drops a's packets to and from PostgreSQL
// (Icecast stays reachable): a leaves the main mount within 5 s, b leads and pushes it, ffmpeg
// stays connected, and a (alive, still cut) holds the standby mount. Needs root.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Cluster, ClusterNode } from '../../test/failover.js';
import {
  MAIN_MOUNT,
  STANDBY_MOUNT,
  listenerConnections,
  sourcesOn,
  startCluster,
} from '../../test/failover.js';
import type { Netns } from '../../test/netns.js';
import { makeNetns, needRoot } from '../../test/netns.js';
import { waitFor } from '../../test/spawn.js';

const PG_PORT = Number(new URL(process.env.PG_TEST_URL ?? 'postgresql://x@h:5432/').port || 5432);

describe('a leader whose network to PostgreSQL is cut (iptables in a network namespace)', () => {
  let c: Cluster | undefined;
  let ns: Netns | undefined;
  let a: ClusterNode;
  let b: ClusterNode;
  before(async () => {
    needRoot();
    c = await startCluster();
    ns = makeNetns();
    for (const port of [PG_PORT, c.redisPort, c.icecast.port]) await ns.relay(port);
    // a first, alone: it leads
    a = await c.start('a', ns);
    assert.equal((await c.leader()).name, a.name);
    b = await c.start('b');
  });
  after(async () => {
    await c?.close();
    await ns?.close();
  });

  test('the cut leader leaves the main mount within 5 s, the other leads, ffmpeg stays', async () => {
    const cluster = c!;
    assert.equal((await cluster.settled()).name, 'a');
    cluster.listen();
    const l = cluster.listener!;
    await waitFor(async () => l.firstAt !== undefined && Date.now() - l.firstAt > 1500, 15_000);
    const t0 = Date.now();
    ns!.cut(PG_PORT);
    const main = async (): Promise<string | undefined> =>
      (await sourcesOn(cluster.icecast)).get(MAIN_MOUNT);
    await waitFor(async () => (await main()) !== 'a', 5000);
    const leftMs = Date.now() - t0;
    assert.notEqual(await main(), 'a', 'a still pushes the main mount 5 s after the cut');
    await waitFor(async () => (await cluster.leaderOf(b)).startsWith('leads'), 10_000);
    const leadMs = Date.now() - t0;
    await waitFor(async () => (await main()) === 'b', 5000);
    const backMs = Date.now() - t0;
    console.log(
      `network cut: a left the main mount after ${leftMs} ms; b leads after ${leadMs} ms ` +
        `and pushes the main mount after ${backMs} ms`,
    );
    assert.equal(await main(), 'b');
    // a, alive and still cut from the database, covers the next failover
    await waitFor(async () => (await sourcesOn(cluster.icecast)).get(STANDBY_MOUNT) === 'a', 8000);
    assert.equal((await sourcesOn(cluster.icecast)).get(STANDBY_MOUNT), 'a');
    assert.equal(l.exited, false, `ffmpeg exited: ${l.stderr().slice(-2000)}`);
    assert.equal(await listenerConnections(cluster.icecast), 1);
  });
});
