// Does a live mount keep real time over many file changes? One listener on /live.mp3 of the real
// server (built main.js, --autoplay) playing the demo library (four formats, 12 s files: MP3
// passes through, the others play as renditions, or as silence while none is ready). Every
// arrival is timed; the MP3 frames received so far give the media time. Its lead over the wall
// clock since the connect starts at the burst and must stay there: a mount whose files are
// shorter than on `/` drains it (before the fix, ~26 ms per file change) until the player stalls.
// Printed per minute: the largest lead seen (right after a flush), and its change per file change
// against the first minute. Target: flat: the last minute's within one frame (26 ms) of the first.
// Env: MINUTES (4). Build first: npm run build.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, sleep, startParaweb } from './http-servers.mjs';

const MINUTES = Number(process.env.MINUTES ?? 4);
const FILE_S = 12;
const here = path.dirname(fileURLToPath(import.meta.url));
const library = path.join(here, '..', 'scripts', 'demo-library');
if (!fs.existsSync(library)) throw new Error(`no demo library at ${library}`);

const KBPS = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const RATES = [44100, 48000, 32000];

/** Counts MPEG-1 Layer III frames in a growing byte stream (the mount's own output). */
class FrameCounter {
  buf = Buffer.alloc(0);
  seconds = 0;
  push(data) {
    this.buf = Buffer.concat([this.buf, data]);
    let p = 0;
    while (p + 4 <= this.buf.length) {
      const b = this.buf;
      if (b[p] !== 0xff || (b[p + 1] & 0xfe) !== 0xfa) {
        p++; // not a frame start (an ID3 or stray byte): resynchronise
        continue;
      }
      const kbps = KBPS[b[p + 2] >> 4];
      const rate = RATES[(b[p + 2] >> 2) & 3];
      if (!kbps || !rate) {
        p++;
        continue;
      }
      const len = Math.floor((144 * kbps * 1000) / rate) + ((b[p + 2] >> 1) & 1);
      if (p + len > b.length) break;
      this.seconds += 1152 / rate;
      p += len;
    }
    this.buf = this.buf.subarray(p);
  }
}

const server = await startParaweb(library);
try {
  await sleep(3000);
  const counter = new FrameCounter();
  const leads = []; // [elapsed s, lead s]
  let t0 = 0;
  let head = true;
  let pending = Buffer.alloc(0);
  const sock = net.connect(server.port, '127.0.0.1', () => {
    sock.write('GET /live.mp3 HTTP/1.0\r\n\r\n');
  });
  sock.on('data', (d) => {
    const now = performance.now() / 1000;
    if (head) {
      pending = Buffer.concat([pending, d]);
      const end = pending.indexOf('\r\n\r\n');
      if (end < 0) return;
      head = false;
      t0 = now;
      d = pending.subarray(end + 4);
    }
    counter.push(d);
    leads.push([now - t0, counter.seconds - (now - t0)]);
  });
  await sleep(MINUTES * 60_000 + 1000);
  sock.destroy();
  console.log(
    `/live.mp3 of the demo library (${FILE_S} s files), one listener for ${MINUTES} min:`,
  );
  console.log('minute  largest lead over the wall clock  change per file change since minute 1');
  let first;
  for (let m = 0; m < MINUTES; m++) {
    const inMinute = leads.filter(([t]) => t >= m * 60 + 5 && t < (m + 1) * 60);
    if (inMinute.length === 0) continue;
    const lead = Math.max(...inMinute.map(([, l]) => l));
    first ??= lead;
    const files = (m * 60) / FILE_S;
    const perFile = m === 0 ? '' : `${fmt(((lead - first) / files) * 1000, 1)} ms`;
    console.log(`${String(m + 1).padStart(6)}  ${fmt(lead * 1000).padStart(10)} ms  ${perFile}`);
  }
  const last = Math.max(...leads.filter(([t]) => t >= (MINUTES - 1) * 60).map(([, l]) => l));
  const changes = ((MINUTES - 1) * 60) / FILE_S;
  const totalMs = (last - first) * 1000;
  const ok = Math.abs(totalMs) <= 26;
  console.log(
    `lead, last minute against the first: ${fmt(totalMs)} ms over ${changes} file changes ` +
      `(${fmt(totalMs / changes, 1)} ms each); target within ±26 ms (one frame): ${ok ? 'met' : 'MISSED'}`,
  );
} finally {
  await server.stop();
}
