// Test helper: a network namespace of the test's own (ip netns, a veth pair) whose processes reach
// services on this machine's loopback through socat relays on the host end of the veth, and whose
// traffic to one port can be cut with iptables inside the namespace (packets dropped: no FIN, no
// RST, as when a network fails). Needs root (CAP_NET_ADMIN), iproute2, iptables and socat.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';

export interface Netns {
  name: string;
  /** the host end of the veth: the relays listen here */
  hostIp: string;
  /** the namespace's end */
  nsIp: string;
  /** a relay hostIp:port -> 127.0.0.1:port, for a service on the host's loopback */
  relay(port: number): Promise<void>;
  /** the command prefix that runs a program inside the namespace */
  exec: string[];
  /** drops the namespace's packets to and from `port` on the host */
  cut(port: number): void;
  close(): Promise<void>;
}

const ip = (...args: string[]): string => execFileSync('ip', args, { encoding: 'utf8' });

/** Fails with a clear message unless this process may make namespaces. */
export function needRoot(): void {
  if (process.getuid?.() !== 0)
    throw new Error(
      'this test cuts a network inside a namespace it makes (ip netns, iptables): run it as root ' +
        '(CI does: .ci/run installs packages with apt-get)',
    );
}

export function makeNetns(): Netns {
  needRoot();
  const id = crypto.randomBytes(3).toString('hex');
  const name = `pwcut-${id}`;
  const [h, n] = [`pwc${id}h`, `pwc${id}n`];
  // a /30 in 10.213.0.0/16 that no interface here uses yet
  const used = ip('-4', '-o', 'addr');
  let base = '';
  for (let i = 0; i < 50 && (base === '' || used.includes(`inet ${base}.`)); i++)
    base = `10.213.${crypto.randomInt(0, 256)}`;
  const hostIp = `${base}.1`;
  const nsIp = `${base}.2`;
  const relays: ChildProcess[] = [];
  ip('netns', 'add', name);
  try {
    ip('link', 'add', h, 'type', 'veth', 'peer', 'name', n);
    ip('link', 'set', n, 'netns', name);
    ip('addr', 'add', `${hostIp}/30`, 'dev', h);
    ip('link', 'set', h, 'up');
    ip('-n', name, 'addr', 'add', `${nsIp}/30`, 'dev', n);
    ip('-n', name, 'link', 'set', n, 'up');
    ip('-n', name, 'link', 'set', 'lo', 'up');
  } catch (err) {
    ip('netns', 'del', name);
    throw err;
  }
  const exec = ['ip', 'netns', 'exec', name];
  return {
    name,
    hostIp,
    nsIp,
    exec,
    async relay(port) {
      // keepalives of about 4 s on the namespace's side, as the election asks PostgreSQL for on
      // its connection: when the namespace's packets stop, the relay closes the connection to
      // the service, so PostgreSQL frees what that connection held, as after a real cut
      const listen = `TCP-LISTEN:${port},bind=${hostIp},fork,reuseaddr,keepalive,keepidle=2,keepintvl=1,keepcnt=2`;
      // a group of its own: the children it forks per connection end with it
      const r = spawn('socat', [listen, `TCP:127.0.0.1:${port}`], {
        stdio: 'ignore',
        detached: true,
      });
      relays.push(r);
      const end = Date.now() + 5000;
      while (Date.now() < end) {
        const ss = execFileSync('ss', ['-Htln', `sport = :${port}`], { encoding: 'utf8' });
        if (ss.includes(`${hostIp}:${port}`)) return;
        await new Promise((res) => setTimeout(res, 50));
      }
      throw new Error(`socat relay on ${hostIp}:${port} did not come up`);
    },
    cut(port) {
      const ipt = (...args: string[]): string =>
        execFileSync(exec[0]!, [...exec.slice(1), 'iptables', ...args], { encoding: 'utf8' });
      ipt('-A', 'OUTPUT', '-p', 'tcp', '-d', hostIp, '--dport', String(port), '-j', 'DROP');
      ipt('-A', 'INPUT', '-p', 'tcp', '-s', hostIp, '--sport', String(port), '-j', 'DROP');
    },
    async close() {
      for (const r of relays) {
        const gone = r.exitCode !== null || r.signalCode !== null;
        const exited = gone ? Promise.resolve() : new Promise((res) => r.once('exit', res));
        try {
          if (r.pid !== undefined) process.kill(-r.pid, 'SIGKILL');
        } catch {
          // the group is gone already
        }
        await exited;
      }
      // the veth pair goes with the namespace
      try {
        ip('netns', 'del', name);
      } catch {
        // already gone
      }
      try {
        ip('link', 'del', h);
      } catch {
        // gone with the namespace, as it should be
      }
    },
  };
}
