// The client side of the command protocol (para_client, the tests and the benchmarks): connect,
// authenticate with an RSA private key, run one command, stream its output, upload blob data.
import type { KeyObject } from 'node:crypto';
import net from 'node:net';
import { modulusBytes } from '../../users/index.js';
import {
  authRequest,
  challengeDigest,
  decryptChallenge,
  sessionCiphers,
  welcomeComplete,
  welcomeFeatures,
} from './handshake.js';
import type { Band, LimitFor, Packet } from './sideband.js';
import { encodePacket, LIMITS, PacketReader, ProtocolError, SBD } from './sideband.js';

export interface ClientOptions {
  host: string;
  port: number;
  user: string;
  key: KeyObject;
  /** give up when the handshake takes longer (para_client itself has no limit) */
  handshakeTimeoutMs?: number;
}

export interface RunHandlers {
  /** SBD_OUTPUT: the bytes for stdout */
  output?(data: Buffer): void;
  /** SBD_DEBUG_LOG .. SBD_EMERG_LOG; level 0 (debug) .. 6 (emerg) */
  log?(level: number, text: Buffer): void;
  /** the blob for add{img,lyr,mood,pl}, asked for when the server sends SBD_AWAITING_DATA */
  data?(): AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  /** ends the command from the client side (how `stat` is stopped) */
  signal?: AbortSignal;
}

export type ClientErrorKind = 'connect' | 'auth' | 'protocol' | 'eof' | 'usage' | 'io';

export class ClientError extends Error {
  override readonly name = 'ClientError';
  constructor(
    readonly kind: ClientErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export interface RunResult {
  /** true iff SBD_EXIT__SUCCESS arrived */
  success: boolean;
  /** the signal ended the command */
  aborted: boolean;
}

/** argv as the command packet carries it: every argument NUL-terminated (§3.7). */
export function commandPacketData(argv: readonly string[]): Buffer {
  return Buffer.concat(argv.map((a) => Buffer.from(`${a}\0`)));
}

/** A socket read as a sequence of sideband packets, awaiting more bytes as needed. */
class PacketStream {
  readonly reader = new PacketReader();
  private wake: (() => void) | undefined;
  private ended = false;
  private error: Error | undefined;

  constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.reader.push(chunk);
      this.notify();
    });
    socket.on('end', () => this.fail());
    socket.on('close', () => this.fail());
    socket.on('error', (err) => this.fail(err));
  }

  private fail(err?: Error): void {
    this.ended = true;
    this.error ??= err;
    this.notify();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private async more(what: string): Promise<void> {
    if (this.ended) {
      const why = this.error ? `: ${this.error.message}` : '';
      throw new ClientError('eof', `connection closed while waiting for ${what}${why}`);
    }
    await new Promise<void>((resolve) => (this.wake = resolve));
  }

  async bytes(complete: (buf: Buffer) => boolean, what: string): Promise<Buffer> {
    let buf = Buffer.alloc(0);
    for (;;) {
      buf = Buffer.concat([buf, this.reader.drain()]);
      if (complete(buf)) return buf;
      if (this.ended && buf.length > 0) return buf;
      await this.more(what);
    }
  }

  async packet(limitFor: LimitFor, what: string): Promise<Packet> {
    for (;;) {
      let p: Packet | undefined;
      try {
        p = this.reader.next(limitFor);
      } catch (err) {
        throw new ClientError('protocol', `protocol error: ${(err as Error).message}`);
      }
      if (p) return p;
      await this.more(what);
    }
  }
}

function connectSocket(host: string, port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.off('error', onError);
      resolve(socket);
    });
    const onError = (err: Error): void =>
      reject(new ClientError('connect', `cannot connect to ${host}:${port}: ${err.message}`));
    socket.once('error', onError);
  });
}

