// Test helpers for the Icecast sender: a real icecast2 (from apt) on a free port with its config in
// a temp dir, run as the Debian user icecast2 when we are root, and a raw ICY listener.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../../test/spawn.js';

export const ICECAST_BIN = '/usr/bin/icecast2';
export const SOURCE_PASSWORD = 'srcpw';
export const ADMIN = { user: 'admin', password: 'adminpw' };

export interface IcecastMount {
  mount: string;
  contentType: string;
  title: string | undefined;
  listeners: number;
}

export interface Icecast {
  port: number;
  dir: string;
  /** the mounts /status-json.xsl lists now */
  mounts(): Promise<IcecastMount[]>;
  /** icecast://source:<password>@127.0.0.1:<port><mount> */
  target(mount: string, password?: string): string;
  /** lines of Icecast's error log (log level 3: info) */
  errorLog(): string;
  stop(): Promise<void>;
}

function config(dir: string, port: number, extra: string): string {
  return `<icecast>
  <hostname>127.0.0.1</hostname>
  <limits><clients>100</clients><sources>8</sources><queue-size>524288</queue-size>
    <client-timeout>30</client-timeout><header-timeout>15</header-timeout>
    <source-timeout>10</source-timeout><burst-on-connect>1</burst-on-connect>
    <burst-size>65535</burst-size></limits>
  <authentication><source-password>${SOURCE_PASSWORD}</source-password>
    <relay-password>relaypw</relay-password><admin-user>${ADMIN.user}</admin-user>
    <admin-password>${ADMIN.password}</admin-password></authentication>
  <listen-socket><port>${port}</port><bind-address>127.0.0.1</bind-address></listen-socket>
  <paths><basedir>/usr/share/icecast2</basedir><logdir>${dir}</logdir>
    <webroot>/usr/share/icecast2/web</webroot><adminroot>/usr/share/icecast2/admin</adminroot>
    <pidfile>${dir}/icecast.pid</pidfile></paths>
  <logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog>
    <loglevel>3</loglevel></logging>
  <security><chroot>0</chroot></security>
  ${extra}
</icecast>
`;
}

interface RawStatus {
  icestats?: { source?: RawSource | RawSource[] };
}
interface RawSource {
  listenurl?: string;
  server_type?: string;
  title?: string;
  artist?: string;
  listeners?: number;
}

async function getStatus(port: number): Promise<IcecastMount[]> {
  const res = await fetch(`http://127.0.0.1:${port}/status-json.xsl`);
  if (!res.ok) throw new Error(`status-json.xsl: HTTP ${res.status}`);
  const raw = (await res.json()) as RawStatus;
  const src = raw.icestats?.source;
  const list = src === undefined ? [] : Array.isArray(src) ? src : [src];
  return list.map((s) => ({
    mount: new URL(s.listenurl ?? 'http://x/').pathname,
    contentType: s.server_type ?? '',
    title: s.title,
    listeners: s.listeners ?? 0,
  }));
}

/**
 * Starts icecast2 on a free port (or `fixedPort`); fails (never skips) when it is not installed.
 * `extra`: more of icecast.xml (<mount> elements, a <relay> block for a relay of another Icecast).
 */
