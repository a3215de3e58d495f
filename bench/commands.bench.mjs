// The command port: commands per second over TCP with 2048-bit keys, handshake included (target
// >= 200/s), and 1,000 concurrent `stat` connections that must see a status change within
// 100 ms. The server runs in this process, the clients in a forked one (so they do not share a
// core with the server's event loop). PARAWEB_SERVER_DIST selects another build of the server.
import { fork } from 'node:child_process';
import crypto from 'node:crypto';
import { setMaxListeners } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(
  path.resolve(process.env.PARAWEB_SERVER_DIST ?? path.join(root, 'apps', 'server', 'dist')),
  'src',
);
const tcp = await import(path.join(dist, 'transports', 'tcp', 'index.js'));
const users = await import(path.join(dist, 'users', 'index.js'));
// both processes read the same system clock; performance.timeOrigin differs by a few ms between them
const now = () => Date.now();
const fmt = (n, d = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

if (process.argv[2] === 'client') await clientRole(JSON.parse(process.argv[3]));
else await serverRole();

async function serverRole() {
  const { openDatabase, migrate } = await import(path.join(dist, 'db', 'index.js'));
  const { Afs } = await import(path.join(dist, 'afs', 'index.js'));
  const commands = await import(path.join(dist, 'commands', 'index.js'));
  const { silentLogger } = await import(path.join(dist, 'log.js'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paraweb-cmd-bench-'));
  const db = await openDatabase(`file:${path.join(dir, 'bench.db')}`);
  await migrate(db);
  const afs = await Afs.open(db);
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyFile = path.join(dir, 'bench.key');
  fs.writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  fs.writeFileSync(`${keyFile}.pub`, publicKey.export({ type: 'spki', format: 'pem' }));
  fs.writeFileSync(path.join(dir, 'server.users'), `user bench ${keyFile}.pub AFS_READ,VSS_READ\n`);
  const userList = new users.UserList(path.join(dir, 'server.users'));
  await userList.load();

  let items = [['status', 'stopped']];
  const listeners = new Set();
  const feed = {
    items: () => items,
    subscribe: (l) => (listeners.add(l), () => listeners.delete(l)),
  };
  const services = {
    afs,
    server: { version: 'bench', startedAt: new Date() },
    status: feed,
    users: userList,
  };
  const server = await tcp.startCommandServer({
    port: 0,
    hosts: ['127.0.0.1'],
    users: userList,
    commands: commands.buildCommandTable(),
    services,
    logger: silentLogger(),
  });
  console.log(`command port benchmark, ${os.cpus().length} cores, node ${process.version}`);

  // where the time goes: the RSA operations alone, one core
  const rand = crypto.randomBytes(128);
  const oaep = { padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' };
  const time = (n, fn) => {
    const t = performance.now();
    for (let i = 0; i < n; i++) fn();
    return (performance.now() - t) / n;
  };
  const enc = crypto.publicEncrypt({ key: publicKey, ...oaep }, rand);
  const encMs = time(2000, () => crypto.publicEncrypt({ key: publicKey, ...oaep }, rand));
  time(100, () => crypto.privateDecrypt({ key: privateKey, ...oaep }, enc));
  const decMs = time(1000, () => crypto.privateDecrypt({ key: privateKey, ...oaep }, enc));
  console.log(
    `RSA-2048 OAEP: server's public-key encrypt ${fmt(encMs * 1000)} µs, client's private-key decrypt ${fmt(decMs, 2)} ms`,
  );

  // warm-up (JIT, key caches), not reported
  await runClient({
    role: 'rate',
    port: server.port,
    keyFile,
    command: 'version',
    parallel: 8,
    ms: 1000,
  });
  for (const [command, parallel] of [
    ['version', 8],
    ['version', 32],
    ['lsatt', 32],
  ]) {
    const cpu = process.cpuUsage();
    const r = await runClient({
      role: 'rate',
      port: server.port,
      keyFile,
      command,
      parallel,
      ms: 5000,
    });
    const serverCpu = process.cpuUsage(cpu);
    const rate = r.count / (r.ms / 1000);
    console.log(
      `${command}, ${parallel} parallel connections: ${fmt(rate)} commands/s (target >= 200: ${rate >= 200 ? 'met' : 'MISSED'}), ` +
        `latency median ${fmt(r.p50, 1)} ms, p99 ${fmt(r.p99, 1)} ms, errors ${r.errors}; ` +
        `CPU per command: server ${fmt((serverCpu.user + serverCpu.system) / 1000 / r.count, 2)} ms, ` +
        `client ${fmt(r.cpuMs / r.count, 2)} ms`,
    );
  }

  // 1,000 stat connections; each change must reach all of them within 100 ms
  const N = Number(process.env.STAT_CONNECTIONS ?? 1000);
  const ROUNDS = 5;
  const child = fork(fileURLToPath(import.meta.url), [
    'client',
    JSON.stringify({ role: 'stat', port: server.port, keyFile, connections: N, rounds: ROUNDS }),
  ]);
  const done = new Promise((resolve, reject) => {
    child.on('message', async (m) => {
      if (m.type === 'ready') {
        console.log(
          `${fmt(N)} stat connections open in ${fmt(m.ms)} ms (server counts ${server.counters().active})`,
        );
        for (let round = 1; round <= ROUNDS; round++) {
          await new Promise((r) => setTimeout(r, 300));
          const t0 = now();
          items = [['status', `round ${round}`]];
          for (const l of [...listeners]) l();
          child.send({ type: 'changed', round, t0 });
        }
      } else if (m.type === 'result') resolve(m);
    });
    child.on('error', reject);
    child.on('exit', (code) => code && reject(new Error(`client exited ${code}`)));
  });
  const res = await done;
  for (const r of res.rounds) {
    console.log(
      `change ${r.round}: ${fmt(r.received)}/${fmt(N)} received, latency median ${fmt(r.p50, 1)} ms, ` +
        `max ${fmt(r.max, 1)} ms; target all within 100 ms: ${r.received === N && r.max <= 100 ? 'met' : 'MISSED'}`,
    );
  }
  child.kill();
  await server.close();
  await afs.close();
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

function runClient(opts) {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['client', JSON.stringify(opts)]);
    child.on('message', (m) => m.type === 'result' && resolve(m));
    child.on('error', reject);
    child.on('exit', (code) => code && reject(new Error(`client exited ${code}`)));
  });
}

function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))] ?? 0;
}

