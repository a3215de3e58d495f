// Pictures embedded in audio files: ID3v2 APIC/PIC, the FLAC PICTURE block (also base64 in a
// vorbis comment, METADATA_BLOCK_PICTURE), MP4 covr. Of several, the front cover (picture type 3)
// wins, else the first. The bytes are copied out, so the file's buffer is not kept alive.

/** The picture type ID3v2 and FLAC give a front cover. */
const FRONT_COVER = 3;

/** Collects the pictures of one file and keeps the best. */
export class PictureChoice {
  private best: Uint8Array | undefined;
  private bestIsFront = false;

  offer(data: Uint8Array, type: number): void {
    if (data.length === 0 || this.bestIsFront) return;
    const isFront = type === FRONT_COVER;
    if (this.best !== undefined && !isFront) return;
    this.best = data.slice();
    this.bestIsFront = isFront;
  }

  get picture(): Uint8Array | undefined {
    return this.best;
  }
}

const u32be = (d: Uint8Array, p: number): number =>
  ((d[p]! << 24) | (d[p + 1]! << 16) | (d[p + 2]! << 8) | d[p + 3]!) >>> 0;

/**
 * A FLAC PICTURE block body at d[start, end) (RFC 9639 §8.8): type, MIME, description,
 * width, height, depth, colours, then the data. Undefined when it does not fit.
 */
export function flacPicture(
  d: Uint8Array,
  start: number,
  end: number,
): { type: number; data: Uint8Array } | undefined {
  let p = start;
  if (p + 8 > end) return undefined;
  const type = u32be(d, p);
  const mimeLen = u32be(d, p + 4);
  p += 8 + mimeLen;
  if (p + 4 > end) return undefined;
  p += 4 + u32be(d, p); // description
  if (p + 20 > end) return undefined;
  const len = u32be(d, p + 16);
  p += 20;
  if (p + len > end) return undefined;
  return { type, data: d.subarray(p, p + len) };
}

/** ID3v2.3/2.4 APIC (or v2.2 PIC) frame content: encoding, MIME or format, type, description. */
export function id3Picture(
  c: Uint8Array,
  isV22: boolean,
  descriptionEnd: (at: number, encoding: number) => number,
): { type: number; data: Uint8Array } | undefined {
  if (c.length < 6) return undefined;
  let p: number;
  if (isV22) p = 4;
  else {
    p = c.indexOf(0, 1);
    if (p < 0) return undefined;
    p += 1;
  }
  const type = c[p]!;
  const dataStart = descriptionEnd(p + 1, c[0]!);
  return dataStart < c.length ? { type, data: c.subarray(dataStart) } : undefined;
}

/** The picture of a METADATA_BLOCK_PICTURE comment value (base64 of a FLAC PICTURE block). */
export function vorbisCommentPicture(
  value: Uint8Array,
): { type: number; data: Uint8Array } | undefined {
  const block = Buffer.from(Buffer.from(value).toString('latin1'), 'base64');
  return flacPicture(block, 0, block.length);
}
