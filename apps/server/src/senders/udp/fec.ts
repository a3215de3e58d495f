// The erasure code of paraslash's FEC senders: Luigi Rizzo's systematic Vandermonde Reed-Solomon
// code over GF(2^8) (fec.c, GF_BITS = 8), same field and matrix, so any k of n slices rebuild a group.

/** x^8 + x^4 + x^3 + x^2 + 1, Rizzo's primitive polynomial for GF(2^8) ("101110001") */
const PRIM_POLY = 0x11d;

const EXP = new Uint8Array(510);
const LOG = new Uint8Array(256);
{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= PRIM_POLY;
  }
  for (let i = 255; i < 510; i++) EXP[i] = EXP[i - 255]!;
}

/** MUL[a << 8 | b] = a * b: one table lookup per byte in the hot loops */
const MUL = new Uint8Array(65536);
for (let a = 1; a < 256; a++) {
  for (let b = 1; b < 256; b++) MUL[(a << 8) | b] = EXP[LOG[a]! + LOG[b]!]!;
}

function mul(a: number, b: number): number {
  return MUL[(a << 8) | b]!;
}

function inverse(a: number): number {
  return EXP[255 - LOG[a]!]!;
}

/** dst ^= c * src, byte by byte */
function addMul(dst: Uint8Array, src: Uint8Array, c: number, len: number): void {
  if (c === 0) return;
  if (c === 1) {
    for (let i = 0; i < len; i++) dst[i]! ^= src[i]!;
    return;
  }
  const row = MUL.subarray(c << 8, (c << 8) + 256);
  for (let i = 0; i < len; i++) dst[i]! ^= row[src[i]!]!;
}

/** Inverts a square matrix in place (Gauss-Jordan); false if it is singular. */
function invertMatrix(m: Uint8Array, size: number): boolean {
  const inv = new Uint8Array(size * size);
  for (let i = 0; i < size; i++) inv[i * size + i] = 1;
  for (let col = 0; col < size; col++) {
    let pivot = col;
    while (pivot < size && m[pivot * size + col] === 0) pivot++;
    if (pivot === size) return false;
    if (pivot !== col) {
      for (let j = 0; j < size; j++) {
        const a = col * size + j;
        const b = pivot * size + j;
        [m[a], m[b]] = [m[b]!, m[a]!];
        [inv[a], inv[b]] = [inv[b]!, inv[a]!];
      }
    }
    const f = inverse(m[col * size + col]!);
    for (let j = 0; j < size; j++) {
      m[col * size + j] = mul(m[col * size + j]!, f);
      inv[col * size + j] = mul(inv[col * size + j]!, f);
    }
    for (let r = 0; r < size; r++) {
      const c = r === col ? 0 : m[r * size + col]!;
      if (c === 0) continue;
      for (let j = 0; j < size; j++) {
        m[r * size + j]! ^= mul(c, m[col * size + j]!);
        inv[r * size + j]! ^= mul(c, inv[col * size + j]!);
      }
    }
  }
  m.set(inv);
  return true;
}

export const FEC_MAX_SLICES = 255;

/** One slice of a group as received: its index 0..n-1 and its payload. */
export interface ReceivedSlice {
  index: number;
  data: Uint8Array;
}

/**
 * A (k, n) code: slices 0..k-1 are the data itself, k..n-1 redundancy. The matrix is Rizzo's:
 * Vandermonde rows [1, x, x^2, ...] for x = 0, a^0, a^1, ..., a^(n-2), made systematic by
 * multiplying with the inverse of its top k x k part.
 */
export class FecCode {
  private static readonly cache = new Map<number, FecCode>();
  /** rows k..n-1 of the encoding matrix, (n - k) x k */
  private readonly parity: Uint8Array;

