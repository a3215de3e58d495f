// Reads the five paraslash tags from ID3v1 and ID3v2.2/2.3/2.4 text frames (docs/paraslash/formats.md §3).
// Hand-written because music-metadata is too slow for the add budget; only the frames we need
// are decoded, everything else (pictures, padding) is skipped by its size.
import { Buffer } from 'node:buffer';
import { inflateSync } from 'node:zlib';
import { id3Picture, PictureChoice } from './pictures.js';
import { bufferSource, type ByteSource } from './source.js';
import type { Tags } from './types.js';

export type Id3Versions = 'none' | 'v1' | 'v2' | 'v1+v2';

export interface Id3Result {
  /** each field from ID3v2 if it is there (and not empty), else from ID3v1 */
  tags: Tags;
  versions: Id3Versions;
  /** first byte after the leading ID3v2 tag(s); 0 without one */
  v2End: number;
  /** first byte of the trailing 128-byte ID3v1 tag; data.length without one */
  v1Start: number;
  /** the embedded picture (APIC / PIC), the front cover if there are several */
  picture?: Uint8Array | undefined;
}

type Field = keyof Tags;

const utf8 = new TextDecoder('utf-8');
const utf16le = new TextDecoder('utf-16le');
const utf16be = new TextDecoder('utf-16be');

/** Frame ids we read, v2.2 ids included; the year prefers TDRC (v2.4) over TYER. */
const TEXT_FRAMES: Record<string, Field> = {
  TPE1: 'artist',
  TP1: 'artist',
  TIT2: 'title',
  TT2: 'title',
  TALB: 'album',
  TAL: 'album',
  TDRC: 'year',
  TYER: 'year',
  TYE: 'year',
};

/** Size of an ID3v2 tag at `at` (header + body + footer), or 0 if there is none. */
export function id3v2TagSize(data: Uint8Array, at: number): number {
  if (at + 10 > data.length) return 0;
  if (data[at] !== 0x49 || data[at + 1] !== 0x44 || data[at + 2] !== 0x33) return 0; // "ID3"
  const major = data[at + 3]!;
  if (major < 2 || major === 0xff || data[at + 4] === 0xff) return 0;
  const size = syncsafe(data, at + 6);
  if (size < 0) return 0;
  const hasFooter = major >= 4 && (data[at + 5]! & 0x10) !== 0;
  return 10 + size + (hasFooter ? 10 : 0);
}

export function readId3(data: Uint8Array): Id3Result {
  return readId3From(bufferSource(data));
}

/** readId3 reading only the leading tag(s) and the last 128 bytes of the source. */
export function readId3From(src: ByteSource): Id3Result {
  const v2: Partial<Tags> = {};
  const pictures = new PictureChoice();
  let hasV2 = false;
  let v2End = 0;
  // Some taggers leave a second tag behind the first one: skip them all, read the first.
  for (let size = id3v2TagSize(src.read(0, 10), 0); size > 0;) {
    if (!hasV2) readId3v2(src.read(0, size), v2, pictures);
    hasV2 = true;
    v2End += size;
    size = id3v2TagSize(src.read(v2End, 10), 0);
  }
  const tail = src.size >= 128 + v2End ? src.read(src.size - 128, 128) : undefined;
  const v1 = tail && isV1(tail, 0) ? readId3v1(tail, 0) : undefined;
  const v1Start = v1 ? src.size - 128 : src.size;
  const hasV1 = v1 !== undefined;
  const pick = (f: Field): string => v2[f] || v1?.[f] || '';
  return {
    tags: {
      artist: pick('artist'),
      title: pick('title'),
      year: pick('year'),
      album: pick('album'),
      comment: pick('comment'),
    },
    versions: hasV1 ? (hasV2 ? 'v1+v2' : 'v1') : hasV2 ? 'v2' : 'none',
    v2End,
    v1Start,
    picture: pictures.picture,
  };
}

function isV1(data: Uint8Array, at: number): boolean {
  return data[at] === 0x54 && data[at + 1] === 0x41 && data[at + 2] === 0x47; // "TAG"
}

