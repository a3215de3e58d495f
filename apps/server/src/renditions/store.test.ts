// The RenditionStore with the real ffmpeg: chunk tables that match the source, levelled loudness,
// the disk cache (restart, new hash, LRU, damage) and the failures that become skips.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import type { MountAudio, MountSkip } from '../senders/mounts/types.js';
import { isSkip } from '../senders/mounts/types.js';
import { RenditionStore } from './store.js';
import { AAC, integratedLoudness, MP3, OPUS, probeDuration, tmpDir, tone } from './test-util.js';

const work = tmpDir('store');
after(() => fs.rmSync(work, { recursive: true, force: true }));

const FRAME_US: Record<string, number> = { mp3: 1152e6 / 44100, aac: 1024e6 / 44100, opus: 20_000 };

function src(
  file: string,
  hash: string,
  durationMs = 3000,
): { hash: string; path: string; durationMs: number } {
  return { hash, path: file, durationMs };
}

function audio(a: MountAudio | MountSkip): MountAudio {
  if (isSkip(a)) assert.fail(`skipped: ${a.skipped}`);
  return a;
}

function store(
  dir: string,
  extra: Partial<ConstructorParameters<typeof RenditionStore>[0]> = {},
): RenditionStore {
  return new RenditionStore({
    dir,
    profiles: [MP3, AAC, OPUS],
    target: { integrated: -16, truePeak: -1 },
    ...extra,
  });
}

test('vorbis, flac and wav become mp3, aac and opus chunk tables as long as the source (within a frame)', async () => {
  const s = store(path.join(work, 'formats'));
  const sources = [tone(work, 'a.ogg', 2), tone(work, 'b.flac', 2.5), tone(work, 'c.wav', 1.5)];
  for (const [i, file] of sources.entries()) {
    const sourceUs = probeDuration(file) * 1e6;
    for (const p of [MP3, AAC, OPUS]) {
      const a = audio(await s.rendition(src(file, `h${i}`), p, 60_000));
      assert.equal(a.codec, p.codec);
      assert.equal(a.rendered, true);
      assert.equal(a.chunkTable.length, a.chunksTotal + 1);
      assert.equal(a.chunkTable[a.chunksTotal], a.data.length);
      assert.equal(a.framing, p.codec === 'opus' ? 'opus-packets' : 'frames');
      // the mount drops Opus's pre-skip; MP3/AAC keep the encoder delay, padding goes
      const skipUs = ((a.preSkip ?? 0) * 1e6) / 48000;
      const totalUs = a.chunksTotal * a.chunkTimeUs - skipUs;
      assert.ok(
        Math.abs(totalUs - sourceUs) <= FRAME_US[p.codec]!,
        `${path.basename(file)} as ${p.codec}: ${totalUs} µs vs ${sourceUs} µs`,
      );
      if (p.codec !== 'opus') {
        // whole frames: the first byte of each chunk is a sync word
        for (let k = 0; k < a.chunksTotal; k++) assert.equal(a.data[a.chunkTable[k]!], 0xff);
      } else assert.ok(a.preSkip !== undefined && a.preSkip > 0);
    }
  }
  s.close();
});

test('renditions of two files 12 dB apart come out within 1 LU of each other', async () => {
  const s = store(path.join(work, 'loud'));
  const loud = tone(work, 'loud.flac', 4, 0.5);
  const quiet = tone(work, 'quiet.flac', 4, 0.125);
  const out: number[] = [];
  for (const [i, file] of [loud, quiet].entries()) {
    const a = audio(await s.rendition(src(file, `l${i}`, 4000), MP3, 60_000));
    const mp3 = path.join(work, `level-${i}.mp3`);
    fs.writeFileSync(mp3, a.data);
    out.push(integratedLoudness(mp3));
  }
  const inputs = [integratedLoudness(loud), integratedLoudness(quiet)];
  assert.ok(Math.abs(inputs[0]! - inputs[1]! - 12) < 0.5, `sources ${inputs.join(', ')}`);
  assert.ok(Math.abs(out[0]! - out[1]!) < 1, `renditions ${out.join(', ')} LUFS`);
  assert.ok(Math.abs(out[0]! + 16) < 1.5, `target -16 LUFS, got ${out[0]}`);
  s.close();
});

