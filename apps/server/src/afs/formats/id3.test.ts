// Checks the ID3 reader against music-metadata on the fixtures and on synthetic tags that
// exercise every text encoding, unsynchronisation, extended headers and the v2.2 layout.
import fs from 'node:fs';
import { deflateSync } from 'node:zlib';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBuffer } from 'music-metadata';
import { ffprobe } from '../../../test/ffprobe.js';
import { fixture } from '../../../test/fixtures.js';
import { readId3 } from './id3.js';
import type { Tags } from './types.js';

const MP3_FIXTURES = [
  'cbr128.mp3',
  'vbr.mp3',
  'id3v1.mp3',
  'id3v1v2.mp3',
  'id3v24.mp3',
  'mono22.mp3',
  'notags.mp3',
];

/** music-metadata's common tags in our shape, and the ID3 versions it saw. */
async function viaMusicMetadata(data: Uint8Array): Promise<{ tags: Tags; versions: string }> {
  const m = await parseBuffer(data, { mimeType: 'audio/mpeg' }, { skipCovers: true });
  const c = m.common;
  const types = m.format.tagTypes;
  const v1 = types.includes('ID3v1');
  const v2 = types.some((t) => t.startsWith('ID3v2'));
  return {
    tags: {
      artist: c.artist ?? '',
      title: c.title ?? '',
      year: c.year === undefined ? '' : String(c.year),
      album: c.album ?? '',
      // Several COMM frames: we take the one without a description (iTunNORM and friends are
      // not for people), music-metadata lists them all in file order.
      comment: (c.comment?.find((x) => !x.descriptor) ?? c.comment?.[0])?.text ?? '',
    },
    versions: v1 ? (v2 ? 'v1+v2' : 'v1') : v2 ? 'v2' : 'none',
  };
}

for (const name of MP3_FIXTURES) {
  test(`id3 ${name}: same tags and versions as music-metadata`, async () => {
    const data = fs.readFileSync(fixture(name));
    const ours = readId3(data);
    const theirs = await viaMusicMetadata(data);
    assert.equal(ours.versions, theirs.versions);
    if (name === 'id3v24.mp3') {
      // ffmpeg stores the comment as TXXX "comment", which we read (as ffprobe does) and
      // music-metadata does not map to its common comment.
      assert.equal(theirs.tags.comment, '');
      assert.equal(ours.tags.comment, ffprobe(fixture(name)).tags.comment);
      assert.equal(ours.tags.comment, 'test comment');
      assert.deepEqual({ ...ours.tags, comment: '' }, theirs.tags);
    } else {
      assert.deepEqual(ours.tags, theirs.tags);
    }
  });
}

test('id3: tag boundaries of the fixtures', () => {
  const v1v2 = fs.readFileSync(fixture('id3v1v2.mp3'));
  const r = readId3(v1v2);
  assert.equal(r.v1Start, v1v2.length - 128);
  assert.ok(r.v2End > 10 && v1v2[r.v2End] === 0xff, 'v2End is the first frame');
  const none = readId3(fs.readFileSync(fixture('notags.mp3')));
  assert.equal(none.v2End, 0);
  assert.equal(readId3(new Uint8Array(0)).versions, 'none');
});

// ---- synthetic tags ----

const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');
const utf16Bom = (s: string): Buffer =>
  Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
const utf16BeBom = (s: string): Buffer =>
  Buffer.concat([Buffer.from([0xfe, 0xff]), swap(Buffer.from(s, 'utf16le'))]);
const utf16Be = (s: string): Buffer => swap(Buffer.from(s, 'utf16le'));
const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

function swap(b: Buffer): Buffer {
  return Buffer.from(b).swap16();
}

/** Text frame payload: encoding byte, then the string. */
function text(enc: number, bytes: Buffer): Buffer {
  return Buffer.concat([Buffer.from([enc]), bytes]);
}

/** COMM payload: encoding, language, description + terminator, text. */
function comm(enc: number, desc: Buffer, term: Buffer, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([enc]), latin1('eng'), desc, term, body]);
}

