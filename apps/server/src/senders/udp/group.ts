// Turns the chunk sequence of a stream (plus the audio file header) into FEC groups and slices
// with their send times, as paraslash's vss does for FEC clients (docs/paraslash/senders.md §6, docs/paraslash/vss.md §6).
import { FecCode, FEC_MAX_SLICES } from './fec.js';
import type { FecHeader } from './packet.js';
import { encodePacket, FEC_HEADER_SIZE, headerSlices } from './packet.js';

/** The /mps:k:n part of a target. */
export interface FecParams {
  /** max bytes per datagram including the FEC header; 0 = derive from the path MTU */
  maxSliceBytes: number;
  /** k: data slices per group */
  dataSlices: number;
  /** n: slices per group */
  slicesPerGroup: number;
}

export const DEFAULT_FEC: FecParams = { maxSliceBytes: 0, dataSlices: 14, slicesPerGroup: 16 };

/** paraslash bundles chunks into groups of about this play time (vss.c compute_group_size) */
export const GROUP_TARGET_MS = 150;

/** Datagram size for max_slice_bytes 0: Ethernet MTU minus the IP and UDP headers. */
export function effectiveMps(maxSliceBytes: number, isIpv6 = false, mtu = 1500): number {
  return maxSliceBytes > 0 ? maxSliceBytes : mtu - (isIpv6 ? 40 : 20) - 8;
}

/** The code a target uses for one file: k and n grown by the extra slices its largest chunk needs. */
export interface StreamPlan {
  k: number;
  n: number;
  extraSlices: number;
  /** most payload bytes one slice may carry (mps - FEC header) */
  maxPayload: number;
}

export type PlanResult = { ok: true; plan: StreamPlan } | { ok: false; error: string };

/**
 * k must hold the header plus the largest chunk, since the UDP sender repeats the header in
 * groups that also carry chunks; if that needs more than 255 slices the file is refused for
 * this target (paraslash commit a2872df1).
 */
export function planStream(
  fec: FecParams,
  mps: number,
  headerLen: number,
  largestChunk: number,
): PlanResult {
  const maxPayload = mps - FEC_HEADER_SIZE;
  if (maxPayload <= 0)
    return { ok: false, error: `slice size ${mps} not larger than the FEC header` };
  const redundant = fec.slicesPerGroup - fec.dataSlices;
  const needed = Math.ceil(headerLen / maxPayload) + Math.ceil(largestChunk / maxPayload);
  const k = Math.max(fec.dataSlices, needed);
  if (k + redundant > FEC_MAX_SLICES)
    return {
      ok: false,
      error: `chunk of ${largestChunk} bytes (header ${headerLen}) too large for one FEC group`,
    };
  const extraSlices = k - fec.dataSlices;
  return { ok: true, plan: { k, n: fec.slicesPerGroup + extraSlices, extraSlices, maxPayload } };
}

/** One group, ready to be encoded slice by slice. */
export interface FecGroup {
  num: number;
  firstChunk: number;
  numChunks: number;
  k: number;
  n: number;
  sliceBytes: number;
  /** header part (if any) + chunk bytes, unpadded */
  groupBytes: number;
  audioHeaderSize: number;
  bos: boolean;
  headerStream: boolean;
  /** the k data slices, sliceBytes each (header padded to whole slices, zeros at the end) */
  data: Uint8Array[];
  /** send time of slice 0 (ms, on the caller's clock) */
  startMs: number;
  /** play time of the group's chunks: its n slices are spread evenly over it */
  durationMs: number;
}

/** When slice i of a group is due. */
export function sliceTime(g: FecGroup, i: number): number {
  return g.startMs + (i * g.durationMs) / g.n;
}

export function groupHeader(g: FecGroup, sliceNum: number): FecHeader {
  return {
    slicesPerGroup: g.n,
    dataSlicesPerGroup: g.k,
    audioHeaderSize: g.audioHeaderSize,
    groupNum: g.num,
    groupBytes: g.groupBytes,
    sliceNum,
    sliceBytes: g.sliceBytes,
    bos: g.bos,
    headerStream: g.headerStream,
  };
}

/** The datagram for slice i: FEC header + data slice or computed redundancy. */
export function slicePacket(g: FecGroup, i: number): Uint8Array {
  const payload = FecCode.get(g.k, g.n).encode(g.data, i, g.sliceBytes);
  return encodePacket(groupHeader(g, i), payload);
}

/**
 * The smallest slice size that fits header slices + data slices into k slices; small groups
 * get small slices instead of k padded full-size ones (the FEC header carries the size).
 */
