// A real icecast2 (apt) for the benchmarks: config in a temp dir, a free port on 127.0.0.1, run as
// the Debian user icecast2 when we are root (icecast2 refuses root), open files raised for N
// listeners. Returns its pid (for CPU and memory), the source URL and a stop().
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const ICECAST_BIN = '/usr/bin/icecast2';
const SOURCE_PASSWORD = 'benchsrc';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** the mounts of /status-json.xsl: [{ mount, listeners }] */
async function mounts(port) {
  const res = await fetch(`http://127.0.0.1:${port}/status-json.xsl`);
  const src = (await res.json()).icestats?.source;
  const list = src === undefined ? [] : Array.isArray(src) ? src : [src];
  return list.map((s) => ({ mount: new URL(s.listenurl).pathname, listeners: s.listeners ?? 0 }));
}

/**
 * Starts icecast2 with room for `clients` listeners (Icecast 2.4's listen backlog stays 5), on
 * `port` if given; `extra`: more of icecast.xml (a <relay> block).
 */
export async function startIcecast({ clients, burstSize = 65535, port: fixedPort, extra = '' }) {
  if (!fs.existsSync(ICECAST_BIN))
    throw new Error(`${ICECAST_BIN} not found: apt-get install icecast2`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paraweb-bench-icecast-'));
  const port = fixedPort ?? (await freePort());
  const file = path.join(dir, 'icecast.xml');
  // the anchor's settings (docs/streaming.md): burst 64 KiB unless told, queue 512 KiB
  fs.writeFileSync(
    file,
    `<icecast><hostname>127.0.0.1</hostname>
  <limits><clients>${clients}</clients><sources>2</sources><queue-size>524288</queue-size>
    <client-timeout>30</client-timeout><header-timeout>15</header-timeout>
    <source-timeout>10</source-timeout><burst-on-connect>1</burst-on-connect>
    <burst-size>${burstSize}</burst-size></limits>
  <authentication><source-password>${SOURCE_PASSWORD}</source-password>
    <relay-password>benchrelay</relay-password><admin-user>admin</admin-user>
    <admin-password>benchadmin</admin-password></authentication>
  <listen-socket><port>${port}</port><bind-address>127.0.0.1</bind-address></listen-socket>
  <paths><basedir>/usr/share/icecast2</basedir><logdir>${dir}</logdir>
    <webroot>/usr/share/icecast2/web</webroot><adminroot>/usr/share/icecast2/admin</adminroot>
    <pidfile>${dir}/icecast.pid</pidfile></paths>
  <logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog><loglevel>2</loglevel></logging>
  <security><chroot>0</chroot></security>${extra}</icecast>
`,
  );
  const root = process.getuid?.() === 0;
  const script = `ulimit -n ${clients + 1000} 2>/dev/null; exec ${ICECAST_BIN} -c ${file}`;
  if (root) {
    fs.chmodSync(dir, 0o755);
    execFileSync('chown', ['-R', 'icecast2:icecast', dir]);
  }
  const child = root
    ? spawn('runuser', ['-u', 'icecast2', '--', 'bash', '-c', script], { stdio: 'ignore' })
    : spawn('bash', ['-c', script], { stdio: 'ignore' });
  let exited = false;
  const gone = new Promise((r) => child.on('exit', () => r((exited = true))));
  let pid = 0;
  for (let i = 0; i < 150 && !exited; i++) {
    await sleep(100);
    try {
      pid = Number(fs.readFileSync(path.join(dir, 'icecast.pid'), 'utf8'));
      await mounts(port);
      break;
    } catch {
      pid = 0;
    }
  }
  if (!pid) {
    child.kill('SIGKILL');
    throw new Error(`icecast2 did not start on port ${port} (see ${dir})`);
  }
  return {
    port,
    pid,
    source: (mount) => `icecast://source:${SOURCE_PASSWORD}@127.0.0.1:${port}${mount}`,
    mounts: () => mounts(port),
    async stop() {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(t);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
