// One command-port connection on the server side (docs/paraslash/protocol.md §3): welcome, auth request, RSA
// challenge, session ciphers, one command run through the command table, exit packet, close.
import crypto from 'node:crypto';
import type { Cipher } from 'node:crypto';
import type net from 'node:net';
import type { CommandContext, CommandTable, Services } from '../../commands/index.js';
import { runArgv } from '../../commands/index.js';
import { ParaError, toParaError, unexpectedCause } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { User } from '../../users/index.js';
import {
  challengeDigest,
  digestMatches,
  encryptChallenge,
  parseAuthRequest,
  RAND_SIZE,
  sessionCiphers,
  UNKNOWN_USER_CHALLENGE,
  welcomeText,
} from './handshake.js';
import type { Band, Packet } from './sideband.js';
import { encodePacket, LIMITS, PacketReader, ProtocolError, SBD } from './sideband.js';

export interface ConnectionDeps {
  users: { get(name: string): User | undefined };
  commands: CommandTable;
  services: Services;
  logger: Logger;
  /** from accept to a verified challenge response, and from PROCEED to the command */
  authTimeoutMs: number;
  /** after the exit packet, how long to keep reading (and dropping) what the client still sends */
  lingerMs: number;
  maxBlobBytes: number;
  /** unsent output above this means the client stopped reading: the connection is dropped */
  maxQueuedBytes: number;
  onAuthenticated(): void;
}

type State = 'auth-request' | 'response' | 'command' | 'running' | 'blob' | 'done' | 'closed';

interface BlobWait {
  parts: Buffer[];
  size: number;
  resolve(parts: Buffer[]): void;
  reject(err: ParaError): void;
}

export class ServerConnection {
  state: State = 'auth-request';
  user: string | undefined;
  command: string | undefined;
  readonly since = new Date();
  private readonly reader = new PacketReader();
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private authUser: User | undefined;
  private rand = Buffer.alloc(0);
  private sha256 = false;
  private send: Cipher | undefined;
  private blob: BlobWait | undefined;
  private dataRead = false;
  /** after a blob error the rest of the upload is dropped while the command reports it */
  private discardInput = false;
  readonly closed: Promise<void>;