function readId3v1(data: Uint8Array, at: number): Tags {
  // ID3v1.1 keeps a track number in the last two comment bytes: zero, then non-zero.
  const hasTrack = data[at + 125] === 0 && data[at + 126] !== 0;
  return {
    title: v1String(data, at + 3, 30),
    artist: v1String(data, at + 33, 30),
    album: v1String(data, at + 63, 30),
    year: v1String(data, at + 93, 4),
    comment: v1String(data, at + 97, hasTrack ? 28 : 30),
  };
}

function v1String(data: Uint8Array, at: number, len: number): string {
  let end = at;
  while (end < at + len && data[end] !== 0) end++;
  return latin1(data, at, end).trim();
}

/** Fills `out` from the tag at offset 0 (id3v2TagSize has checked its header). */
function readId3v2(data: Uint8Array, out: Partial<Tags>, pictures: PictureChoice): void {
  const major = data[3]!;
  const flags = data[5]!;
  if (major > 4) return; // unknown layout: skip the tag without reading it
  if (major === 2 && (flags & 0x40) !== 0) return; // v2.2 compression: no defined scheme
  const tagUnsync = (flags & 0x80) !== 0;
  let body = data.subarray(10, Math.min(10 + syncsafe(data, 6), data.length));
  // v2.2/v2.3 unsynchronise the whole tag, frame headers included; v2.4 does it per frame.
  if (tagUnsync && major < 4) body = removeUnsync(body);
  let pos = 0;
  if (major >= 3 && (flags & 0x40) !== 0) {
    // Extended header: v2.3 size excludes its own 4 bytes, v2.4 size (syncsafe) includes them.
    const ext = major === 3 ? u32(body, 0) : syncsafe(body, 0);
    if (ext < 0) return;
    pos = major === 3 ? 4 + ext : ext;
  }
  const headerLen = major === 2 ? 6 : 10;
  const comments: { desc: string; text: string }[] = [];
  let txxxComment = '';
  while (pos + headerLen <= body.length) {
    const id = frameId(body, pos, major === 2 ? 3 : 4);
    if (id === undefined) break; // padding or garbage
    const len = frameSize(body, pos, major);
    const start = pos + headerLen;
    if (len < 0 || start + len > body.length) break;
    pos = start + len;
    const field = TEXT_FRAMES[id];
    const isComm = id === 'COMM' || id === 'COM';
    const isPicture = id === 'APIC' || id === 'PIC';
    if (field === undefined && !isComm && !isPicture && id !== 'TXXX') continue;
    const content = frameContent(body, start, len, major, tagUnsync);
    if (content === undefined || content.length < 2) continue;
    if (isPicture) {
      const pic = id3Picture(content, major === 2, (at, enc) => readText(content, at, enc).next);
      if (pic) pictures.offer(pic.data, pic.type);
    } else if (field !== undefined) {
      if (out[field] === undefined || (id === 'TDRC' && field === 'year')) {
        const value = readText(content, 1, content[0]!).text;
        if (value !== '') out[field] = value;
      }
    } else if (isComm) {
      if (content.length < 5) continue;
      const desc = readText(content, 4, content[0]!);
      comments.push({ desc: desc.text, text: readText(content, desc.next, content[0]!).text });
    } else if (txxxComment === '') {
      // ffmpeg writes the comment as TXXX "comment" rather than COMM (seen with Debian's ffmpeg).
      const desc = readText(content, 1, content[0]!);
      if (desc.text.toLowerCase() === 'comment') {
        txxxComment = readText(content, desc.next, content[0]!).text;
      }
    }
  }
  // Prefer the plain comment; iTunes-style COMM frames (iTunNORM, ...) are not meant for people.
  const comment =
    comments.find((c) => c.desc === '' && c.text !== '') ??
    comments.find((c) => !c.desc.startsWith('iTun') && c.text !== '');
  const text = comment?.text || txxxComment;
  if (text !== '') out.comment = text;
}

function frameId(b: Uint8Array, at: number, len: number): string | undefined {
  let id = '';
  for (let i = 0; i < len; i++) {
    const c = b[at + i]!;
    if (!((c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39))) return undefined;
    id += String.fromCharCode(c);
  }
  return id;
}