export function fitSliceBytes(
  headerLen: number,
  dataLen: number,
  k: number,
  maxPayload: number,
): number {
  const fits = (sb: number): boolean => headerSlices(headerLen, sb) + Math.ceil(dataLen / sb) <= k;
  // fits() only turns from false to true as sb grows, and holds at maxPayload: binary search
  let lo = Math.max(1, Math.ceil((headerLen + dataLen) / k));
  let hi = maxPayload;
  if (lo >= hi) return maxPayload;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export interface AssemblerOptions {
  fec: FecParams;
  /** bytes per datagram, FEC header included (effectiveMps) */
  mps: number;
  /** the audio file header, undefined if the format has none */
  header: Uint8Array | undefined;
  chunkTimeMs: number;
  /** --udp-header-interval: repeat the header in a group at least this often */
  headerIntervalMs: number;
  /** the first group starts no earlier: the end of what the target still has queued */
  sendAfterMs?: number;
}

interface OpenGroup {
  firstChunk: number;
  chunks: Uint8Array[];
  bytes: number;
  withHeader: boolean;
  capacity: number;
}

export type AssemblerResult =
  { ok: true; assembler: GroupAssembler } | { ok: false; error: string };

/**
 * Bundles chunks as they become due into groups: a group holds whole chunks, at most about
 * GROUP_TARGET_MS of audio and what fits beside the header slices; a group that starts at chunk
 * 0 holds only that chunk. A group is sent as soon as it is complete, its slices spread over its
 * play time, each group starting when the previous one has been sent, so the stream keeps the
 * audio rate. The vss does not announce the largest chunk, so k grows (extra slices, as in
 * paraslash) when a chunk needs it, and stays grown for the rest of the stream.
 */
export class GroupAssembler {
  private num = 0;
  private open: OpenGroup | undefined;
  private nextHeaderMs = -Infinity;
  private sendEndMs: number | undefined;
  private readonly maxChunks: number;

  private constructor(
    private planned: StreamPlan,
    private readonly opts: AssemblerOptions,
  ) {
    this.maxChunks = Math.max(1, Math.floor(GROUP_TARGET_MS / opts.chunkTimeMs));
    this.sendEndMs = opts.sendAfterMs;
  }

  /** Fails when even the header alone does not fit into one group. */
  static create(opts: AssemblerOptions): AssemblerResult {
    const r = planStream(opts.fec, opts.mps, opts.header?.length ?? 0, 0);
    return r.ok ? { ok: true, assembler: new GroupAssembler(r.plan, opts) } : r;
  }

  get plan(): StreamPlan {
    return this.planned;
  }

  /**
   * Chunk chunkNum (its bytes; for chunk 0 of a header format the header) is due now. Throws,
   * changing nothing, if the chunk can never fit into one group (the target skips the file).
   */
  push(chunkNum: number, bytes: Uint8Array, nowMs: number): FecGroup[] {
    const fits = planStream(
      this.opts.fec,
      this.opts.mps,
      this.opts.header?.length ?? 0,
      bytes.length,
    );
    if (!fits.ok) throw new RangeError(`chunk ${chunkNum}: ${fits.error}`);
    const out: FecGroup[] = [];
    const g = this.open;
    if (g) {
      const contiguous = chunkNum === g.firstChunk + g.chunks.length;
      if (!contiguous || g.chunks.length >= this.maxChunks || g.bytes + bytes.length > g.capacity)
        out.push(this.close(nowMs));
    }
    let cur = this.open ?? this.start(chunkNum, nowMs);
    if (bytes.length > cur.capacity) {
      this.planned = fits.plan;
      cur = this.reopen(cur);
    }
    cur.chunks.push(bytes);
    cur.bytes += bytes.length;
    if (chunkNum === 0 || cur.chunks.length >= this.maxChunks) out.push(this.close(nowMs));
    return out;
  }

  /** End of the stream: the group still being filled, if any. */
  flush(nowMs: number): FecGroup[] {
    return this.open ? [this.close(nowMs)] : [];
  }

  /** When the last slice handed out so far will have been sent. */
  get sendEnd(): number | undefined {
    return this.sendEndMs;
  }

  /** paraslash's need_audio_header: never for a group starting at chunk 0 (that chunk is the header) */
  private needsHeader(chunkNum: number, nowMs: number): boolean {
    const header = this.opts.header;
    if (chunkNum === 0) {
      this.nextHeaderMs = nowMs + this.opts.headerIntervalMs;
      return false;
    }
    if (!header || header.length === 0) return false;
    if (this.num > 0 && nowMs < this.nextHeaderMs) return false;
    this.nextHeaderMs = nowMs + this.opts.headerIntervalMs;
    return true;
  }

  private start(chunkNum: number, nowMs: number): OpenGroup {
    const withHeader = this.needsHeader(chunkNum, nowMs);
    this.open = { firstChunk: chunkNum, chunks: [], bytes: 0, withHeader, capacity: 0 };
    return this.reopen(this.open);
  }

  /** (Re)computes the room for chunks beside the header slices under the current plan. */
  private reopen(g: OpenGroup): OpenGroup {
    const { k, maxPayload } = this.planned;
    const hs = g.withHeader ? headerSlices(this.opts.header!.length, maxPayload) : 0;
    g.capacity = (k - hs) * maxPayload;
    return g;
  }

  private close(nowMs: number): FecGroup {
    const g = this.open!;
    this.open = undefined;
    const { k, n, maxPayload } = this.planned;
    const header = this.opts.header;
    const ahs = g.withHeader && header ? header.length : 0;
    const sliceBytes = fitSliceBytes(ahs, g.bytes, k, maxPayload);
    const buf = new Uint8Array(k * sliceBytes);
    if (ahs > 0) buf.set(header!, 0);
    let pos = headerSlices(ahs, sliceBytes) * sliceBytes;
    for (const c of g.chunks) {
      buf.set(c, pos);
      pos += c.length;
    }
    const data: Uint8Array[] = [];
    for (let i = 0; i < k; i++) data.push(buf.subarray(i * sliceBytes, (i + 1) * sliceBytes));
    const startMs = Math.max(nowMs, this.sendEndMs ?? nowMs);
    const durationMs = g.chunks.length * this.opts.chunkTimeMs;
    this.sendEndMs = startMs + durationMs;
    return {
      num: this.num++,
      firstChunk: g.firstChunk,
      numChunks: g.chunks.length,
      k,
      n,
      sliceBytes,
      groupBytes: ahs + g.bytes,
      audioHeaderSize: ahs,
      bos: g.firstChunk === 0,
      headerStream: header !== undefined && header.length > 0,
      data,
      startMs,
      durationMs,
    };
  }
}