  constructor(
    readonly id: number,
    private readonly socket: net.Socket,
    private readonly deps: ConnectionDeps,
  ) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.setNoDelay(true);
    socket.on('error', (err) => this.drop(`socket error: ${err.message}`));
    socket.on('close', () => this.onClose());
    socket.on('end', () => this.drop('client closed the connection'));
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.timer = setTimeout(() => this.drop('handshake timeout'), deps.authTimeoutMs);
    socket.write(welcomeText(deps.services.server.version));
  }

  /** Server shutdown: ends the connection; unless forced, an exit packet already sent still goes out. */
  shutdown(force: boolean): void {
    if (this.state === 'done' && !force) return;
    this.drop('server shutting down');
  }

  private debug(msg: string): void {
    this.deps.logger.debug({ conn: this.id, user: this.user }, msg);
  }

  /** Closes without another byte (the protocol's "close silently"). */
  private drop(reason: string): void {
    if (this.state === 'closed') return;
    this.debug(reason);
    this.state = 'closed';
    if (this.command !== undefined) this.abort.abort(); // a DOMException per call: only when a command runs
    this.blob?.reject(new ParaError('E_CANCELLED', 'connection closed'));
    this.blob = undefined;
    clearTimeout(this.timer);
    this.socket.destroy();
  }

  private onClose(): void {
    clearTimeout(this.timer);
    if (this.state !== 'closed') {
      this.state = 'closed';
      if (this.command !== undefined) this.abort.abort();
      this.blob?.reject(new ParaError('E_CANCELLED', 'connection closed'));
    }
  }

  private onData(chunk: Buffer): void {
    try {
      switch (this.state) {
        case 'auth-request':
          this.onAuthRequest(chunk);
          return;
        case 'done':
        case 'closed':
          return; // dropped: nothing after the exit packet counts
        case 'running':
          if (this.discardInput) return;
          throw new ProtocolError('data while the command runs');
        default:
          this.reader.push(chunk);
          this.pump();
      }
    } catch (err) {
      if (err instanceof ProtocolError) this.drop(`protocol error: ${err.message}`);
      else this.internalError(err);
    }
  }

  /** exactly what one read returned is the request (§3.2) */
  private onAuthRequest(chunk: Buffer): void {
    const req = parseAuthRequest(chunk);
    if (!req) throw new ProtocolError('bad auth request');
    this.user = req.user;
    this.sha256 = req.sha256;
    this.authUser = this.deps.users.get(req.user);
    this.rand = crypto.randomBytes(RAND_SIZE);
    // an unknown user gets random bytes, so that user names cannot be probed (§3.3)
    const challenge = this.authUser
      ? encryptChallenge(this.authUser.key, this.rand)
      : crypto.randomBytes(UNKNOWN_USER_CHALLENGE);
    this.state = 'response';
    this.socket.write(encodePacket(SBD.CHALLENGE, challenge));
  }

  private pump(): void {
    while (this.state === 'response' || this.state === 'command' || this.state === 'blob') {
      const packet = this.nextPacket();
      if (!packet) return;
      if (this.state === 'response') this.onResponse(packet);
      else if (this.state === 'command') this.onCommand(packet);
      else this.onBlobData(packet);
    }
  }

  private nextPacket(): Packet | undefined {
    if (this.state === 'response')
      return this.reader.next((b) =>
        b === SBD.CHALLENGE_RESPONSE ? LIMITS.challengeResponse : -1,
      );
    if (this.state === 'command')
      return this.reader.next((b) => (b === SBD.COMMAND ? LIMITS.command : -1));
    // blob errors are reported to the client, not dropped silently (§3.8)
    const blob = this.blob!;
    try {
      return this.reader.next((b) =>
        b === SBD.BLOB_DATA ? this.deps.maxBlobBytes - blob.size : -1,
      );
    } catch (err) {
      if (!(err instanceof ProtocolError)) throw err;
      const e = new ParaError(
        'E_INVALID',
        err.reason === 'length'
          ? 'input too large'
          : `unexpected packet during data transfer (${err.message})`,
      );
      this.blob = undefined;
      this.state = 'running';
      this.discardInput = true;
      blob.reject(e);
      return undefined;
    }
  }

  private onResponse(packet: Packet): void {
    const user = this.authUser;
    const good = user && digestMatches(challengeDigest(this.rand, this.sha256), packet.data);
    if (!good) this.deps.services.metrics?.authFailure('tcp');
    if (!user) throw new ProtocolError(`unknown user ${this.user ?? ''}`);
    if (!good) throw new ProtocolError('wrong challenge response');
    const ciphers = sessionCiphers(this.rand, 'server');
    this.rand.fill(0);
    this.send = ciphers.send;
    this.reader.setDecipher(ciphers.recv);
    this.state = 'command';
    this.deps.onAuthenticated();
    this.deps.logger.info({ conn: this.id }, `good auth for ${user.name}`);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.drop('no command after PROCEED'), this.deps.authTimeoutMs);
    this.emit(SBD.PROCEED);
  }

  private onCommand(packet: Packet): void {
    clearTimeout(this.timer);
    this.state = 'running';
    void this.execute(packet.data);
  }

  private onBlobData(packet: Packet): void {
    const blob = this.blob!;
    if (packet.data.length > 0) {
      blob.parts.push(packet.data);
      blob.size += packet.data.length;
      return;
    }
    this.blob = undefined;
    this.state = 'running';
    blob.resolve(blob.parts);
  }

  /**
   * ctx.readDataParts: AWAITING_DATA, then BLOB_DATA packets up to the empty one (§3.8); their
   * data as it arrived (a large upload is not joined into a copy of itself).
   */
  private readDataParts(): Promise<Buffer[]> {
    if (this.state !== 'running')
      return Promise.reject(new ParaError('E_CANCELLED', 'connection closed'));
    if (this.dataRead) return Promise.reject(new ParaError('E_INVALID', 'data already read'));
    this.dataRead = true;
    return new Promise((resolve, reject) => {
      this.blob = { parts: [], size: 0, resolve, reject };
      this.state = 'blob';
      this.emit(SBD.AWAITING_DATA);
      try {
        this.pump();
      } catch (err) {
        this.internalError(err);
      }
    });
  }

  private async execute(data: Buffer): Promise<void> {
    if (data.length === 0) {
      this.finish(new ParaError('E_INVALID', 'Invalid argument'));
      return;
    }
    // the last byte is the terminator whatever its value (§3.7); empty arguments are kept
    const argv = data
      .subarray(0, data.length - 1)
      .toString('utf8')
      .split('\0');
    this.command = argv[0];
    this.debug(`command ${argv.join(' ')}`);
    const ctx: CommandContext = {
      services: this.deps.services,
      user: { name: this.user!, perms: this.authUser!.perms },
      log: (line) => {
        if (this.socket.writableLength > this.deps.maxQueuedBytes)
          this.drop('client does not read its output');
        else this.emit(SBD.OUTPUT, Buffer.from(`${line}\n`));
      },
      signal: this.abort.signal,
      live: true,
      door: 'tcp',
      readData: async () => Buffer.concat(await this.readDataParts()),
      readDataParts: () => this.readDataParts(),
    };
    try {
      const result = await runArgv(this.deps.commands, ctx, argv);
      if (!this.executing()) return;
      const out = Buffer.from(result.text, result.command.binaryOutput ? 'latin1' : 'utf8');
      for (let off = 0; off < out.length; off += LIMITS.outputPacket)
        this.emit(SBD.OUTPUT, out.subarray(off, off + LIMITS.outputPacket));
      // a command that did only part of its work (add: some files not added) fails after its output
      this.finish(result.failure === undefined ? undefined : new ParaError('E_IO', result.failure));
    } catch (err) {
      // the one place a command's unexpected failure through this door is logged; the client
      // gets the usual one-line message. A command cut short by a closed connection is no news.
      const cause = this.abort.signal.aborted ? undefined : unexpectedCause(err);
      if (cause !== undefined)
        this.deps.logger.error(
          { err: cause, conn: this.id, user: this.user, command: this.command },
          'command failed unexpectedly',
        );
      if (!this.executing()) return;
      this.finish(toParaError(err));
    }
  }

  /** A bug in the protocol handling: logged with its stack, the connection dropped. */
  private internalError(err: unknown): void {
    this.deps.logger.error({ err, conn: this.id, user: this.user }, 'command port internal error');
    this.drop('internal error');
  }

  /** the command may still answer (a command that never awaited its data included) */
  private executing(): boolean {
    return this.state === 'running' || this.state === 'blob';
  }

  private finish(error?: ParaError): void {
    this.blob = undefined;
    if (error) {
      this.emit(SBD.ERROR_LOG, Buffer.from(`${error.message}\n`));
      this.emit(SBD.EXIT_FAILURE);
    } else this.emit(SBD.EXIT_SUCCESS);
    if (this.state === 'closed') return;
    // keep reading for a while so that a TCP reset cannot destroy the final packets (§3.9)
    this.state = 'done';
    this.socket.end();
    this.timer = setTimeout(() => this.socket.destroy(), this.deps.lingerMs);
  }

  /** Sends one packet through the session cipher. */
  private emit(band: Band, data?: Uint8Array): void {
    if (this.state === 'closed' || this.state === 'done' || !this.send) return;
    this.socket.write(this.send.update(encodePacket(band, data)));
  }
}
