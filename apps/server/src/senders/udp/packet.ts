// The FEC slice packet (docs/paraslash/senders.md §6.2): a 32-byte little-endian header plus one slice payload,
// and the 32-byte EOF packet. Decoding never throws: garbage yields an error value.

export const FEC_HEADER_SIZE = 32;
export const FEC_MAGIC = 0xb0000001;
/** ec 0d cc fe followed by 28 zero bytes: the end of a stream */
export const FEC_EOF_PACKET: Uint8Array = Uint8Array.of(
  0xec,
  0x0d,
  0xcc,
  0xfe,
  ...new Array<number>(28).fill(0),
);

export interface FecHeader {
  /** n of this group (configured n + extra slices) */
  slicesPerGroup: number;
  /** k of this group (configured k + extra slices) */
  dataSlicesPerGroup: number;
  /** size of the audio file header carried at the start of this group; 0 = none */
  audioHeaderSize: number;
  /** counts up from 0 at the start of each stream */
  groupNum: number;
  /** header bytes (if any) + chunk bytes in this group, before padding */
  groupBytes: number;
  /** index of this slice in its group, 0..n-1 */
  sliceNum: number;
  /** payload bytes of every slice of this group */
  sliceBytes: number;
  /** the group starts at chunk 0 of the file */
  bos: boolean;
  /** the audio format has a file header */
  headerStream: boolean;
}

export type DecodedPacket =
  | { kind: 'slice'; header: FecHeader; payload: Uint8Array }
  | { kind: 'eof' }
  | { kind: 'error'; error: string };

/** Header slices of a group: the header is padded to a whole number of slices. */
export function headerSlices(audioHeaderSize: number, sliceBytes: number): number {
  return Math.ceil(audioHeaderSize / sliceBytes);
}

/** Data slices a group really needs: header slices + the chunk bytes after them. */
export function usedSlices(
  h: Pick<FecHeader, 'audioHeaderSize' | 'groupBytes' | 'sliceBytes'>,
): number {
  return (
    headerSlices(h.audioHeaderSize, h.sliceBytes) +
    Math.ceil((h.groupBytes - h.audioHeaderSize) / h.sliceBytes)
  );
}

/** Why a header is inconsistent, or undefined if it is fine. */
export function checkHeader(h: FecHeader): string | undefined {
  const k = h.dataSlicesPerGroup;
  const n = h.slicesPerGroup;
  if (k < 1 || n < k || n > 255) return `bad slice counts k=${k} n=${n}`;
  if (h.sliceNum >= n) return `slice number ${h.sliceNum} not below n=${n}`;
  if (h.sliceBytes < 1 || h.sliceBytes > 0xffff) return `bad slice size ${h.sliceBytes}`;
  if (h.audioHeaderSize > 0 && !h.headerStream) return 'audio header in a stream without header';
  if (h.audioHeaderSize > h.groupBytes)
    return `audio header size ${h.audioHeaderSize} exceeds group size ${h.groupBytes}`;
  if (usedSlices(h) > k) return `group of ${h.groupBytes} bytes does not fit into ${k} slices`;
  return undefined;
}

/** Writes the 32 header bytes at buf[0..32). */
export function writeHeader(buf: Uint8Array, h: FecHeader): void {
  const v = new DataView(buf.buffer, buf.byteOffset, FEC_HEADER_SIZE);
  v.setUint32(0, FEC_MAGIC, true);
  v.setUint8(4, h.slicesPerGroup);
  v.setUint8(5, h.dataSlicesPerGroup);
  v.setUint32(6, h.audioHeaderSize, true);
  v.setUint32(10, h.groupNum >>> 0, true);
  v.setUint32(14, h.groupBytes, true);
  v.setUint8(18, h.sliceNum);
  v.setUint8(19, 0);
  v.setUint16(20, h.sliceBytes, true);
  v.setUint8(22, h.bos ? 1 : 0);
  v.setUint8(23, h.headerStream ? 1 : 0);
  buf.fill(0, 24, FEC_HEADER_SIZE);
}

/** Header + payload as one datagram; the payload must be exactly sliceBytes long. */
export function encodePacket(h: FecHeader, payload: Uint8Array): Uint8Array {
  const problem = checkHeader(h) ?? (payload.length === h.sliceBytes ? undefined : 'payload size');
  if (problem) throw new RangeError(`invalid FEC header: ${problem}`);
  const buf = new Uint8Array(FEC_HEADER_SIZE + payload.length);
  writeHeader(buf, h);
  buf.set(payload, FEC_HEADER_SIZE);
  return buf;
}

function isEof(buf: Uint8Array): boolean {
  for (let i = 0; i < FEC_HEADER_SIZE; i++) if (buf[i] !== FEC_EOF_PACKET[i]) return false;
  return true;
}

/** One datagram as a slice, the EOF marker, or the reason it is unusable. */
export function decodePacket(buf: Uint8Array): DecodedPacket {
  if (buf.length < FEC_HEADER_SIZE)
    return { kind: 'error', error: `packet too short (${buf.length} bytes)` };
  if (isEof(buf)) return { kind: 'eof' };
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const magic = v.getUint32(0, true);
  if (magic !== FEC_MAGIC) return { kind: 'error', error: `bad magic 0x${magic.toString(16)}` };
  const bos = v.getUint8(22);
  const headerStream = v.getUint8(23);
  if (bos > 1 || headerStream > 1) return { kind: 'error', error: 'bad flag byte' };
  const header: FecHeader = {
    slicesPerGroup: v.getUint8(4),
    dataSlicesPerGroup: v.getUint8(5),
    audioHeaderSize: v.getUint32(6, true),
    groupNum: v.getUint32(10, true),
    groupBytes: v.getUint32(14, true),
    sliceNum: v.getUint8(18),
    sliceBytes: v.getUint16(20, true),
    bos: bos === 1,
    headerStream: headerStream === 1,
  };
  const problem = checkHeader(header);
  if (problem) return { kind: 'error', error: problem };
  if (buf.length !== FEC_HEADER_SIZE + header.sliceBytes)
    return {
      kind: 'error',
      error: `packet of ${buf.length} bytes, header says ${FEC_HEADER_SIZE + header.sliceBytes}`,
    };
  return { kind: 'slice', header, payload: buf.subarray(FEC_HEADER_SIZE) };
}
