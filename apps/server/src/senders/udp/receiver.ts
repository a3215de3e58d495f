// The receiving side of a FEC stream (paraslash's fecdec filter): gathers slice packets, rebuilds
// each group from any k of its slices and hands on the original bytes in group order, coping with
// loss, duplicates, reordering, a start in the middle of a stream and the audio file header.
import { FecCode } from './fec.js';
import type { FecHeader } from './packet.js';
import { decodePacket, headerSlices } from './packet.js';

export interface ReceiverOptions {
  /** the rebuilt stream, in order */
  onData(bytes: Uint8Array): void;
  /** an EOF packet: the stream (one audio file) has ended */
  onEof?(): void;
  /** a packet that was not usable, a group given up on */
  onWarning?(message: string): void;
  /** a missing group is given up once a group this many numbers later is complete */
  maxLag?: number;
}

export interface ReceiverStats {
  packets: number;
  badPackets: number;
  duplicates: number;
  lateOrOld: number;
  groupsOut: number;
  /** groups that needed redundant slices because data slices were lost */
  groupsRecovered: number;
  groupsLost: number;
  /** groups dropped because the header was not known yet (joined mid-stream) */
  groupsSkipped: number;
  bytesOut: number;
  /** EOF packets: files ended */
  streams: number;
}

interface PendingGroup {
  header: FecHeader;
  slices: Map<number, Uint8Array>;
  decoded?: Uint8Array[];
  recovered: boolean;
}

/** at most this many groups are held while waiting for a missing one */
const MAX_PENDING = 64;
/** this many packets in a row for groups long gone, one of them group 0, mean the stream restarted */
const RESTART_RUN = 8;

/** Same group fields in every slice, else the packet is rejected. */
function sameGroup(a: FecHeader, b: FecHeader): boolean {
  return (
    a.slicesPerGroup === b.slicesPerGroup &&
    a.dataSlicesPerGroup === b.dataSlicesPerGroup &&
    a.audioHeaderSize === b.audioHeaderSize &&
    a.groupBytes === b.groupBytes &&
    a.sliceBytes === b.sliceBytes &&
    a.bos === b.bos &&
    a.headerStream === b.headerStream
  );
}

export class FecReceiver {
  readonly stats: ReceiverStats = {
    packets: 0,
    badPackets: 0,
    duplicates: 0,
    lateOrOld: 0,
    groupsOut: 0,
    groupsRecovered: 0,
    groupsLost: 0,
    groupsSkipped: 0,
    bytesOut: 0,
    streams: 0,
  };
  private pending = new Map<number, PendingGroup>();
  /** next group to hand on; undefined until the first usable group of a stream is chosen */
  private nextGroup: number | undefined;
  private hasHeader = false;
  /** headers of the groups handed on or given up, to tell late slices from a restarted stream */
  private done = new Map<number, FecHeader>();
  /** the latest run of slices for groups long gone that look like them */
  private behind: { h: FecHeader; payload: Uint8Array }[] = [];
  private readonly maxLag: number;

  constructor(private readonly opts: ReceiverOptions) {
    this.maxLag = opts.maxLag ?? 3;
  }

  /** One datagram as received. Never throws on bad input. */
  push(datagram: Uint8Array): void {
    this.stats.packets++;
    const p = decodePacket(datagram);
    if (p.kind === 'error') return this.bad(p.error);
    if (p.kind === 'eof') return this.endStream(true);
    const h = p.header;
    if (this.nextGroup !== undefined && h.groupNum < this.nextGroup) return this.old(h, p.payload);
    if (this.behind.length > 0) this.behind = [];
    this.accept(h, p.payload);
  }

  /** Hands on every complete group still held (e.g. the sender went away without EOF). */
  flush(): void {
    this.drain();
  }

  /**
   * A slice numbered below the output point: the rest of a group handed on after its first k
   * slices, a late duplicate, or the start of a stream that restarted without EOF (paraslash
   * restarts group numbers on pause, ff and jmp). A slice that disagrees with the group of that
   * number handed on before can only be the new stream.
   */
  private old(h: FecHeader, payload: Uint8Array): void {
    const before = this.done.get(h.groupNum);
    if (before && !sameGroup(before, h)) {
      this.endStream(false);
      return this.accept(h, payload);
    }
    if (h.groupNum + this.maxLag + 1 >= this.nextGroup!) {
      if (this.behind.length > 0) this.behind = [];
      this.stats.lateOrOld++;
      return;
    }
    // long gone: a very late packet, or (a run including group 0) a restart that looks alike
    this.behind.push({ h, payload: payload.slice() });
    if (this.behind.length < RESTART_RUN || !this.behind.some((b) => b.h.groupNum === 0)) {
      if (this.behind.length > RESTART_RUN) this.behind.shift();
      this.stats.lateOrOld++;
      return;
    }
    const replay = this.behind;
    this.endStream(false);
    for (const b of replay) this.accept(b.h, b.payload);
  }

  private accept(h: FecHeader, payload: Uint8Array): void {
    let g = this.pending.get(h.groupNum);
    if (!g) {
      g = { header: h, slices: new Map(), recovered: false };
      this.pending.set(h.groupNum, g);
    } else if (!sameGroup(g.header, h)) {
      return this.bad(
        `slice ${h.sliceNum} of group ${h.groupNum} disagrees with the group's other slices`,
      );
    }
    if (g.decoded || g.slices.has(h.sliceNum)) {
      this.stats.duplicates++;
      return;
    }
    g.slices.set(h.sliceNum, payload.slice());
    if (g.slices.size >= h.dataSlicesPerGroup) this.decode(g);
    this.deliver();
    this.trim();
  }

