// ICY metadata (docs/streaming.md): for a request with `Icy-MetaData: 1`, after every 8192 audio
// bytes one length byte N and N * 16 bytes of `StreamTitle='...';` padded with NULs; N = 0
// while the title has not changed since this listener's last block.

export const ICY_METAINT = 8192;
const EMPTY_BLOCK = Buffer.from([0]);
const MAX_BLOCK = 255 * 16;

/** The metadata block that announces `title`. Like Icecast we do not escape quotes. */
/** the title a flush was gathered under, as ICY writes it (batch-writer.ts tags) */
export interface IcyTitle {
  title: string;
  block: Buffer;
}

export function icyBlock(title: string): Buffer {
  let text = Buffer.from(`StreamTitle='${title}';`, 'utf8');
  if (text.length > MAX_BLOCK) {
    // cut the title on a character boundary so the block fits
    let cut = Buffer.from(title, 'utf8').subarray(0, MAX_BLOCK - 16);
    while (cut.length > 0 && (cut[cut.length - 1]! & 0xc0) === 0x80) cut = cut.subarray(0, -1);
    if (cut.length > 0 && cut[cut.length - 1]! >= 0xc0) cut = cut.subarray(0, -1);
    text = Buffer.from(`StreamTitle='${cut.toString('utf8')}';`, 'utf8');
  }
  const n = Math.ceil(text.length / 16);
  const block = Buffer.alloc(1 + n * 16);
  block[0] = n;
  text.copy(block, 1);
  return block;
}

/** One listener's position in the metadata rhythm. */
export class IcyWriter {
  private left = ICY_METAINT;
  private sentTitle: string | undefined;

  /**
   * Splits `data` at this listener's metadata points and puts a block at each: the title block
   * when `title` is new to this listener, an empty one otherwise.
   */
  pieces(data: Uint8Array, title: string, titleBlock: Buffer): Uint8Array[] {
    const out: Uint8Array[] = [];
    let pos = 0;
    while (data.length - pos >= this.left) {
      out.push(data.subarray(pos, pos + this.left));
      pos += this.left;
      this.left = ICY_METAINT;
      if (title !== this.sentTitle) {
        out.push(titleBlock);
        this.sentTitle = title;
      } else out.push(EMPTY_BLOCK);
    }
    if (pos < data.length) {
      out.push(data.subarray(pos));
      this.left -= data.length - pos;
    }
    return out;
  }
}
