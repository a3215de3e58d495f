// A relay tree on loopback (issue #21): the real paraweb server -> Debian's icecast2 as master ->
// RELAYS icecast2 relays (<relay> of the master's mount), PER_RELAY 128 kbit/s listeners on each
// relay from load generators in processes of their own. Over a WINDOW s window: each listener's
// rate from its first to its last byte, CPU (% of one core) and RSS of every part from /proc,
// and the listeners paraweb sums across the relays (its /metrics).
// Env: PER_RELAY (2000), RELAYS (3), WINDOW (60), RAMP (connects per second per relay, 200).
// Build first: npm run build. The machine may be shared: the figures are what it gave then.
import os from 'node:os';
import { startIcecast } from './icecast-server.mjs';
import {
  BURST_BYTES,
  BYTES_PER_SECOND,
  LoadGens,
  benchLibrary,
  cpuSeconds,
  fmt,
  freePort,
  memory,
  pct,
  sleep,
  startParaweb,
} from './http-servers.mjs';

const PER_RELAY = Number(process.env.PER_RELAY ?? 2000);
const RELAYS = Number(process.env.RELAYS ?? 3);
const WINDOW = Number(process.env.WINDOW ?? 60);
const RAMP = Number(process.env.RAMP ?? 200);
const MOUNT = '/radio.mp3';
const N = PER_RELAY * RELAYS;

const relayXml = (masterPort) =>
  `<relay><server>127.0.0.1</server><port>${masterPort}</port><mount>${MOUNT}</mount>` +
  `<local-mount>${MOUNT}</local-mount><on-demand>0</on-demand></relay>`;

async function until(check, ms, what) {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(200))
    if (await check().catch(() => false)) return;
  throw new Error(`timed out waiting for ${what}`);
}

const live = async (ice) => (await ice.mounts()).some((m) => m.mount === MOUNT);