async function clientRole(opts) {
  const key = users.parsePrivateKey(fs.readFileSync(opts.keyFile, 'utf8'));
  const client = { host: '127.0.0.1', port: opts.port, user: 'bench', key };
  if (opts.role === 'rate') {
    const cpu = process.cpuUsage();
    const start = performance.now();
    const lat = [];
    let errors = 0;
    const loop = async () => {
      while (performance.now() - start < opts.ms) {
        const t = performance.now();
        try {
          const r = await tcp.runCommand(client, [opts.command], { output: () => {} });
          if (r.success) lat.push(performance.now() - t);
          else errors++;
        } catch {
          errors++;
        }
      }
    };
    await Promise.all(Array.from({ length: opts.parallel }, loop));
    const used = process.cpuUsage(cpu);
    process.send({
      type: 'result',
      count: lat.length,
      errors,
      ms: performance.now() - start,
      p50: percentile(lat, 50),
      p99: percentile(lat, 99),
      cpuMs: (used.user + used.system) / 1000,
    });
    process.exit(0);
  }
  // stat: open all connections, report when each has its first dump, then time the changes
  const arrivals = Array.from({ length: opts.connections }, () => []);
  const abort = new AbortController();
  setMaxListeners(0, abort.signal); // one signal ends all the stat connections
  const start = performance.now();
  let open = 0;
  let next = 0;
  const opened = new Promise((resolve) => {
    const openOne = async () => {
      while (next < opts.connections) {
        const i = next++;
        await new Promise((firstDump) => {
          tcp
            .runCommand(client, ['stat'], {
              output: () => {
                arrivals[i].push(now());
                if (arrivals[i].length === 1) firstDump();
              },
              signal: abort.signal,
            })
            .catch((err) => {
              console.error(`stat ${i}: ${err.message}`);
              firstDump();
            });
        });
        if (++open === opts.connections) resolve();
      }
    };
    for (let k = 0; k < 50; k++) void openOne();
  });
  await opened;
  process.send({ type: 'ready', ms: performance.now() - start });
  const rounds = [];
  process.on('message', (m) => {
    if (m.type !== 'changed') return;
    // wait long enough for the slowest, then measure
    setTimeout(() => {
      const lat = arrivals
        .map((a) => a[m.round])
        .filter((t) => t !== undefined)
        .map((t) => t - m.t0);
      rounds.push({
        round: m.round,
        received: lat.length,
        p50: percentile(lat, 50),
        max: Math.max(0, ...lat),
      });
      if (rounds.length === opts.rounds) {
        abort.abort();
        process.send({ type: 'result', rounds });
        setTimeout(() => process.exit(0), 100);
      }
    }, 250);
  });
}
