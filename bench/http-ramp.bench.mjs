// Listeners ramped 1,000 -> 5,000 -> 10,000 against the real server (its own process, as users
// run it) and then against a real icecast2 with the same stream and burst size: at each step the
// server's CPU (from /proc, over HOLD seconds once everyone is connected and the bursts are over),
// its RSS (the median of a sample a second over the same HOLD seconds), and the listeners' rates
// (first to last byte in that window). Print the CPU ratio.
// Env: STEPS (1000,5000,10000), HOLD (seconds per step, 60), RAMP (connects per second, 200: Icecast 2.4's listen backlog is 5),
// ICECAST (0 skips it). Build first: npm run build. 10,000 listeners move 160 MB/s over
// loopback: on a shared machine run it briefly, and read the figures as measured under that load.
import fs from 'node:fs';
import os from 'node:os';
import {
  BURST_BYTES,
  BYTES_PER_SECOND,
  ICECAST_BIN,
  LoadGens,
  SETTLE_MS,
  benchLibrary,
  cpuSeconds,
  fmt,
  pct,
  sampledMemory,
  sleep,
  startIcecastFed,
  startParaweb,
  verdict,
} from './http-servers.mjs';

const STEPS = (process.env.STEPS ?? '1000,5000,10000').split(',').map(Number);
const HOLD = Number(process.env.HOLD ?? 60);
const RAMP = Number(process.env.RAMP ?? 200);
const ICECAST = process.env.ICECAST ? process.env.ICECAST === '1' : fs.existsSync(ICECAST_BIN);

async function ramp(server) {
  await sleep(SETTLE_MS);
  const c0 = cpuSeconds(server.pid);
  const t0 = performance.now();
  const idle = await sampledMemory(server.pid, 10_000);
  const idleCpu = ((cpuSeconds(server.pid) - c0) / ((performance.now() - t0) / 1000)) * 100;
  const rows = [{ n: 0, cpu: idleCpu, rss: idle.rss }];
  console.log(
    `  ${server.name} idle: RSS ${fmt(idle.rss / 1024, 1)} MB (median of 1-s samples), ` +
      `${idle.threads} threads`,
  );
  const gens = new LoadGens(server, { ramp: RAMP });
  try {
    for (const n of STEPS) {
      const ok = await gens.open(n);
      await sleep(5000);
      gens.mark();
      const c1 = cpuSeconds(server.pid);
      const t1 = performance.now();
      const { rss, threads } = await sampledMemory(server.pid, HOLD * 1000);
      const secs = (performance.now() - t1) / 1000;
      const cpu = ((cpuSeconds(server.pid) - c1) / secs) * 100;
      const r = await gens.report();
      rows.push({ n, ok, cpu, rss, ...r });
      const real = (x) => fmt((x / BYTES_PER_SECOND) * 100, 2);
      console.log(
        `  ${server.name} ${fmt(n)}: ${ok} got 200, ${r.closed} closed; CPU ${fmt(cpu, 1)} % of one` +
          ` core; RSS ${fmt(rss / 1024, 1)} MB (median of 1-s samples, ${threads} threads; ` +
          `+${fmt((rss - idle.rss) / n, 2)} KB per listener); ` +
          `rate min / p1 / median ${real(r.rates[0])} / ${real(pct(r.rates, 1))} / ` +
          `${real(pct(r.rates, 50))} %, ${r.rates.filter((x) => x >= 0.99 * BYTES_PER_SECOND).length}` +
          ` >= 99 %`,
      );
    }
  } finally {
    await gens.quit();
  }
  return rows;
}

console.log(
  `http-ramp: steps ${STEPS.join(' -> ')}, ${HOLD} s each, ${RAMP} connects/s, 128 kbit/s MP3, ` +
    `burst ${BURST_BYTES} bytes for both; ${os.cpus().length} cores, load average ` +
    `${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} (shared machine: figures as measured under that load)`,
);
const lib = benchLibrary();
const all = {};
for (const start of [
  () => startParaweb(lib),
  ICECAST ? () => startIcecastFed(lib, STEPS.at(-1) + 100) : null,
]) {
  if (!start) continue;
  const server = await start();
  try {
    all[server.name] = await ramp(server);
  } finally {
    await server.stop();
  }
}
const p = all.paraweb;
const ice = all.icecast2;
// CPU per listener served: Icecast 2.4's listen backlog of 5 turns some connects away
const served = (row) => Math.max(1, (row.ok ?? 0) - (row.closed ?? 0));
console.log(
  '\nstep       served paraweb / icecast2   CPU % paraweb / icecast2   CPU per served listener,' +
    ' ratio (target <= 0.25 at 10,000)   RSS MB paraweb / icecast2',
);
for (let i = 0; i < p.length; i++) {
  const q = ice?.[i];
  const ratio = q && i > 0 ? fmt(p[i].cpu / served(p[i]) / (q.cpu / served(q)), 2) : '-';
  console.log(
    `${fmt(p[i].n).padStart(7)}    ${String(i > 0 ? served(p[i]) : 0).padStart(6)} / ` +
      `${q && i > 0 ? served(q) : '-'}`.padEnd(22) +
      `${fmt(p[i].cpu, 1).padStart(6)} / ${q ? fmt(q.cpu, 1) : '-'}`.padEnd(27) +
      ratio.padEnd(45) +
      `${fmt(p[i].rss / 1024, 1)} / ${q ? fmt(q.rss / 1024, 1) : '-'}`,
  );
}
console.log('\ntargets (issue 18), paraweb:');
const perListener = (row) => (row.rss - p[0].rss) / row.n;
for (const row of p.slice(1)) {
  const onTime = row.rates.filter((x) => x >= 0.99 * BYTES_PER_SECOND).length;
  const ratio = ice && ice[p.indexOf(row)];
  const r = ratio ? row.cpu / served(row) / (ratio.cpu / served(ratio)) : undefined;
  // what one more listener costs, without each server's idle CPU spread over the listeners
  const above = ratio
    ? (row.cpu - p[0].cpu) / served(row) / ((ratio.cpu - ice[0].cpu) / served(ratio))
    : undefined;
  // issue 18 sets the CPU target for 10,000 listeners; smaller steps print the ratio only
  const cpuVerdict =
    row.n === 10_000 ? `target <= 0.25: ${verdict(r <= 0.25)}` : 'the target is set at 10,000';
  console.log(
    `  ${fmt(row.n)}: ${fmt(perListener(row), 2)} KB RSS per added listener (fresh process), target <= 4 KB: ` +
      `${verdict(perListener(row) <= 4)}; ${onTime} of ${fmt(row.n)} >= 99 % of real time, ` +
      `${row.closed} closed, target all: ${verdict(onTime === row.n && row.closed === 0)}` +
      (r === undefined
        ? ''
        : `; CPU per listener ${fmt(r, 2)}x icecast2's (${fmt(above, 2)}x above idle), ${cpuVerdict}`),
  );
}
