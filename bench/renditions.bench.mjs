// Renditions per minute for 4-minute files on this machine, and the CPU they take: the real
// RenditionStore (apps/server/dist) makes the mp3, aac and opus renditions of N files of 4 minutes
// (FLAC, music-like noise made by sox) with its default one job at a time. The CPU is ffmpeg's,
// read as the children's time of this process from /proc/self/stat (cutime + cstime: ffmpeg runs
// as our child and is reaped by node). No target: the figures are reported, and the store's own
// estimate (ms of work per ms of audio) decides whether a rendition can be waited for.
// Run `npm run build` first. RENDITION_FILES (default 3), RENDITION_JOBS (default 1).
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { RenditionStore } = await import(
  path.join(root, 'apps', 'server', 'dist', 'src', 'renditions', 'index.js')
);

const FILES = Number(process.env.RENDITION_FILES ?? 3);
const JOBS = Number(process.env.RENDITION_JOBS ?? 1);
const SECONDS = 240;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paraweb-renditions-bench-'));
const TICK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

function childCpuMs() {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is state (field 3); cutime and cstime are fields 16 and 17
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICK;
}

try {
  const sources = [];
  for (let i = 0; i < FILES; i++) {
    const file = path.join(dir, `f${i}.flac`);
    // pink noise shaped by a tremolo: something like music for the encoders, different per file
    execFileSync('sox', [
      ...['-n', '-r', '44100', '-c', '2', file, 'synth', String(SECONDS), 'pinknoise'],
      ...['tremolo', String(2 + i), '60', 'vol', String(0.3 + 0.1 * i)],
    ]);
    const hash = crypto.createHash('sha1').update(fs.readFileSync(file)).digest('hex');
    sources.push({ hash, path: file, durationMs: SECONDS * 1000 });
  }
  const profiles = [
    { codec: 'mp3', bitrate: 128, frequency: 44100, channels: 2 },
    { codec: 'aac', bitrate: 128, frequency: 44100, channels: 2 },
    { codec: 'opus', bitrate: 128, frequency: 48000, channels: 2 },
  ];
  const store = new RenditionStore({ dir: path.join(dir, 'cache'), profiles, parallel: JOBS });
  const cpu0 = childCpuMs();
  const t0 = performance.now();
  // progress as it goes: on a loaded machine a run may be cut short, the figures so far still count
  const done = await store.warmUp(sources, new AbortController().signal, (p) => {
    if (p.done === 0) return;
    const s = (performance.now() - t0) / 1000;
    console.log(
      `  ${p.done}/${p.total} made after ${s.toFixed(0)} s (${((p.done * 60) / s).toFixed(1)} per minute), ffmpeg CPU ${((childCpuMs() - cpu0) / 1000).toFixed(1)} s`,
    );
  });
  const wallMs = performance.now() - t0;
  const cpuMs = childCpuMs() - cpu0;
  const st = await store.status();
  store.close();
  const made = done.done - done.failed;
  console.log(
    `renditions of ${FILES} files of ${SECONDS / 60} min (FLAC) into mp3, aac, opus, ${JOBS} job(s) at once, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`,
  );
  console.log(
    `  made ${made} (${done.failed} failed) in ${(wallMs / 1000).toFixed(1)} s: ${((made * 60_000) / wallMs).toFixed(1)} renditions per minute`,
  );
  console.log(
    `  ffmpeg CPU ${(cpuMs / 1000).toFixed(1)} s: ${(cpuMs / made / 1000).toFixed(1)} s per rendition, ${((cpuMs / wallMs) * 100).toFixed(0)} % of one core while making`,
  );
  console.log(
    `  per minute of audio: ${(((cpuMs / made / SECONDS) * 60) / 1000).toFixed(2)} s CPU; cache ${(st.cache.bytes / 1024 / 1024).toFixed(1)} MB`,
  );
  console.log('  (no target: reported only; the issue asks for the figures)');
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
