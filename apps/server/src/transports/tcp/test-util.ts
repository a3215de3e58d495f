// Test helpers for the command port: real RSA keys (ssh-keygen in both formats, node's own), a
// user list file, and a command server on 127.0.0.1 over a fresh database.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { tempDir } from '../../../test/db.js';
import { harness } from '../../../test/harness.js';
import type { Harness } from '../../../test/harness.js';
import { buildCommandTable } from '../../commands/index.js';
import type { ServerControl } from '../../commands/index.js';
import { silentLogger, type Logger } from '../../log.js';
import type { StatusFeed } from '../../status/feed.js';
import type { StatusItems } from '../../status/items.js';
import { parsePrivateKey, UserList } from '../../users/index.js';
import type { ClientOptions } from './client.js';
import { runCommand } from './client.js';
import type { CommandServer, CommandServerOptions } from './command-server.js';
import { startCommandServer } from './command-server.js';
import * as handshake from './handshake.js';
import type { Packet } from './sideband.js';
import { encodePacket, PacketReader, SBD } from './sideband.js';

export interface KeyFiles {
  /** private key file */
  priv: string;
  /** public key file */
  pub: string;
  key: KeyObject;
}

/** ssh-keygen key pair; `pem` writes the private key as PKCS#1 PEM, else OpenSSH format. */
export function sshKeygen(
  dir: string,
  name: string,
  format: 'pem' | 'openssh',
  bits = 2048,
): KeyFiles {
  const priv = path.join(dir, name);
  const args = ['-q', '-t', 'rsa', '-b', String(bits), '-N', '', '-C', name, '-f', priv];
  if (format === 'pem') args.push('-m', 'PEM');
  execFileSync('ssh-keygen', args);
  return { priv, pub: `${priv}.pub`, key: parsePrivateKey(fs.readFileSync(priv, 'utf8')) };
}

/** node's generateKeyPairSync: PKCS#8 private key, SPKI PEM public key. */
export function nodeKeys(dir: string, name: string, bits = 2048): KeyFiles {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: bits });
  const priv = path.join(dir, name);
  fs.writeFileSync(priv, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  fs.writeFileSync(`${priv}.pub`, publicKey.export({ type: 'spki', format: 'pem' }));
  return { priv, pub: `${priv}.pub`, key: privateKey };
}

/** A status feed the test drives: set new items and every subscriber hears of it. */
export class FakeStatusFeed implements StatusFeed {
  private listeners = new Set<() => void>();
  constructor(public current: StatusItems = [['status', 'stopped']]) {}
  items(): StatusItems {
    return this.current;
  }
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  get subscribers(): number {
    return this.listeners.size;
  }
  change(items: StatusItems): void {
    this.current = items;
    for (const l of [...this.listeners]) l();
  }
}

export interface TestServer {
  h: Harness;
  server: CommandServer;
  users: UserList;
  userFile: string;
  dir: string;
  feed: FakeStatusFeed;
  /** client options for a user of the list */
  client(user: string, key: KeyObject): ClientOptions;
  close(): Promise<void>;
}

export async function startTestServer(
  userLines: string[],
  opts: Partial<Pick<CommandServerOptions, 'authTimeoutMs' | 'lingerMs' | 'maxBlobBytes'>> & {
    dir?: string;
    control?: ServerControl;
    logger?: Logger;
  } = {},
): Promise<TestServer> {
  const dir = opts.dir ?? tempDir('paraweb-tcp-');
  const userFile = path.join(dir, 'server.users');
  fs.writeFileSync(userFile, userLines.map((l) => `${l}\n`).join(''));
  const users = new UserList(userFile);
  await users.load();
  const h = await harness();
  const feed = new FakeStatusFeed();
  h.services.status = feed;
  h.services.users = users;
  if (opts.control) h.services.server.control = opts.control;
  const server = await startCommandServer({
    port: 0,
    hosts: ['127.0.0.1'],
    users,
    commands: buildCommandTable(),
    services: h.services,
    logger: opts.logger ?? silentLogger(),
    authTimeoutMs: opts.authTimeoutMs,
    lingerMs: opts.lingerMs,
    maxBlobBytes: opts.maxBlobBytes,
  });
  return {
    h,
    server,
    users,
    userFile,
    dir,
    feed,
    client: (user, key) => ({ host: '127.0.0.1', port: server.port, user, key }),
    async close() {
      await server.close();
      await h.close();
      if (!opts.dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Collected {
  success: boolean;
  out: Buffer;
  /** log band texts with their level (4 = error) */
  logs: { level: number; text: string }[];
}

/** Runs one command through the real client and keeps everything it received. */
export async function collect(
  opts: ClientOptions,
  argv: string[],
  data?: Uint8Array,
): Promise<Collected> {
  const out: Buffer[] = [];
  const logs: Collected['logs'] = [];
  const r = await runCommand(opts, argv, {
    output: (b) => out.push(b),
    log: (level, text) => logs.push({ level, text: text.toString() }),
    data: () => (data ? [data] : []),
  });
  return { success: r.success, out: Buffer.concat(out), logs };
}

/** A socket that has done the handshake by hand, for sending what no client would. */
export interface RawSession {
  socket: net.Socket;
  /** encrypts with the client->server stream */
  encrypt(data: Uint8Array): Buffer;
  /** everything received after PROCEED, decrypted */
  received(): Buffer;
  /** resolves when the server has closed */
  closed: Promise<void>;
}

export async function rawSession(port: number, user: string, key: KeyObject): Promise<RawSession> {
  const socket = net.connect({ port, host: '127.0.0.1' });
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const reader = new PacketReader();
  let wake: (() => void) | undefined;
  socket.on('data', (d: Buffer) => {
    reader.push(d);
    wake?.();
  });
  void closed.then(() => wake?.());
  const until = async (ok: () => boolean): Promise<void> => {
    while (!ok()) {
      if (socket.destroyed) throw new Error('closed during handshake');
      await new Promise<void>((r) => (wake = r));
    }
  };
  let welcome = Buffer.alloc(0);
  await until(() => {
    welcome = Buffer.concat([welcome, reader.drain()]);
    return handshake.welcomeComplete(welcome);
  });
  socket.write(handshake.authRequest(user, true));
  let challenge: Packet | undefined;
  await until(() => (challenge = reader.next(() => 4096)) !== undefined);
  const rand = handshake.decryptChallenge(key, challenge!.data);
  socket.write(encodePacket(SBD.CHALLENGE_RESPONSE, handshake.challengeDigest(rand, true)));
  const { send, recv } = handshake.sessionCiphers(rand, 'client');
  reader.setDecipher(recv);
  let proceed: Packet | undefined;
  await until(() => (proceed = reader.next(() => 4096)) !== undefined);
  if (proceed!.band !== SBD.PROCEED) throw new Error('no PROCEED');
  return {
    socket,
    encrypt: (data) => send.update(data),
    received: () => reader.drain(),
    closed,
  };
}

/** Splits a decrypted byte stream into packets. */
export function packets(buf: Buffer): Packet[] {
  const r = new PacketReader();
  r.push(buf);
  const out: Packet[] = [];
  for (let p = r.next(() => 1 << 30); p; p = r.next(() => 1 << 30)) out.push(p);
  return out;
}