function frameSize(b: Uint8Array, at: number, major: number): number {
  if (major === 2) return (b[at + 3]! << 16) | (b[at + 4]! << 8) | b[at + 5]!;
  if (major === 3) return u32(b, at + 4);
  // v2.4 sizes are syncsafe, but iTunes and others wrote plain ones: if the syncsafe reading
  // does not land on a frame id (or the end) and the plain one does, take the plain one.
  const safe = syncsafe(b, at + 4);
  const plain = u32(b, at + 4);
  if (safe < 0) return plain;
  if (safe < 0x80 || landsOnFrame(b, at + 10 + safe)) return safe;
  return landsOnFrame(b, at + 10 + plain) ? plain : safe;
}

function landsOnFrame(b: Uint8Array, at: number): boolean {
  return at === b.length || (at < b.length && b[at] === 0) || frameId(b, at, 4) !== undefined;
}

/** The frame's data after its flag-announced extra bytes, decompressed and de-unsynchronised. */
function frameContent(
  body: Uint8Array,
  start: number,
  len: number,
  major: number,
  tagUnsync: boolean,
): Uint8Array | undefined {
  let content = body.subarray(start, start + len);
  if (major === 2) return content;
  const f = body[start - 1]!;
  let compressed: boolean;
  if (major === 3) {
    if ((f & 0x40) !== 0) return undefined; // encrypted
    compressed = (f & 0x80) !== 0;
    content = content.subarray((compressed ? 4 : 0) + ((f & 0x20) !== 0 ? 1 : 0));
  } else {
    if ((f & 0x04) !== 0) return undefined; // encrypted
    compressed = (f & 0x08) !== 0;
    content = content.subarray(((f & 0x40) !== 0 ? 1 : 0) + ((f & 0x01) !== 0 ? 4 : 0));
    if (tagUnsync || (f & 0x02) !== 0) content = removeUnsync(content);
  }
  if (!compressed) return content;
  try {
    return inflateSync(content);
  } catch {
    return undefined;
  }
}

/** Decodes one string (up to its terminator) in an ID3v2 text encoding from `at`. */
function readText(b: Uint8Array, at: number, encoding: number): { text: string; next: number } {
  if (encoding === 1 || encoding === 2) {
    let end = at;
    while (end + 1 < b.length && (b[end] !== 0 || b[end + 1] !== 0)) end += 2;
    // Without a terminator `end` stops at the last whole code unit, so [at, end) stays even.
    const next = end + 1 < b.length ? end + 2 : b.length;
    let s = at;
    // Encoding 1 needs a BOM; lame leaves it off an empty description, others off the text:
    // without one, little endian is what such writers meant (music-metadata agrees).
    let decoder = encoding === 2 ? utf16be : utf16le;
    if (end - s >= 2 && b[s] === 0xff && b[s + 1] === 0xfe) {
      decoder = utf16le;
      s += 2;
    } else if (end - s >= 2 && b[s] === 0xfe && b[s + 1] === 0xff) {
      decoder = utf16be;
      s += 2;
    }
    return { text: decoder.decode(b.subarray(s, end)), next };
  }
  let end = at;
  while (end < b.length && b[end] !== 0) end++;
  const text = encoding === 3 ? utf8.decode(b.subarray(at, end)) : latin1(b, at, end);
  return { text, next: Math.min(end + 1, b.length) };
}

function latin1(b: Uint8Array, start: number, end: number): string {
  if (end <= start) return '';
  return Buffer.from(b.buffer, b.byteOffset + start, end - start).toString('latin1');
}

/** Undoes ID3 unsynchronisation (0xFF 0x00 -> 0xFF) into a copy; rare, so copying is fine. */
function removeUnsync(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length);
  let w = 0;
  for (let r = 0; r < b.length; r++) {
    out[w++] = b[r]!;
    if (b[r] === 0xff && b[r + 1] === 0) r++;
  }
  return out.subarray(0, w);
}

function u32(b: Uint8Array, at: number): number {
  if (at + 4 > b.length) return -1;
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

/** A 28-bit syncsafe integer, or -1 if a byte has its top bit set (so it is not syncsafe). */
function syncsafe(b: Uint8Array, at: number): number {
  if (at + 4 > b.length) return -1;
  const b0 = b[at]!;
  const b1 = b[at + 1]!;
  const b2 = b[at + 2]!;
  const b3 = b[at + 3]!;
  if ((b0 | b1 | b2 | b3) & 0x80) return -1;
  return (b0 << 21) | (b1 << 14) | (b2 << 7) | b3;
}