function waitWritable(socket: net.Socket): Promise<void> {
  if (!socket.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}

const isLog = (b: number): boolean => b >= SBD.DEBUG_LOG && b <= SBD.EMERG_LOG;

/** Connects, authenticates, runs argv and streams the result into `handlers`. */
export async function runCommand(
  opts: ClientOptions,
  argv: readonly string[],
  handlers: RunHandlers = {},
): Promise<RunResult> {
  if (argv.length === 0) throw new ClientError('usage', 'no command given');
  const command = commandPacketData(argv);
  if (command.length > LIMITS.command)
    throw new ClientError(
      'usage',
      `command too long (${command.length} bytes, at most ${LIMITS.command})`,
    );
  if (handlers.signal?.aborted) return { success: false, aborted: true };
  const socket = await connectSocket(opts.host, opts.port);
  const stream = new PacketStream(socket);
  const timer =
    opts.handshakeTimeoutMs === undefined
      ? undefined
      : setTimeout(() => socket.destroy(new Error('handshake timeout')), opts.handshakeTimeoutMs);
  let aborted = false;
  let uploadError: ClientError | undefined;
  const onAbort = (): void => {
    aborted = true;
    socket.destroy();
  };
  handlers.signal?.addEventListener('abort', onAbort);
  try {
    const welcome = await stream.bytes(welcomeComplete, 'the welcome message');
    const sha256 = welcomeFeatures(welcome).includes('sha256');
    socket.write(authRequest(opts.user, sha256));
    const challenge = await stream.packet(
      (b) => (b === SBD.CHALLENGE ? LIMITS.challenge : -1),
      'the challenge',
    );
    let rand: Buffer;
    try {
      if (challenge.data.length !== modulusBytes(opts.key)) throw new Error('length');
      rand = decryptChallenge(opts.key, challenge.data);
    } catch {
      // a wrong key and an unknown user look the same from here, on purpose (§3.3)
      throw new ClientError('auth', `authentication failed for user ${opts.user}`);
    }
    socket.write(encodePacket(SBD.CHALLENGE_RESPONSE, challengeDigest(rand, sha256)));
    const { send, recv } = sessionCiphers(rand, 'client');
    stream.reader.setDecipher(recv);
    await stream
      .packet((b) => (b === SBD.PROCEED ? LIMITS.proceed : -1), 'PROCEED')
      .catch((err: unknown) => {
        if (err instanceof ClientError && err.kind === 'eof')
          throw new ClientError('auth', `authentication failed for user ${opts.user}`);
        throw err;
      });
    clearTimeout(timer);
    socket.write(send.update(encodePacket(SBD.COMMAND, command)));

    let uploading: Promise<void> | undefined;
    let finished = false;
    const upload = async (): Promise<void> => {
      const write = (data?: Uint8Array): void => {
        if (!socket.destroyed) socket.write(send.update(encodePacket(SBD.BLOB_DATA, data)));
      };
      for await (const chunk of handlers.data?.() ?? []) {
        for (let off = 0; off < chunk.length; off += LIMITS.blobChunk) {
          if (finished || socket.destroyed) return;
          write(chunk.subarray(off, off + LIMITS.blobChunk));
          await waitWritable(socket);
        }
      }
      if (!finished) write(); // the empty packet: end of data
    };
    for (;;) {
      const p = await stream.packet((b: Band) => {
        if (b === SBD.OUTPUT || isLog(b) || b === SBD.EXIT_SUCCESS || b === SBD.EXIT_FAILURE)
          return LIMITS.clientPacket;
        if (b === SBD.AWAITING_DATA && !uploading) return LIMITS.clientPacket;
        return -1;
      }, 'the command result');
      if (p.band === SBD.OUTPUT) handlers.output?.(p.data);
      else if (isLog(p.band)) handlers.log?.(p.band - SBD.DEBUG_LOG, p.data);
      else if (p.band === SBD.AWAITING_DATA) {
        uploading = upload().catch((err: unknown) => {
          uploadError = new ClientError('io', `reading the data failed: ${(err as Error).message}`);
          socket.destroy();
        });
      } else {
        finished = true;
        await uploading;
        return { success: p.band === SBD.EXIT_SUCCESS, aborted: false };
      }
    }
  } catch (err) {
    if (aborted) return { success: false, aborted: true };
    if (uploadError) throw uploadError;
    if (err instanceof ClientError) throw err;
    if (err instanceof ProtocolError) throw new ClientError('protocol', err.message);
    throw new ClientError('io', (err as Error).message);
  } finally {
    clearTimeout(timer);
    handlers.signal?.removeEventListener('abort', onAbort);
    socket.destroy();
  }
}