function syncsafe(n: number): Buffer {
  return Buffer.from([(n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f]);
}

function be32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function frame(major: number, id: string, payload: Buffer, flags = 0): Buffer {
  if (major === 2) {
    const size = Buffer.from([
      payload.length >> 16,
      (payload.length >> 8) & 0xff,
      payload.length & 0xff,
    ]);
    return Buffer.concat([latin1(id), size, payload]);
  }
  const size = major === 4 ? syncsafe(payload.length) : be32(payload.length);
  return Buffer.concat([latin1(id), size, Buffer.from([0, flags]), payload]);
}

function tag(major: number, flags: number, body: Buffer, padding = 64): Buffer {
  const padded = Buffer.concat([body, Buffer.alloc(padding)]);
  const footer = (flags & 0x10) !== 0;
  const head = Buffer.concat([
    latin1('ID3'),
    Buffer.from([major, 0, flags]),
    syncsafe(padded.length),
  ]);
  const foot = footer ? Buffer.concat([latin1('3DI'), head.subarray(3)]) : Buffer.alloc(0);
  return Buffer.concat([head, padded, foot]);
}

/** ID3 unsynchronisation: a zero byte after every 0xFF. */
function unsync(b: Buffer): Buffer {
  const out: number[] = [];
  for (const x of b) {
    out.push(x);
    if (x === 0xff) out.push(0);
  }
  return Buffer.from(out);
}

function v1(fields: Partial<Tags>, track = 0): Buffer {
  const b = Buffer.alloc(128);
  b.write('TAG', 0, 'latin1');
  b.write(fields.title ?? '', 3, 30, 'latin1');
  b.write(fields.artist ?? '', 33, 30, 'latin1');
  b.write(fields.album ?? '', 63, 30, 'latin1');
  b.write(fields.year ?? '', 93, 4, 'latin1');
  b.write(fields.comment ?? '', 97, 28, 'latin1');
  b[126] = track;
  return b;
}

/** Tag + real audio (so music-metadata accepts it) + optional ID3v1. */
function withAudio(head: Buffer, tail: Buffer = Buffer.alloc(0)): Uint8Array {
  return new Uint8Array(Buffer.concat([head, fs.readFileSync(fixture('notags.mp3')), tail]));
}

test('id3v2.3: UTF-16 with either BOM or none, latin1, lame-style COMM, iTunes COMM skipped', async () => {
  const body = Buffer.concat([
    frame(3, 'TPE1', text(1, utf16Bom('Ärtist ÿ'))),
    frame(3, 'TIT2', text(1, utf16BeBom('Tïtle 𝄞'))),
    frame(3, 'TALB', text(0, latin1('Albüm'))),
    frame(3, 'TYER', text(1, Buffer.from('1999', 'utf16le'))), // UTF-16 without a BOM: LE
    frame(3, 'COMM', comm(0, latin1('iTunNORM'), Buffer.from([0]), latin1(' 0000 0001'))),
    // lame: UTF-16 description without a BOM (just the terminator), text with one.
    frame(3, 'COMM', comm(1, Buffer.alloc(0), Buffer.from([0, 0]), utf16Bom('plain comment'))),
  ]);
  const data = withAudio(tag(3, 0, body));
  const r = readId3(data);
  assert.deepEqual(r.tags, {
    artist: 'Ärtist ÿ',
    title: 'Tïtle 𝄞',
    album: 'Albüm',
    year: '1999',
    comment: 'plain comment',
  });
  assert.equal(r.versions, 'v2');
  assert.deepEqual((await viaMusicMetadata(data)).tags, r.tags);
});

test('id3v2.4: UTF-8, UTF-16BE, TDRC over TYER, footer, per-frame unsync + length indicator', async () => {
  const titleRaw = text(1, utf16Bom('ÿÿ title')); // UTF-16LE 'ÿ' is FF 00: unsync matters
  const unsynced = unsync(titleRaw);
  const body = Buffer.concat([
    frame(4, 'TPE1', text(3, utf8('Ünïcode – “artist”'))),
    frame(4, 'TIT2', Buffer.concat([syncsafe(titleRaw.length), unsynced]), 0x02 | 0x01),
    frame(4, 'TALB', text(2, utf16Be('BE album'))),
    frame(4, 'TYER', text(0, latin1('1999'))),
    frame(4, 'TDRC', text(3, utf8('2024-05-01'))),
    frame(4, 'COMM', comm(3, Buffer.alloc(0), Buffer.from([0]), utf8('ütf8 comment'))),
  ]);
  const data = withAudio(tag(4, 0x10, body));
  const r = readId3(data);
  assert.deepEqual(r.tags, {
    artist: 'Ünïcode – “artist”',
    title: 'ÿÿ title',
    album: 'BE album',
    year: '2024-05-01',
    comment: 'ütf8 comment',
  });
  assert.equal(data[r.v2End], 0xff, 'footer skipped: v2End is the first frame');
  const mm = (await viaMusicMetadata(data)).tags;
  assert.deepEqual({ ...r.tags, year: '2024' }, mm, 'music-metadata reports the year as a number');
});

test('id3v2.4: iTunes-style plain (not syncsafe) frame sizes', () => {
  const long = 'x'.repeat(200); // size 201 = 0x000000c9: bit 7 set, so not syncsafe
  const plain = (id: string, payload: Buffer): Buffer =>
    Buffer.concat([latin1(id), be32(payload.length), Buffer.from([0, 0]), payload]);
  const body = Buffer.concat([
    plain('TIT2', text(0, latin1(long))),
    plain('TPE1', text(0, latin1('after'))),
  ]);
  const r = readId3(withAudio(tag(4, 0, body)));
  assert.equal(r.tags.title, long);
  assert.equal(r.tags.artist, 'after');
});

test('id3v2.3: whole-tag unsync, extended header, compressed and grouped frames', () => {
  const compressed = text(0, latin1('zipped album'));
  const body = Buffer.concat([
    be32(6), // extended header: size (without these 4 bytes), flags, padding size
    Buffer.from([0, 0]),
    be32(0),
    frame(3, 'TPE1', text(1, utf16Bom('ÿ artist'))),
    frame(3, 'TALB', Buffer.concat([be32(compressed.length), deflateSync(compressed)]), 0x80),
    frame(3, 'TIT2', Buffer.concat([Buffer.from([7]), text(0, latin1('grouped'))]), 0x20),
  ]);
  const raw = tag(3, 0x80 | 0x40, unsync(body));
  const r = readId3(withAudio(raw));
  assert.equal(r.tags.artist, 'ÿ artist');
  assert.equal(r.tags.album, 'zipped album');
  assert.equal(r.tags.title, 'grouped');
  assert.equal(r.v2End, raw.length);
});

test('id3v2.2 frames, and each field falls back to ID3v1 when v2 lacks it', async () => {
  const body = Buffer.concat([
    frame(2, 'TP1', text(0, latin1('v2 artist'))),
    frame(2, 'TT2', text(1, utf16Bom('v2 title'))),
    frame(2, 'COM', comm(0, Buffer.alloc(0), Buffer.from([0]), latin1('v2 comment'))),
  ]);
  const tail = v1({ title: 'v1 title', album: 'v1 album', year: '1980', comment: 'v1 comment' }, 7);
  const data = withAudio(tag(2, 0, body), tail);
  const r = readId3(data);
  assert.equal(r.versions, 'v1+v2');
  assert.deepEqual(r.tags, {
    artist: 'v2 artist',
    title: 'v2 title',
    album: 'v1 album',
    year: '1980',
    comment: 'v2 comment',
  });
  assert.deepEqual((await viaMusicMetadata(data)).tags, r.tags);
  // An empty v2 frame counts as missing (music-metadata would report the empty string).
  const empty = Buffer.concat([body, frame(2, 'TAL', text(0, latin1('')))]);
  assert.equal(readId3(withAudio(tag(2, 0, empty), tail)).tags.album, 'v1 album');
});

test('id3v1 alone: latin1, padding trimmed, v1.1 track byte not part of the comment', async () => {
  const data = withAudio(
    Buffer.alloc(0),
    v1({ artist: 'Motörhead ', title: 'Ace', year: '1980', comment: 'c' }, 3),
  );
  const r = readId3(data);
  assert.equal(r.versions, 'v1');
  assert.equal(r.v1Start, data.length - 128);
  assert.deepEqual(r.tags, {
    artist: 'Motörhead',
    title: 'Ace',
    album: '',
    year: '1980',
    comment: 'c',
  });
  assert.deepEqual((await viaMusicMetadata(data)).tags, r.tags);
});

test('id3: damaged tags never throw and never read outside the data', () => {
  const good = Buffer.concat([
    tag(3, 0, frame(3, 'TIT2', text(1, utf16Bom('title')))),
    Buffer.alloc(4),
  ]);
  for (let cut = 0; cut <= good.length; cut++) {
    const r = readId3(new Uint8Array(good.subarray(0, cut)));
    assert.ok(r.v2End >= 0 && r.v1Start <= cut);
  }
  // A frame size running past the tag, an odd UTF-16 length, a bad extended header size.
  const bad = Buffer.concat([
    latin1('TIT2'),
    be32(9999),
    Buffer.from([0, 0]),
    text(1, Buffer.from([0xff, 0xfe, 0x41])),
  ]);
  assert.equal(readId3(withAudio(tag(3, 0, bad))).tags.title, '');
  const odd = frame(3, 'TIT2', text(1, Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x42])));
  assert.equal(readId3(withAudio(tag(3, 0, odd))).tags.title, 'A');
  assert.equal(
    readId3(withAudio(tag(3, 0x40, Buffer.concat([be32(0x7fffffff), odd])))).tags.title,
    '',
  );
});
