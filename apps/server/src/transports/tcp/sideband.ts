// Sideband packets (docs/paraslash/protocol.md §2): a 5-byte header (u32 little-endian data length, u8 band) and
// the data; a reader that reassembles them from a TCP byte stream, optionally through a cipher.
import type { Decipher } from 'node:crypto';

/** band designators, values = enum sb_designator order */
export const SBD = {
  ANY: 0,
  CHALLENGE: 1,
  CHALLENGE_RESPONSE: 2,
  PROCEED: 3,
  COMMAND: 4,
  AWAITING_DATA: 5,
  OUTPUT: 6,
  DEBUG_LOG: 7,
  INFO_LOG: 8,
  NOTICE_LOG: 9,
  WARNING_LOG: 10,
  ERROR_LOG: 11,
  CRIT_LOG: 12,
  EMERG_LOG: 13,
  EXIT_SUCCESS: 14,
  EXIT_FAILURE: 15,
  BLOB_DATA: 16,
  AFS_CB_FAILURE: 17,
} as const;
export type Band = (typeof SBD)[keyof typeof SBD];
export const NUM_SB_DESIGNATORS = 18;
export const HEADER_SIZE = 5;

/** data-size limits of the receivers (§2); a length equal to the limit is accepted */
export const LIMITS = {
  challengeResponse: 4096,
  /** MAX_COMMAND_LEN */
  command: 32768,
  challenge: 4096,
  proceed: 4096,
  /** what a client accepts after PROCEED */
  clientPacket: 64 * 1024 * 1024,
  /** servers split output into packets of at most this size */
  outputPacket: 1024 * 1024,
  /** blob chunks a client sends */
  blobChunk: 32768,
} as const;

export function bandName(band: number): string {
  const entry = Object.entries(SBD).find(([, v]) => v === band);
  return entry ? `SBD_${entry[0]}` : `band ${band}`;
}

export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  constructor(
    message: string,
    /** what was wrong: the band or the announced length */
    readonly reason: 'band' | 'length' | 'other' = 'other',
  ) {
    super(message);
  }
}

export function encodePacket(band: Band, data: Uint8Array = Buffer.alloc(0)): Buffer {
  const out = Buffer.allocUnsafe(HEADER_SIZE + data.length);
  out.writeUInt32LE(data.length, 0);
  out[4] = band;
  out.set(data, HEADER_SIZE);
  return out;
}

export interface Packet {
  band: Band;
  data: Buffer;
}

/**
 * Data limit for a band the receiver expects now; throwing (or returning a negative number)
 * rejects the band. Called with the header only, before any data is read.
 */
export type LimitFor = (band: Band) => number;

/** Reassembles packets from arbitrary TCP chunks without copying more than once. */
export class PacketReader {
  private chunks: Buffer[] = [];
  private length = 0;
  private decipher: Decipher | undefined;

  /** bytes received and not yet consumed */
  get buffered(): number {
    return this.length;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    const plain = this.decipher ? this.decipher.update(chunk) : chunk;
    this.chunks.push(plain);
    this.length += plain.length;
  }

  /** From now on every byte, the ones already buffered included, passes through `decipher`. */
  setDecipher(decipher: Decipher): void {
    this.chunks = this.chunks.map((c) => decipher.update(c));
    this.decipher = decipher;
  }

  /** Removes and returns what is buffered (raw, for the plain-text phase). */
  drain(): Buffer {
    const all = Buffer.concat(this.chunks, this.length);
    this.chunks = [];
    this.length = 0;
    return all;
  }

  /** The next complete packet, or undefined until it has arrived. Throws ProtocolError. */
  next(limitFor: LimitFor): Packet | undefined {
    if (this.length < HEADER_SIZE) return undefined;
    const header = this.peek(HEADER_SIZE);
    const len = header.readUInt32LE(0);
    const band = header[4]!;
    if (band === SBD.ANY || band >= NUM_SB_DESIGNATORS)
      throw new ProtocolError(`invalid band designator ${band}`, 'band');
    const limit = limitFor(band as Band);
    if (limit < 0) throw new ProtocolError(`unexpected ${bandName(band)}`, 'band');
    if (len > limit)
      throw new ProtocolError(`${bandName(band)}: ${len} bytes, limit ${limit}`, 'length');
    if (this.length < HEADER_SIZE + len) return undefined;
    this.consume(HEADER_SIZE);
    const data = len === 0 ? Buffer.alloc(0) : this.peek(len);
    this.consume(len);
    return { band: band as Band, data };
  }

  /** the first n bytes (n <= length), as one buffer */
  private peek(n: number): Buffer {
    const first = this.chunks[0]!;
    if (first.length >= n) return first.subarray(0, n);
    const out = Buffer.allocUnsafe(n);
    let off = 0;
    for (const c of this.chunks) {
      const take = Math.min(c.length, n - off);
      c.copy(out, off, 0, take);
      off += take;
      if (off === n) break;
    }
    return out;
  }

  private consume(n: number): void {
    this.length -= n;
    while (n > 0) {
      const first = this.chunks[0]!;
      if (first.length <= n) {
        this.chunks.shift();
        n -= first.length;
      } else {
        this.chunks[0] = first.subarray(n);
        n = 0;
      }
    }
  }
}