  private constructor(
    readonly k: number,
    readonly n: number,
  ) {
    const v = new Uint8Array(n * k);
    v[0] = 1; // row 0 is x = 0: [1, 0, 0, ...]
    for (let row = 1; row < n; row++) {
      for (let col = 0; col < k; col++) v[row * k + col] = EXP[((row - 1) * col) % 255]!;
    }
    const top = v.slice(0, k * k);
    if (!invertMatrix(top, k)) throw new Error('Vandermonde matrix is singular'); // cannot happen for n <= 255
    this.parity = new Uint8Array((n - k) * k);
    for (let r = 0; r < n - k; r++) {
      for (let c = 0; c < k; c++) {
        let sum = 0;
        for (let j = 0; j < k; j++) sum ^= mul(v[(k + r) * k + j]!, top[j * k + c]!);
        this.parity[r * k + c] = sum;
      }
    }
  }

  /** The code for (k, n), built once per process: 0 < k <= n <= 255. */
  static get(k: number, n: number): FecCode {
    if (!Number.isInteger(k) || !Number.isInteger(n) || k < 1 || n < k || n > FEC_MAX_SLICES)
      throw new RangeError(`invalid FEC parameters k=${k} n=${n} (need 0 < k <= n <= 255)`);
    const key = (k << 8) | n;
    let code = FecCode.cache.get(key);
    if (!code) {
      code = new FecCode(k, n);
      FecCode.cache.set(key, code);
    }
    return code;
  }

  /** The coefficient of data slice `col` in slice `index` (identity rows for index < k). */
  coefficient(index: number, col: number): number {
    if (index < this.k) return index === col ? 1 : 0;
    return this.parity[(index - this.k) * this.k + col]!;
  }

  /** Slice `index` of a group whose k data slices are `data` (each at least sliceBytes long). */
  encode(data: readonly Uint8Array[], index: number, sliceBytes: number): Uint8Array {
    if (data.length !== this.k)
      throw new RangeError(`need ${this.k} data slices, got ${data.length}`);
    if (index < 0 || index >= this.n) throw new RangeError(`slice index ${index} out of range`);
    if (index < this.k) return data[index]!.slice(0, sliceBytes);
    const out = new Uint8Array(sliceBytes);
    const row = (index - this.k) * this.k;
    for (let col = 0; col < this.k; col++)
      addMul(out, data[col]!, this.parity[row + col]!, sliceBytes);
    return out;
  }

  /**
   * The k data slices from any k distinct received slices of sliceBytes each. Only the missing
   * data slices are computed: the known ones are subtracted from the parity slices, leaving an
   * m x m system for the m lost data slices.
   */
  decode(received: readonly ReceivedSlice[], sliceBytes: number): Uint8Array[] {
    const { k } = this;
    const data: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(k).fill(undefined);
    const parity: ReceivedSlice[] = [];
    const seen = new Set<number>();
    for (const s of received) {
      if (s.index < 0 || s.index >= this.n || seen.has(s.index))
        throw new RangeError(`bad or duplicate slice index ${s.index}`);
      if (s.data.length < sliceBytes) throw new RangeError(`slice ${s.index} is too short`);
      seen.add(s.index);
      if (s.index < k) data[s.index] = s.data.subarray(0, sliceBytes);
      else parity.push(s);
    }
    const missing: number[] = [];
    for (let j = 0; j < k; j++) if (!data[j]) missing.push(j);
    const m = missing.length;
    if (parity.length < m) throw new RangeError(`need ${k} slices, got ${received.length}`);
    if (m === 0) return data as Uint8Array[];
    const used = parity.slice(0, m);
    // rhs_r = parity_r - sum over known data slices of their contribution
    const rhs = used.map((p) => {
      const acc = p.data.slice(0, sliceBytes);
      for (let j = 0; j < k; j++) {
        const d = data[j];
        if (d) addMul(acc, d, this.coefficient(p.index, j), sliceBytes);
      }
      return acc;
    });
    const a = new Uint8Array(m * m);
    for (let r = 0; r < m; r++) {
      for (let c = 0; c < m; c++) a[r * m + c] = this.coefficient(used[r]!.index, missing[c]!);
    }
    if (!invertMatrix(a, m)) throw new Error('FEC decode matrix is singular'); // MDS: cannot happen
    for (let c = 0; c < m; c++) {
      const out = new Uint8Array(sliceBytes);
      for (let r = 0; r < m; r++) addMul(out, rhs[r]!, a[c * m + r]!, sliceBytes);
      data[missing[c]!] = out;
    }
    return data as Uint8Array[];
  }
}
