// A relay tree on loopback (issue #21), all real: para_server -> Debian's icecast2 as master ->
// three icecast2 relays (<relay> of the master's mount). Listeners on each relay are counted
// and summed by para_server without the relays' own connections to the master; /api/stream
// (what /listen plays) names the least loaded healthy relay, never a stopped one, and null when
// none is left; `audience now` on the command port and /api/nowplaying's count say the same.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { tempDir } from '../../test/db.js';
import { ADMIN, freePort, run, startServer, waitFor } from '../../test/spawn.js';
import { synth } from '../../test/tiny-library.js';
import { startIcecast, type Icecast } from '../senders/icecast/test-helpers.js';
import { runCommand } from '../transports/tcp/client.js';
import { sshKeygen, type KeyFiles } from '../transports/tcp/test-util.js';

const MOUNT = '/radio.mp3';

const relayXml = (masterPort: number): string =>
  `<relay><server>127.0.0.1</server><port>${masterPort}</port><mount>${MOUNT}</mount>` +
  `<local-mount>${MOUNT}</local-mount><on-demand>0</on-demand></relay>`;

/** a listener that reads and drops the stream */
function listen(port: number): net.Socket {
  const s = net.connect(port, '127.0.0.1', () =>
    s.write(`GET ${MOUNT} HTTP/1.0\r\nHost: test\r\n\r\n`),
  );
  s.on('data', () => {});
  s.on('error', () => {});
  return s;
}

