// A Debian icecast2 for the relay journey: a relay of the HTTP sender's /live.mp3 on a fixed
// port (the server lists it with --relay), config in a temp dir, run as the Debian user
// icecast2 when we are root (icecast2 refuses root). CORS as the docs ask of a relay
// (docs/scale-out.md): the player's <audio crossorigin> needs it.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Relay {
  listeners(mount: string): Promise<number | undefined>;
  stop(): Promise<void>;
}

export function startRelay(port: number, upstreamPort: number, mount: string): Relay {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paraweb-e2e-relay-'));
  const file = path.join(dir, 'icecast.xml');
  fs.writeFileSync(
    file,
    `<icecast><hostname>127.0.0.1</hostname>
  <limits><clients>20</clients><sources>2</sources><burst-size>65535</burst-size></limits>
  <authentication><source-password>e2esrc</source-password><admin-user>admin</admin-user>
    <admin-password>e2eadmin</admin-password></authentication>
  <listen-socket><port>${port}</port><bind-address>127.0.0.1</bind-address></listen-socket>
  <http-headers><header name="Access-Control-Allow-Origin" value="*" /></http-headers>
  <relay><server>127.0.0.1</server><port>${upstreamPort}</port><mount>${mount}</mount>
    <local-mount>${mount}</local-mount><on-demand>0</on-demand></relay>
  <paths><basedir>/usr/share/icecast2</basedir><logdir>${dir}</logdir>
    <webroot>/usr/share/icecast2/web</webroot><adminroot>/usr/share/icecast2/admin</adminroot>
    <pidfile>${dir}/icecast.pid</pidfile></paths>
  <logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog><loglevel>2</loglevel></logging>
  <security><chroot>0</chroot></security></icecast>
`,
  );
  const root = process.getuid?.() === 0;
  if (root) {
    fs.chmodSync(dir, 0o755);
    execFileSync('chown', ['-R', 'icecast2:icecast', dir]);
  }
  const child = root
    ? spawn('runuser', ['-u', 'icecast2', '--', '/usr/bin/icecast2', '-c', file], {
        stdio: 'ignore',
      })
    : spawn('/usr/bin/icecast2', ['-c', file], { stdio: 'ignore' });
  const gone = new Promise((r) => child.on('exit', r));
  const listeners = async (m: string): Promise<number | undefined> => {
    const res = await fetch(`http://127.0.0.1:${port}/status-json.xsl`);
    const src = ((await res.json()) as { icestats?: { source?: unknown } }).icestats?.source;
    const list = (Array.isArray(src) ? src : src ? [src] : []) as {
      listenurl: string;
      listeners: number;
    }[];
    return list.find((s) => new URL(s.listenurl).pathname === m)?.listeners;
  };
  return {
    listeners: (m: string) => listeners(m).catch(() => undefined),
    async stop() {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(t);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