export async function startIcecast(extra = '', fixedPort?: number): Promise<Icecast> {
  if (!fs.existsSync(ICECAST_BIN)) {
    throw new Error(
      `${ICECAST_BIN} not found: the Icecast sender is tested against a real Icecast 2.4; ` +
        'install it with `apt-get install icecast2`',
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paraweb-icecast-'));
  const root = process.getuid?.() === 0;
  // icecast2 refuses to run as root: as root, run it as the user the Debian package made
  if (root) fs.chmodSync(dir, 0o755);
  let lastError = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = fixedPort ?? (await freePort());
    const file = path.join(dir, 'icecast.xml');
    fs.writeFileSync(file, config(dir, port, extra));
    if (root) execFileSync('chown', ['-R', 'icecast2:icecast', dir]);
    const child: ChildProcess = root
      ? spawn('runuser', ['-u', 'icecast2', '--', ICECAST_BIN, '-c', file], { stdio: 'pipe' })
      : spawn(ICECAST_BIN, ['-c', file], { stdio: 'pipe' });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    let gone = false;
    void exited.then(() => (gone = true));
    const end = Date.now() + 15_000;
    let up = false;
    while (!gone && Date.now() < end) {
      if (
        await getStatus(port).then(
          () => true,
          () => false,
        )
      ) {
        up = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const errorLog = (): string => {
      try {
        return fs.readFileSync(path.join(dir, 'error.log'), 'utf8');
      } catch {
        return '';
      }
    };
    if (!up) {
      lastError = `icecast2 did not come up on port ${port}: ${out.trim()} ${errorLog().slice(-500)}`;
      child.kill('SIGKILL');
      await exited;
      continue;
    }
    return {
      port,
      dir,
      mounts: () => getStatus(port),
      target: (mount, password = SOURCE_PASSWORD) =>
        `icecast://source:${password}@127.0.0.1:${port}${mount}`,
      errorLog,
      async stop() {
        // runuser passes SIGTERM on to icecast2 and waits for it
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
        // should runuser have left icecast2 behind, end it by the pid it wrote
        try {
          const pid = Number(fs.readFileSync(path.join(dir, 'icecast.pid'), 'utf8'));
          const comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
          if (pid > 0 && comm === 'icecast2') process.kill(pid, 'SIGKILL');
        } catch {
          // gone already, as it should be
        }
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  throw new Error(lastError);
}

/** Polls `check` until it holds (every 100 ms, at most `ms`). */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  ms: number,
  what: string,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface IcyListener {
  status: number | undefined;
  headers: Map<string, string>;
  /** every StreamTitle in the order it came */
  titles: string[];
  audioBytes: number;
  closed: Promise<void>;
  close(): void;
}

/**
 * A raw listener with Icy-MetaData: 1: after every icy-metaint audio bytes a length byte N and
 * N * 16 bytes of metadata. Icecast does not escape quotes, so a title ends at "';".
 */
export function icyListen(port: number, mount: string): IcyListener {
  const socket = net.connect(port, '127.0.0.1');
  const l: IcyListener = {
    status: undefined,
    headers: new Map(),
    titles: [],
    audioBytes: 0,
    closed: new Promise((resolve) => socket.on('close', () => resolve())),
    close: () => socket.destroy(),
  };
  socket.on('error', () => {});
  socket.on('connect', () =>
    socket.write(`GET ${mount} HTTP/1.0\r\nHost: test\r\nIcy-MetaData: 1\r\n\r\n`),
  );
  let buf = Buffer.alloc(0);
  let metaint = 0;
  let left = 0;
  socket.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    if (l.status === undefined) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const lines = buf.toString('latin1', 0, end).split('\r\n');
      l.status = Number(lines[0]?.split(' ')[1]);
      for (const line of lines.slice(1)) {
        const i = line.indexOf(':');
        if (i > 0) l.headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
      }
      metaint = Number(l.headers.get('icy-metaint') ?? 0);
      left = metaint;
      buf = buf.subarray(end + 4);
    }
    if (metaint <= 0) {
      l.audioBytes += buf.length;
      buf = Buffer.alloc(0);
      return;
    }
    for (;;) {
      if (left > 0) {
        const n = Math.min(left, buf.length);
        l.audioBytes += n;
        left -= n;
        buf = buf.subarray(n);
        if (left > 0) return;
      }
      if (buf.length < 1) return;
      const len = buf[0]! * 16;
      if (buf.length < 1 + len) return;
      const text = buf.toString('utf8', 1, 1 + len).replace(/\0+$/, '');
      const m = /StreamTitle='(.*?)';/s.exec(text);
      if (m) l.titles.push(m[1]!);
      buf = buf.subarray(1 + len);
      left = metaint;
    }
  });
  return l;
}

/** `ffmpeg -v error -i url -t seconds -f null -`: a listener that decodes what it gets */
export function decode(
  url: string,
  seconds: number,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn('ffmpeg', [
      '-v',
      'error',
      '-nostdin',
      '-i',
      url,
      '-t',
      String(seconds),
      '-f',
      'null',
      '-',
    ]);
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const t = setTimeout(() => p.kill('SIGKILL'), (seconds + 20) * 1000);
    p.on('error', reject);
    p.on('close', (code) => {
      clearTimeout(t);
      resolve({ code, stderr });
    });
  });
}

/** A tagged file of `seconds` made by the real encoders (sox, then lame or oggenc). */
export function makeAudio(
  dir: string,
  name: string,
  tags: { artist: string; title: string },
  seconds: number,
): string {
  const wav = path.join(dir, `${name}.wav`);
  const out = path.join(dir, name);
  execFileSync('sox', [
    ...['-n', '-r', '44100', '-b', '16', '-c', '2', wav],
    ...['synth', String(seconds), 'sine', '330', 'pinknoise', 'gain', '-n', '-6'],
  ]);
  if (name.endsWith('.ogg')) {
    execFileSync('oggenc', ['-Q', '-q', '3', '-a', tags.artist, '-t', tags.title, '-o', out, wav]);
  } else {
    execFileSync('lame', [
      ...['--quiet', '-b', '128', '--cbr', '--ta', tags.artist, '--tt', tags.title],
      ...[wav, out],
    ]);
  }
  fs.rmSync(wav);
  return out;
}