describe('relay tree: para_server -> icecast2 master -> 3 icecast2 relays', () => {
  const dir = tempDir('paraweb-relays-');
  let keys: KeyFiles;
  let master: Icecast;
  const relays: Icecast[] = [];
  const sockets: net.Socket[] = [];
  let server: ReturnType<typeof startServer>;
  let apiPort = 0;
  let port = 0;

  const metrics = async (): Promise<Map<string, number>> => {
    const text = await (await fetch(`http://127.0.0.1:${apiPort}/metrics`)).text();
    const m = new Map<string, number>();
    for (const line of text.split('\n'))
      if (/^paraweb_(relay_|audience_listeners|listeners\{)/.test(line)) {
        const i = line.lastIndexOf(' ');
        m.set(line.slice(0, i), Number(line.slice(i + 1)));
      }
    return m;
  };
  const relayUrl = (i: number): string => `http://127.0.0.1:${relays[i]!.port}${MOUNT}`;
  /** `not`: the relay the player just lost */
  const pick = async (not?: string): Promise<string | null> => {
    const q = not === undefined ? '' : `?not=${encodeURIComponent(not)}`;
    const res = await fetch(`http://127.0.0.1:${apiPort}/api/stream${q}`);
    assert.equal(res.status, 200);
    const text = await res.text();
    // only the public URL: no stats URL, no login
    assert.doesNotMatch(text, /status-json|admin|pw@/);
    return (JSON.parse(text) as { url: string | null }).url;
  };
  /** waits until the metrics hold `want` (each key's value), within `ms` */
  const until = async (want: Record<string, number>, ms: number): Promise<void> => {
    let last = new Map<string, number>();
    await waitFor(async () => {
      last = await metrics();
      return Object.entries(want).every(([k, v]) => last.get(k) === v);
    }, ms).catch(() => {
      throw new Error(
        `metrics never read ${JSON.stringify(want)}: ${JSON.stringify([...last.entries()])}`,
      );
    });
  };

  before(async () => {
    keys = sshKeygen(dir, 'admin', 'openssh');
    fs.writeFileSync(path.join(dir, 'users'), `user admin ${keys.pub} AFS_READ,VSS_READ\n`);
    const lib = path.join(dir, 'lib');
    fs.mkdirSync(lib);
    for (const s of [5, 6])
      synth(s, ['-ar', '44100', '-b:a', '128k', '-f', 'mp3', path.join(lib, `${s}.mp3`)]);
    const db = path.join(dir, 'db');
    const r = await run(ADMIN, ['--afs-database-dir', db, 'add', lib]);
    assert.equal(r.code, 0, r.stderr);
    master = await startIcecast();
    // listed before they run (they are unhealthy until then); an Icecast 2.4 relay that finds
    // no mount on the master waits long to try again, so they start once the master has it
    const relayPorts = [await freePort(), await freePort(), await freePort()];
    const url = (i: number): string => `http://127.0.0.1:${relayPorts[i]}${MOUNT}`;
    port = await freePort();
    apiPort = await freePort();
    server = startServer([
      ...['--afs-database-dir', db, '--user-list', path.join(dir, 'users'), '--autoplay'],
      ...['--port', String(port), '--listen-address', '127.0.0.1'],
      ...['--api-port', String(apiPort), '--api-listen-address', '127.0.0.1'],
      ...['--http-port', String(await freePort()), '--http-listen-address', '127.0.0.1'],
      ...['--http-no-live-mp3', '--hls-disable', '--icecast-target', master.target(MOUNT)],
      // r1 and r2 read through /status-json.xsl, r3 through /admin/stats with the admin's login
      `--relay=r1=${url(0)}`,
      `--relay=r2=${url(1)}`,
      `--relay=r3=${url(2)},stats=http://admin:adminpw@127.0.0.1:${relayPorts[2]}/admin/stats`,
      ...['--relay-interval=1', '--public-listeners'],
    ]);
    await waitFor(
      async () =>
        server.child.exitCode !== null || (await master.mounts()).some((m) => m.mount === MOUNT),
      30_000,
    );
    assert.equal(server.child.exitCode, null, server.stderr());
    relays.push(
      ...(await Promise.all(relayPorts.map((p) => startIcecast(relayXml(master.port), p)))),
    );
    await waitFor(async () => {
      const live = await Promise.all(relays.map((r) => r.mounts()));
      return live.every((m) => m.some((x) => x.mount === MOUNT));
    }, 15_000);
  });
  after(async () => {
    for (const s of sockets) s.destroy();
    server?.child.kill('SIGKILL');
    await server?.exited;
    for (const r of relays) await r.stop();
    await master?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const command = async (argv: string[]): Promise<string> => {
    let out = '';
    const r = await runCommand({ host: '127.0.0.1', port, user: 'admin', key: keys.key }, argv, {
      output: (d) => (out += d.toString()),
      log: (_l, d) => (out += d.toString()),
      signal: AbortSignal.timeout(10_000),
    });
    assert.ok(r.success, out);
    return out;
  };
  const relayLine = (name: string) => new RegExp(`^relay ${name}\\t(\\S+)\\t(\\S+)\\t`, 'm');

  test('listeners on each relay counted and summed; the least loaded picked; a stopped relay skipped', async () => {
    // 2 on r1, 1 on r2, none on r3, 1 on the master itself
    for (const [i, n] of [
      [0, 2],
      [1, 1],
    ] as const)
      for (let k = 0; k < n; k++) sockets.push(listen(relays[i]!.port));
    sockets.push(listen(master.port));
    const ice = `paraweb_listeners{output="icecast:${MOUNT}"}`;
    // the master counts 1 listener and the 3 relays; the sum leaves the relays' connections out
    // (1 + 3 - 3 + 2 + 1 + 0 = 4; 7 if they were counted); Icecast's own count of the master
    // comes every 10 s
    await until(
      {
        'paraweb_relay_listeners{relay="r1"}': 2,
        'paraweb_relay_listeners{relay="r2"}': 1,
        'paraweb_relay_listeners{relay="r3"}': 0,
        'paraweb_relay_up{relay="r3"}': 1,
        [ice]: 4,
        paraweb_audience_listeners: 4,
      },
      25_000,
    );
    // /listen's published count is the same sum
    const view = (await (await fetch(`http://127.0.0.1:${apiPort}/api/nowplaying`)).json()) as {
      listeners?: number;
      stream: { relays: boolean };
    };
    assert.equal(view.listeners, 4);
    assert.equal(view.stream.relays, true);
    const now = await command(['audience', 'now']);
    assert.match(now, /^listeners: 4 \(this server 4 less 3 relay connections, relays 3\)$/m);
    assert.match(now, relayLine('r1'));
    assert.deepEqual(relayLine('r1').exec(now)?.slice(1), ['healthy', '2']);
    assert.doesNotMatch(now, /adminpw/);

    // the least loaded: r3 (0); loaded with 3 it is r2 (1)
    assert.equal(await pick(), relayUrl(2));
    for (let k = 0; k < 3; k++) sockets.push(listen(relays[2]!.port));
    await until({ 'paraweb_relay_listeners{relay="r3"}': 3 }, 10_000);
    assert.equal(await pick(), relayUrl(1));

    // r2 stopped: unhealthy within a few seconds, never picked; its listener is gone from the sum
    await relays[1]!.stop();
    await until({ 'paraweb_relay_up{relay="r2"}': 0 }, 5_000);
    for (let k = 0; k < 6; k++) assert.notEqual(await pick(), relayUrl(1));
    assert.deepEqual(
      relayLine('r2')
        .exec(await command(['audience', 'now']))
        ?.slice(1),
      ['unhealthy', '-'],
    );
    // master: 1 + r1 + r3 = 3, less 2 relays, + 2 + 3 = 6
    await until({ [ice]: 3, paraweb_audience_listeners: 6 }, 15_000);

    // a player that lost r1 is sent to r3 and the other way round, before any round has run
    assert.equal(await pick(relayUrl(0)), relayUrl(2));
    assert.equal(await pick(relayUrl(2)), relayUrl(0));
    const bad = await fetch(`http://127.0.0.1:${apiPort}/api/stream?not=a&not=b`);
    assert.equal(bad.status, 400);

    // none left: /listen plays this server's own mounts
    await Promise.all([relays[0]!.stop(), relays[2]!.stop()]);
    await until({ 'paraweb_relay_up{relay="r1"}': 0, 'paraweb_relay_up{relay="r3"}': 0 }, 5_000);
    assert.equal(await pick(), null);
  });
});
