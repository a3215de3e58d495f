// Simulated HLS players, for the nginx test and bench/hls.bench.mjs, run as a process of their own:
//   node sim-clients.js <base url> <clients> <seconds> [ramp ms]
// Each one does what a player does: the master playlist, its first variant's media playlist
// every half target duration, and every segment it has not fetched yet (the last three at the
// start). Prints one JSON line of totals when done.
import http from 'node:http';

interface Totals {
  clients: number;
  requests: number;
  segments: number;
  /** players that got no segment at all */
  starved: number;
  bytes: number;
  /** non-200 answers and failed requests, by status or error code */
  errors: Record<string, number>;
  /** ms: median and max time to fetch a segment */
  segmentMs: { p50: number; max: number };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

function get(url: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts) }));
      res.on('error', reject);
    });
    req.setTimeout(15_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function simulate(
  base: string,
  clients: number,
  seconds: number,
  rampMs = 2000,
): Promise<Totals> {
  const t: Totals = {
    clients,
    requests: 0,
    segments: 0,
    starved: 0,
    bytes: 0,
    errors: {},
    segmentMs: { p50: 0, max: 0 },
  };
  const times: number[] = [];
  const end = Date.now() + rampMs + seconds * 1000;
  const fail = (key: string): void => {
    t.errors[key] = (t.errors[key] ?? 0) + 1;
  };
  const fetch = async (url: string): Promise<Buffer | undefined> => {
    t.requests++;
    try {
      const r = await get(url);
      if (r.status === 200) return r.body;
      fail(String(r.status));
    } catch (err) {
      fail((err as NodeJS.ErrnoException).code ?? String(err));
    }
    return undefined;
  };
  const one = async (i: number): Promise<void> => {
    await sleep((rampMs * i) / clients);
    const master = await fetch(`${base}/hls/live.m3u8`);
    const variant = master
      ?.toString()
      .split('\n')
      .find((l) => l && !l.startsWith('#'));
    if (!variant) return;
    const playlistUrl = `${base}/hls/${variant}`;
    const seen = new Set<string>();
    let got = 0;
    let first = true;
    while (Date.now() < end) {
      const pl = await fetch(playlistUrl);
      const text = pl?.toString() ?? '';
      const target = Number(/#EXT-X-TARGETDURATION:(\d+)/.exec(text)?.[1] ?? 4);
      let uris = text.split('\n').filter((l) => l && !l.startsWith('#'));
      if (first) uris = uris.slice(-3);
      first = false;
      for (const u of uris) {
        if (seen.has(u)) continue;
        seen.add(u);
        const t0 = Date.now();
        const seg = await fetch(`${base}/hls/${u}`);
        if (seg) {
          got++;
          t.segments++;
          t.bytes += seg.length;
          times.push(Date.now() - t0);
        }
      }
      // a player reloads every target duration (half of it when nothing changed); jitter
      // keeps the clients from polling in step
      await sleep(((target * 1000) / 2) * (0.75 + Math.random() * 0.5));
    }
    if (got === 0) t.starved++;
  };
  await Promise.all(Array.from({ length: clients }, (_, i) => one(i)));
  times.sort((a, b) => a - b);
  t.segmentMs = { p50: times[Math.floor(times.length / 2)] ?? 0, max: times.at(-1) ?? 0 };
  agent.destroy();
  return t;
}

if (process.argv[1]?.endsWith('sim-clients.js')) {
  const [base, n, s, ramp] = process.argv.slice(2);
  simulate(base!, Number(n), Number(s), ramp === undefined ? undefined : Number(ramp)).then(
    (t) => process.stdout.write(`${JSON.stringify(t)}\n`),
    (err: unknown) => {
      process.stderr.write(`${String(err)}\n`);
      process.exit(1);
    },
  );
}
