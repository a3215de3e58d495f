// The HLS segmenter on real MP3, ADTS and Opus frames (made by ffmpeg once): segment lengths and
// cuts, the playlist, ID3 timestamps and titles, the fMP4 boxes, discontinuities, sequence
// numbers across a restart, and ffmpeg/ffprobe reading what --hls-dir wrote.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { MountCodec, MountSink } from '../mounts/types.js';
import { id3Tag, splitTitle } from './id3.js';
import { HlsOutput } from './output.js';
import { masterPlaylist, mediaPlaylist } from './playlist.js';
import type { SeqEntries } from './seq-store.js';
import { SHARED_RESERVE, STATE_FILE } from './seq-store.js';
import type { Frames } from './test-frames.js';
import { feed, makeFrames } from './test-frames.js';

const frames = {} as Record<MountCodec, Frames>;
let tmp: string;
before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hls-test-'));
  for (const c of ['mp3', 'aac', 'opus'] as const) frames[c] = await makeFrames(c, 5);
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** 30 s in three files of 10.5 s, 12 s and 7.5 s */
function filesOf(f: Frames): number[] {
  return [10.5, 12, 7.5].map((s) => Math.round((s * 1e6) / f.durationUs));
}

/** the ID3 frames of the tag at the start of `data`: id -> body */
function id3Frames(data: Uint8Array): Map<string, Buffer> {
  const b = Buffer.from(data);
  assert.equal(b.toString('latin1', 0, 3), 'ID3');
  const size = (b[6]! << 21) | (b[7]! << 14) | (b[8]! << 7) | b[9]!;
  const out = new Map<string, Buffer>();
  for (let at = 10; at < 10 + size;) {
    const id = b.toString('latin1', at, at + 4);
    const len = (b[at + 4]! << 21) | (b[at + 5]! << 14) | (b[at + 6]! << 7) | b[at + 7]!;
    out.set(id, b.subarray(at + 10, at + 10 + len));
    at += 10 + len;
  }
  return out;
}

function privTicks(data: Uint8Array): number {
  const priv = id3Frames(data).get('PRIV')!;
  const owner = 'com.apple.streaming.transportStreamTimestamp\0';
  assert.equal(priv.toString('latin1', 0, owner.length), owner);
  return priv.readUInt32BE(owner.length) * 2 ** 32 + priv.readUInt32BE(owner.length + 4);
}

describe('id3', () => {
  test('PRIV timestamp: 33 bits, wrapped; TIT2/TPE1 in UTF-8', () => {
    const t = id3Tag({ ticks90k: 2 ** 33 + 12345, title: { title: 'Éte', artist: 'Ünö' } });
    assert.equal(privTicks(t), 12345);
    const f = id3Frames(t);
    assert.equal(f.get('TIT2')![0], 3);
    assert.equal(f.get('TIT2')!.toString('utf8', 1), 'Éte');
    assert.equal(f.get('TPE1')!.toString('utf8', 1), 'Ünö');
    assert.deepEqual(splitTitle('A - B - C'), { artist: 'A', title: 'B - C' });
    assert.deepEqual(splitTitle('basename.mp3'), { title: 'basename.mp3' });
  });
});