  private bad(error: string): void {
    this.stats.badPackets++;
    this.opts.onWarning?.(error);
  }

  private decode(g: PendingGroup): void {
    const { dataSlicesPerGroup: k, slicesPerGroup: n, sliceBytes } = g.header;
    const received = [...g.slices].map(([index, data]) => ({ index, data }));
    g.recovered = received.filter((s) => s.index < k).length < k;
    g.decoded = FecCode.get(k, n).decode(received, sliceBytes);
    g.slices.clear();
  }

  /** The header-stream rules of fecdec: without the header only bos or header groups are usable. */
  private usable(h: FecHeader): boolean {
    return !h.headerStream || this.hasHeader || h.bos || h.audioHeaderSize > 0;
  }

  /** Takes a group out of the pending set, remembering what it looked like. */
  private retire(num: number): PendingGroup | undefined {
    const g = this.pending.get(num);
    if (g) {
      this.pending.delete(num);
      this.done.set(num, g.header);
      this.done.delete(num - MAX_PENDING * 4);
    }
    return g;
  }

  /** A complete group: its bytes go out (header first if we lack it), or it waits for nothing. */
  private handOn(num: number): void {
    const g = this.retire(num)!;
    const h = g.header;
    if (!this.usable(h)) {
      this.stats.groupsSkipped++;
      return;
    }
    const whole = new Uint8Array(h.dataSlicesPerGroup * h.sliceBytes);
    g.decoded!.forEach((s, i) => whole.set(s, i * h.sliceBytes));
    const dataStart = headerSlices(h.audioHeaderSize, h.sliceBytes) * h.sliceBytes;
    const parts = [whole.subarray(dataStart, dataStart + h.groupBytes - h.audioHeaderSize)];
    if (h.audioHeaderSize > 0 && !this.hasHeader)
      parts.unshift(whole.subarray(0, h.audioHeaderSize));
    this.hasHeader = true;
    this.stats.groupsOut++;
    if (g.recovered) this.stats.groupsRecovered++;
    for (const part of parts) {
      if (part.length === 0) continue;
      this.stats.bytesOut += part.length;
      this.opts.onData(part.slice());
    }
  }

  private lose(num: number): void {
    this.retire(num);
    this.stats.groupsLost++;
    this.opts.onWarning?.(`group ${num} lost`);
  }

  /** Hands on groups in order; gives up a missing one when a much later group is complete. */
  private deliver(): void {
    this.nextGroup ??= this.firstUsable();
    if (this.nextGroup === undefined) return;
    for (;;) {
      if (this.pending.get(this.nextGroup)?.decoded) {
        this.handOn(this.nextGroup++);
        continue;
      }
      const newest = this.newestDecoded();
      if (newest === undefined || newest - this.nextGroup < this.maxLag) return;
      this.lose(this.nextGroup++);
    }
  }

  /**
   * Where a stream is picked up: the lowest group seen that can be used without a header we do
   * not have, once some group is complete (so one stray packet does not decide it).
   */
  private firstUsable(): number | undefined {
    if (this.newestDecoded() === undefined) return undefined;
    let first: number | undefined;
    for (const [num, g] of this.pending) {
      if (this.usable(g.header) && (first === undefined || num < first)) first = num;
    }
    if (first === undefined) {
      // only groups we cannot use yet: drop the complete ones
      for (const [num, g] of this.pending) if (g.decoded) this.handOn(num);
    }
    return first;
  }

  private newestDecoded(): number | undefined {
    let newest: number | undefined;
    for (const [num, g] of this.pending)
      if (g.decoded && (newest === undefined || num > newest)) newest = num;
    return newest;
  }

  /** Bounded memory: leftovers behind the output point go, and the oldest beyond MAX_PENDING. */
  private trim(): void {
    if (this.nextGroup !== undefined) {
      for (const num of this.pending.keys()) if (num < this.nextGroup) this.pending.delete(num);
    }
    while (this.pending.size > MAX_PENDING) {
      const oldest = Math.min(...this.pending.keys());
      if (this.nextGroup === undefined) this.pending.delete(oldest);
      else {
        this.lose(this.nextGroup++);
        this.deliver();
      }
    }
  }

  /** End of a stream: everything complete goes out in order, the rest is lost. */
  private drain(): void {
    this.nextGroup ??= this.firstUsable();
    if (this.nextGroup !== undefined) {
      const nums = [...this.pending.keys()]
        .filter((n) => n >= this.nextGroup!)
        .sort((a, b) => a - b);
      for (const num of nums) {
        while (this.nextGroup < num) this.lose(this.nextGroup++);
        if (this.pending.get(num)?.decoded) this.handOn(num);
        else this.lose(num);
        this.nextGroup = num + 1;
      }
    }
    this.pending.clear();
  }

  /**
   * EOF packet: flush, then expect a new file from scratch. A restart without EOF continues the
   * same file (pause, ff, jmp), so the header already handed on stays valid.
   */
  private endStream(isEof: boolean): void {
    this.drain();
    this.nextGroup = undefined;
    this.done.clear();
    this.behind = [];
    if (!isEof) return;
    this.stats.streams++;
    this.hasHeader = false;
    this.opts.onEof?.();
  }
}