async function metrics(apiPort) {
  const text = await (await fetch(`http://127.0.0.1:${apiPort}/metrics`)).text();
  const pick = (name) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return {
    summed: pick('paraweb_audience_listeners'),
    master: pick(`paraweb_listeners\\{output="icecast:${MOUNT}"\\}`),
    relays: [...text.matchAll(/^paraweb_relay_listeners\{relay="([^"]+)"\} (\S+)$/gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    ),
  };
}

console.log(
  `relay-tree: paraweb -> icecast2 master -> ${RELAYS} icecast2 relays x ${fmt(PER_RELAY)} ` +
    `listeners (${fmt(N)}), window ${WINDOW} s, ${RAMP} connects/s per relay, 128 kbit/s MP3, ` +
    `burst ${BURST_BYTES} bytes; ${os.cpus().length} cores, load average ` +
    `${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} (shared machine: figures as measured under that load)`,
);
const lib = benchLibrary();
const master = await startIcecast({ clients: RELAYS + 100, burstSize: BURST_BYTES });
const relayPorts = [];
for (let i = 0; i < RELAYS; i++) relayPorts.push(await freePort());
const apiPort = await freePort();
const paraweb = await startParaweb(lib, {
  apiPort,
  extra: [
    ...['--icecast-target', master.source(MOUNT), '--http-no-live-mp3', '--hls-disable'],
    ...relayPorts.map((p, i) => `--relay=r${i + 1}=http://127.0.0.1:${p}${MOUNT}`),
  ],
  ready: () => until(() => live(master), 30_000, "the master's mount"),
});
const relays = [];
const gens = [];
try {
  // an Icecast 2.4 relay that finds no mount on the master waits long to try again: start them now
  relays.push(
    ...(await Promise.all(
      relayPorts.map((port) =>
        startIcecast({
          clients: PER_RELAY + 100,
          burstSize: BURST_BYTES,
          port,
          extra: relayXml(master.port),
        }),
      ),
    )),
  );
  for (const r of relays) await until(() => live(r), 15_000, `the relay on ${r.port}`);
  await sleep((BURST_BYTES / BYTES_PER_SECOND) * 1000); // the relays' bursts are full
  const parts = [
    { name: 'paraweb', pid: paraweb.pid },
    { name: 'icecast2 master', pid: master.pid },
    ...relays.map((r, i) => ({ name: `icecast2 relay r${i + 1}`, pid: r.pid })),
  ];
  const idle = parts.map((p) => memory(p.pid));
  for (const r of relays) gens.push(new LoadGens({ port: r.port, path: MOUNT }, { ramp: RAMP }));
  const t0open = performance.now();
  const ok = await Promise.all(gens.map((g) => g.open(PER_RELAY)));
  const openS = (performance.now() - t0open) / 1000;
  await sleep(5000); // the bursts are over
  for (const g of gens) g.mark();
  const c0 = parts.map((p) => cpuSeconds(p.pid));
  const g0 = gens.map((g) => g.cpuSeconds());
  const t0 = performance.now();
  await sleep(WINDOW * 1000);
  const secs = (performance.now() - t0) / 1000;
  const cpu = parts.map((p, i) => ((cpuSeconds(p.pid) - c0[i]) / secs) * 100);
  const genCpu = gens.map((g, i) => ((g.cpuSeconds() - g0[i]) / secs) * 100);
  const mem = parts.map((p) => memory(p.pid));
  const counted = await metrics(apiPort);
  const reports = await Promise.all(gens.map((g) => g.report()));

  console.log(`\nopened ${fmt(N)} listeners in ${fmt(openS, 1)} s; window ${fmt(secs, 1)} s`);
  console.log('part                   CPU % of a core   RSS idle -> loaded (MB)   per listener');
  parts.forEach((p, i) => {
    const per = i >= 2 ? `${fmt((mem[i].rss - idle[i].rss) / PER_RELAY, 2)} KB` : '';
    console.log(
      `  ${p.name.padEnd(21)} ${fmt(cpu[i], 1).padStart(8)}        ` +
        `${fmt(idle[i].rss / 1024, 1).padStart(7)} -> ${fmt(mem[i].rss / 1024, 1).padEnd(10)}    ${per}`,
    );
  });
  console.log(
    `  load generators       ${fmt(
      genCpu.reduce((a, b) => a + b, 0),
      1,
    ).padStart(8)}        (${gens.length} x ${gens[0]?.gens.length ?? 0} processes)`,
  );
  const real = (x) => `${fmt((x / BYTES_PER_SECOND) * 100, 2)} %`;
  let good = 0;
  reports.forEach((r, i) => {
    const n = r.rates.filter((x) => x >= 0.99 * BYTES_PER_SECOND).length;
    good += n;
    console.log(
      `  r${i + 1}: ${ok[i]} got 200, ${r.closed} closed early; rate min ${real(r.rates[0])}, ` +
        `p1 ${real(pct(r.rates, 1))}, median ${real(pct(r.rates, 50))}; ${n} of ${PER_RELAY} >= 99 %`,
    );
  });
  console.log(
    `paraweb counted: ${counted.summed} across the tree (master ${counted.master}: the ` +
      `${RELAYS} relays' connections; relays ${counted.relays.join(', ')})`,
  );
  const relayCpu = cpu.slice(2);
  const relayMem = mem.slice(2).map((m, i) => m.rss - idle[i + 2].rss);
  console.log(
    `per listener on a relay: CPU ${fmt(relayCpu.reduce((a, b) => a + b, 0) / N, 4)} % of a core, ` +
      `RSS ${fmt(relayMem.reduce((a, b) => a + b, 0) / N, 2)} KB`,
  );
  console.log(
    `\ntarget (issue 21): all ${fmt(N)} listeners >= 99 % of real time: ${fmt(good)} of ${fmt(N)}` +
      `${good === N ? ' (met)' : ' (MISSED)'}; paraweb counts ${fmt(N)}: ${counted.summed}` +
      `${counted.summed === N ? ' (met)' : ' (MISSED)'}`,
  );
} finally {
  for (const g of gens) await g.quit().catch(() => {});
  for (const r of relays) await r.stop();
  await paraweb.stop();
  await master.stop();
}