test('the cache survives a restart, a new hash gets its own rendition, damage is made again', async () => {
  const dir = path.join(work, 'restart');
  const file = tone(work, 'r.ogg', 2);
  const first = store(dir, { profiles: [MP3] });
  const made = audio(await first.rendition(src(file, 'aaaa'), MP3, 60_000));
  first.close();
  // a new store without ffmpeg at all still finds it
  const again = store(dir, { profiles: [MP3], ffmpeg: '/nonexistent/ffmpeg' });
  const cached = audio(await again.rendition(src(file, 'aaaa'), MP3, 60_000));
  assert.deepEqual(cached.chunkTable, made.chunkTable);
  assert.deepEqual(Buffer.from(cached.data), Buffer.from(made.data));
  // the file changed: its new hash is not in the cache, and this store cannot make it
  const changed = await again.rendition(src(file, 'bbbb'), MP3, 60_000);
  assert.ok(isSkip(changed) && /not found in PATH/.test(changed.skipped), JSON.stringify(changed));
  again.close();
  const third = store(dir, { profiles: [MP3] });
  audio(await third.rendition(src(file, 'bbbb'), MP3, 60_000));
  assert.equal((await third.entries()).length, 2);
  // a cut .bin: dropped and made again
  const bin = fs.readdirSync(dir).find((n) => n.startsWith('aaaa') && n.endsWith('.bin'))!;
  fs.truncateSync(path.join(dir, bin), 100);
  const remade = audio(
    await store(dir, { profiles: [MP3] }).rendition(src(file, 'aaaa'), MP3, 60_000),
  );
  assert.equal(remade.data.length, made.data.length);
  third.close();
});

test('past the size limit the least recently used entries go', async () => {
  const dir = path.join(work, 'lru');
  const file = tone(work, 'lru.wav', 1);
  const s = store(dir, { profiles: [MP3] });
  const one = audio(await s.rendition(src(file, 'e1', 1000), MP3, 60_000));
  audio(await s.rendition(src(file, 'e2', 1000), MP3, 60_000));
  audio(await s.rendition(src(file, 'e1', 1000), MP3, 60_000)); // e1 used again: e2 is older
  s.cache.limitBytes = Math.floor(one.data.length * 2.5);
  audio(await s.rendition(src(file, 'e3', 1000), MP3, 60_000));
  const keys = (await s.entries()).map((e) => e.meta.hash).sort();
  assert.deepEqual(keys, ['e1', 'e3']);
  assert.ok(!fs.readdirSync(dir).some((n) => n.startsWith('e2')));
  s.close();
});

test('a corrupt file, ffmpeg missing from PATH, no time: clear skips, nothing thrown', async () => {
  const dir = path.join(work, 'fail');
  const junk = path.join(work, 'junk.ogg');
  fs.writeFileSync(junk, Buffer.alloc(20_000, 0x5a));
  const s = store(dir, { profiles: [MP3] });
  const bad = await s.rendition(src(junk, 'junk'), MP3, 60_000);
  assert.ok(isSkip(bad) && /ffmpeg failed \(exit \d+\)/.test(bad.skipped), JSON.stringify(bad));
  // the failure is kept and not tried again on the next play
  assert.equal(
    ((await s.rendition(src(junk, 'junk'), MP3, 60_000)) as MountSkip).skipped,
    bad.skipped,
  );
  const st = await s.status();
  assert.equal(st.failures[0]?.path, junk);
  // no time before the file starts: skipped, made anyway for the next time
  const file = tone(work, 'late.flac', 2);
  const late = await s.rendition(src(file, 'late'), MP3, 0);
  assert.ok(isSkip(late) && /not ready/.test(late.skipped));
  for (let i = 0; i < 100 && !(await s.entries()).some((e) => e.meta.hash === 'late'); i++)
    await new Promise((r) => setTimeout(r, 100));
  audio(await s.rendition(src(file, 'late'), MP3, 0));
  s.close();

  const PATH = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    const none = store(path.join(work, 'nopath'), { profiles: [MP3] });
    const miss = await none.rendition(src(file, 'nopath'), MP3, 60_000);
    assert.ok(
      isSkip(miss) && miss.skipped === "ffmpeg not found in PATH (install Debian's ffmpeg)",
      JSON.stringify(miss),
    );
    none.close();
  } finally {
    process.env.PATH = PATH;
  }
});

test('a cache that cannot be written: the rendition still plays, the status says why', async () => {
  // root may write anywhere, so an unwritable cache is a path under a regular file (ENOTDIR)
  const blocker = path.join(work, 'not-a-dir');
  fs.writeFileSync(blocker, 'x');
  const s = store(path.join(blocker, 'renditions'), { profiles: [MP3] });
  const file = tone(work, 'full.wav', 1);
  audio(await s.rendition(src(file, 'full', 1000), MP3, 60_000));
  const st = await s.status();
  assert.match(st.failures[0]?.reason ?? '', /cannot write the rendition cache/);
  s.close();
});
