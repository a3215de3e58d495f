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
import { dist } from './lib.mjs';

// the afs's own MP3 reader finds the frames of what was received
const { parseMp3 } = await import(path.join(dist, 'afs', 'index.js'));

const MINUTES = Number(process.env.MINUTES ?? 4);
const FILE_S = 12;
const here = path.dirname(fileURLToPath(import.meta.url));
const library = path.join(here, '..', 'scripts', 'demo-library');
if (!fs.existsSync(library)) throw new Error(`no demo library at ${library}`);

const server = await startParaweb(library);
try {
  await sleep(3000);
  const parts = [];
  let received = 0;
  const arrivals = []; // [elapsed s, bytes received by then]
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
    parts.push(d);
    received += d.length;
    arrivals.push([now - t0, received]);
  });
  await sleep(MINUTES * 60_000 + 1000);
  sock.destroy();
  // media time received by each arrival: the frames that ended by its byte count
  const mp3 = parseMp3(new Uint8Array(Buffer.concat(parts)));
  const frameS = mp3.chunkTimeUs / 1e6;
  const table = mp3.chunkTable;
  const framesBy = (bytes) => {
    let lo = 0;
    let hi = mp3.chunksTotal;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (table[mid] <= bytes) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const leads = arrivals.map(([t, bytes]) => [t, framesBy(bytes) * frameS - t]);
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