describe('segmenter', () => {
  for (const codec of ['mp3', 'aac'] as const) {
    test(`${codec}: segments <= 4 s on frame boundaries, cut at file starts, ID3 each`, () => {
      const out = new HlsOutput({ targetS: 4, listSize: 6 });
      const f = frames[codec];
      const start = Date.UTC(2026, 0, 1) * 1000;
      feed(out, f, filesOf(f), start);
      const v = out.get(codec)!;
      v.cut();
      const segs = v.segments;
      // 10.5 s: 4 + 4 + 2.5; 12 s: 4 + 4 + 4; 7.5 s: 4 + 3.5 (to a frame)
      assert.deepEqual(
        segs.map((s) => Math.round(s.duration * 2) / 2),
        [4, 4, 2.5, 4, 4, 4, 4, 3.5],
      );
      let ticks = privTicks(segs[0]!.data);
      for (const [i, s] of segs.entries()) {
        assert.ok(Math.round(s.duration) <= 4, `segment ${i}: ${s.duration} s`);
        assert.equal(s.seq, segs[0]!.seq + i);
        assert.equal(s.discontinuity, false);
        const t = privTicks(s.data);
        assert.ok(Math.abs(t - Math.round(ticks)) <= 1, `segment ${i} continues the one before`);
        ticks += s.duration * 90_000;
        const tag = id3Frames(s.data);
        const title = tag.get('TIT2');
        const file = [0, 3, 6].indexOf(i);
        if (file >= 0) {
          // timed metadata where the file starts: its title and artist, in the segment's tag
          assert.equal(title?.toString('utf8', 1), `Title ${file}`);
          assert.equal(tag.get('TPE1')?.toString('utf8', 1), `Artist ${file}`);
        } else {
          assert.equal(title, undefined, `no title in segment ${i}`);
          assert.equal(tag.get('TPE1'), undefined, `no artist in segment ${i}`);
        }
      }
      // the first frame follows the tag
      const tagLen = 10 + id3Frames(segs[1]!.data).get('PRIV')!.length + 10;
      assert.equal(segs[1]!.data[tagLen], 0xff);
      // PDT from the due time of the first chunk
      assert.equal(segs[0]!.pdtMs, start / 1000);
      assert.ok(Math.abs(segs[1]!.pdtMs - (start / 1000 + segs[0]!.duration * 1000)) < 1);
      const pl = v.playlist!.toString();
      assert.match(pl, /^#EXTM3U\n/);
      assert.match(pl, /#EXT-X-TARGETDURATION:4\n/);
      assert.match(pl, new RegExp(`#EXT-X-MEDIA-SEQUENCE:${segs[2]!.seq}\n`));
      assert.equal(pl.match(/#EXTINF:/g)?.length, 6);
      assert.equal(pl.match(/#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:\d\d\.\d{3}Z/g)?.length, 6);
      assert.doesNotMatch(pl, /DISCONTINUITY\n|ENDLIST/);
      assert.match(pl, new RegExp(`\n${codec}/${segs[7]!.seq}\\.${codec}\n$`));
    });
  }

  test('a stop breaks the stream (EXT-X-DISCONTINUITY); a pause, next, a jump, file ends do not', () => {
    const out = new HlsOutput({ targetS: 2, listSize: 14 });
    const f = frames.mp3;
    const n = Math.round(3e6 / f.durationUs);
    let due = feed(out, f, [n]);
    for (const reason of ['pause', 'next', 'repos', 'eof'] as const) {
      out.mountBreak('mp3', reason);
      due = feed(out, f, [n], due + 5e6);
    }
    out.mountBreak('mp3', 'stop');
    feed(out, f, [n, n], due + 9e6);
    const v = out.get('mp3')!;
    v.cut();
    const flags = v.segments.map((s) => s.discontinuity);
    // 3 s files in 2 s segments: 2 segments a file; the break is at the head of the 6th file
    assert.deepEqual(
      flags,
      Array.from({ length: 14 }, (_, i) => i === 10),
    );
    const pl = v.playlist!.toString();
    assert.equal(pl.match(/#EXT-X-DISCONTINUITY\n/g)?.length, 1);
    assert.match(pl, /#EXT-X-DISCONTINUITY-SEQUENCE:0\n/);
    // once the break is the first listed segment its tag goes and the sequence says it
    const after = mediaPlaylist(2, v.segments.slice(10));
    assert.match(after, /#EXT-X-DISCONTINUITY-SEQUENCE:1\n/);
    assert.doesNotMatch(after, /#EXT-X-DISCONTINUITY\n/);
  });

  test('held segments are bounded: the list plus as many again, and bytes', () => {
    const out = new HlsOutput({ targetS: 2, listSize: 3 });
    const f = frames.aac;
    feed(out, f, [Math.round(60e6 / f.durationUs)]);
    const v = out.get('aac')!;
    assert.equal(v.segments.length, 7);
    assert.equal(v.segment(v.position.seq - 1), v.segments[6]);
    assert.equal(v.segment(v.position.seq - 8), undefined, 'dropped');
    const small = new HlsOutput({ targetS: 2, listSize: 3, maxBytes: 40_000 });
    feed(small, f, [Math.round(60e6 / f.durationUs)]);
    assert.equal(small.get('aac')!.segments.length, 3, 'the listed ones stay whatever their size');
  });

  test('master playlist: CODECS per variant, AAC first', () => {
    const text = masterPlaylist([
      { codec: 'opus', bitrate: 96, uri: 'opus.m3u8?s=x' },
      { codec: 'mp3', bitrate: 128, uri: 'mp3.m3u8?s=x' },
      { codec: 'aac', bitrate: 128, uri: 'aac.m3u8?s=x' },
    ]);
    const codecs = [...text.matchAll(/CODECS="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(codecs, ['mp4a.40.2', 'mp4a.40.34', 'opus']);
    assert.match(
      text,
      /BANDWIDTH=134400,AVERAGE-BANDWIDTH=128000,CODECS="mp4a.40.2"\naac.m3u8\?s=x\n/,
    );
  });

  test('opus: fMP4 init with dOps, moof/mdat per segment, emsg ID3 title at file starts', () => {
    const out = new HlsOutput({ targetS: 4 });
    const f = frames.opus;
    feed(out, f, filesOf(f));
    const v = out.get('opus')!;
    v.cut();
    const init = Buffer.from(v.init!.data);
    assert.equal(init.toString('latin1', 4, 8), 'ftyp');
    const dops = init.indexOf('dOps');
    assert.ok(dops > 0);
    assert.equal(init[dops + 5], 2, 'channels');
    assert.equal(init.readUInt16BE(dops + 6), f.preSkip);
    const first = Buffer.from(v.segments[0]!.data);
    assert.equal(first.toString('latin1', 4, 8), 'emsg');
    assert.ok(first.includes('TIT2'));
    const second = Buffer.from(v.segments[1]!.data);
    assert.equal(second.toString('latin1', 4, 8), 'moof');
    // tfdt: the first sample's decode time at 48 kHz = the first segment's samples
    const tfdt = second.indexOf('tfdt');
    const base = second.readUInt32BE(tfdt + 8) * 2 ** 32 + second.readUInt32BE(tfdt + 12);
    assert.equal(base, Math.round(v.segments[0]!.duration * 48_000));
    assert.match(v.playlist!.toString(), /#EXT-X-MAP:URI="opus\/init-\d+\.mp4"\n/);
  });
});

describe('ffmpeg reads what --hls-dir wrote', () => {
  for (const codec of ['mp3', 'aac', 'opus'] as const) {
    test(`${codec}: decodes across file changes without an error; ffprobe names the codec`, async () => {
      const dir = path.join(tmp, `dir-${codec}`);
      const out = new HlsOutput({ targetS: 4, listSize: 20, segmentDir: dir });
      const f = frames[codec];
      feed(out, f, filesOf(f));
      out.get(codec)!.cut();
      await out.settled();
      // a copy of the playlist that ends, so that ffmpeg reads it through and stops
      const pl = fs.readFileSync(path.join(dir, `${codec}.m3u8`), 'utf8');
      fs.writeFileSync(path.join(dir, 'vod.m3u8'), `${pl}#EXT-X-ENDLIST\n`);
      // errors only: ffmpeg's raw MP3/ADTS readers put a segment's timestamp on the packet the
      // boundary falls in, so muxers warn of a dts a frame or two off there (raw s16le calls it
      // an error; WAV does not check), and its hls reader says once that it does not follow
      // ID3 metadata changes (the titles). hls.js and Safari count frames from the PRIV stamp.
      const run = spawnSync(
        'ffmpeg',
        [
          '-v',
          'error',
          '-i',
          path.join(dir, 'vod.m3u8'),
          '-f',
          'wav',
          '-ac',
          '2',
          '-ar',
          '48000',
          '-',
        ],
        { maxBuffer: 64 * 1024 * 1024 },
      );
      assert.equal(run.status, 0, String(run.stderr));
      assert.equal(String(run.stderr).trim(), '', 'no error');
      const decodedS = (run.stdout.length - 44) / (48_000 * 4);
      const expectedS = out.get(codec)!.segments.reduce((n, s) => n + s.duration, 0);
      assert.ok(Math.abs(decodedS - expectedS) < 0.1, `decoded ${decodedS} s of ${expectedS} s`);
      const probe = execFileSync(
        'ffprobe',
        [
          '-v',
          'error',
          '-show_entries',
          'stream=codec_name',
          '-of',
          'csv=p=0',
          path.join(dir, 'live.m3u8'),
        ],
        { encoding: 'utf8' },
      );
      assert.equal(probe.trim().split('\n')[0], codec === 'aac' ? 'aac' : codec);
    });
  }
});

describe('sequence numbers across a restart', () => {
  test('the next run goes on counting, with one discontinuity; the state file is written off the clock', async () => {
    const dir = path.join(tmp, 'state');
    fs.mkdirSync(dir);
    const f = frames.aac;
    const first = new HlsOutput({ targetS: 2, stateDir: dir });
    feed(first, f, [Math.round(20e6 / f.durationUs)]);
    first.get('aac')!.cut();
    await first.settled();
    const last = first.get('aac')!.segments.at(-1)!;
    assert.ok(fs.existsSync(path.join(dir, STATE_FILE)));
    const second = new HlsOutput({ targetS: 2, stateDir: dir });
    feed(second, f, [Math.round(5e6 / f.durationUs)]);
    const seg = second.get('aac')!.segments[0]!;
    assert.ok(seg.seq > last.seq, `${seg.seq} > ${last.seq}`);
    assert.equal(seg.discontinuity, true);
    assert.equal(seg.disc, last.disc + 1);
    await second.settled();
  });
});

describe('HLS under a playout leader (no state file: the database is shared instead)', () => {
  test('a standby cuts nothing; a node that gains the lead goes on after what the last leader shared', () => {
    const f = frames.aac;
    const shared: SeqEntries[] = [];
    const old = new HlsOutput({ targetS: 2, followsLead: true, share: (e) => shared.push(e) });
    feed(old, f, [Math.round(4e6 / f.durationUs)]);
    assert.equal(old.get('aac'), undefined, 'a standby has no variant');
    assert.equal(old.standby, true);
    assert.equal(shared.length, 0, 'a standby reserves nothing');
    old.lead(true, {});
    feed(old, f, [Math.round(10e6 / f.durationUs)]);
    old.get('aac')!.cut();
    const last = old.get('aac')!.segments.at(-1)!;
    // the reservation went out when the variant started (and covers every number it used)
    assert.ok(shared.length >= 1 && shared.at(-1)!.aac!.seq > last.seq);
    // shared between nodes, the reservation is short (a write every 8 segments)
    const firstSeg = old.get('aac')!.segments[0]!;
    assert.equal(shared.find((e) => e.aac)!.aac!.seq - firstSeg.seq, SHARED_RESERVE);
    // another node takes over with what the database holds; the old one stands by
    const next = new HlsOutput({ targetS: 2, followsLead: true });
    next.lead(true, shared.at(-1));
    feed(next, f, [Math.round(5e6 / f.durationUs)]);
    const seg = next.get('aac')!.segments[0]!;
    assert.ok(seg.seq > last.seq, `${seg.seq} > ${last.seq}`);
    assert.equal(seg.discontinuity, true);
    assert.equal(seg.disc, last.disc + 1);
    old.lead(false);
    assert.equal(old.get('aac'), undefined, 'a leader that stands by drops its segments');
    assert.equal(old.variantInfo('').length, 0);
  });

  test('a segment is announced the first time it is served, the newest only; cut and unfetched, never', () => {
    const f = frames.aac;
    const heard: string[] = [];
    const out = new HlsOutput({
      targetS: 2,
      followsLead: true,
      onServed: (codec, seq, disc) => heard.push(`${codec} ${seq}/${disc}`),
    });
    out.lead(true, { aac: { seq: 10, disc: 0 } });
    feed(out, f, [Math.round(9e6 / f.durationUs)]);
    const [a, b, c] = out.get('aac')!.segments;
    assert.ok(a && b && c);
    assert.deepEqual(heard, [], 'cut, not served');
    out.served('aac', b);
    out.served('aac', b);
    out.served('aac', a);
    assert.deepEqual(heard, [`aac ${b.seq}/1`], 'once, and an older one after it is not news');
    out.served('aac', c);
    assert.deepEqual(heard.at(-1), `aac ${c.seq}/1`);
    // standing by forgets it: leading again later, the numbers start over from the shared state
    out.lead(false);
    out.lead(true, { aac: { seq: 50, disc: 4 } });
    feed(out, f, [Math.round(5e6 / f.durationUs)]);
    out.served('aac', out.get('aac')!.segments[0]!);
    assert.equal(heard.at(-1), 'aac 50/5');
  });

  test('the lead comes in the middle of a file: the variant starts at the next chunk', () => {
    const f = frames.aac;
    const out = new HlsOutput({ targetS: 2, followsLead: true });
    const n = Math.round(6e6 / f.durationUs);
    // the file starts while standing by; the lead comes before its chunks
    const wrap: MountSink = {
      name: 'wrap',
      mountFileStart: (codec, file, audio) => {
        out.mountFileStart(codec, file, audio);
        out.lead(true, { aac: { seq: 100, disc: 2 } });
      },
      mountChunk: (codec, c) => out.mountChunk(codec, c),
      mountBreak: (codec, r) => out.mountBreak(codec, r),
    };
    feed(wrap, f, [n]);
    const segs = out.get('aac')!.segments;
    assert.ok(segs.length >= 2);
    assert.equal(segs[0]!.seq, 100);
    assert.equal(segs[0]!.disc, 3);
    assert.ok(Math.abs(segs[0]!.duration - 2) < 0.1, `${segs[0]!.duration} s`);
  });
});
