// The stream thread: the engine's clock and the senders' sockets on an event loop and a heap of
// their own, so that neither the web API nor a garbage collection of the library's tables on the
// main thread can make a chunk late. Files come from the main thread (host.ts) on request.
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import { ParaError, toParaError } from '../../errors.js';
import type { ServerSenders } from '../../senders/build.js';
import type { Sender } from '../../senders/types.js';
import { buildSenders } from '../../senders/build.js';
import { MemoryTrim } from '../../memory-trim.js';
import { mountProfiles } from '../../senders/mounts/profiles.js';
import { CHOOSE_AHEAD_US, MOUNTS_CHOOSE_AHEAD_US, StreamEngine } from '../engine.js';
import type { FileSource, NextFile } from '../file-source.js';
import { AudienceTap, breakWatcher } from './audience-tap.js';
import type { Call, FromWorker, SenderInfo, StreamWorkerData, ToWorker } from './protocol.js';

/** the stream thread's nice value when it may raise its priority (the default is 0) */
const STREAM_NICE = -10;
const port = parentPort!;
const data = workerData as StreamWorkerData;
const post = (msg: FromWorker, transfer?: ArrayBuffer[]): void => port.postMessage(msg, transfer);

// log lines go to the main thread, which writes them where its own go (file, stderr, server.log)
const logger = pino(
  // no time: the main logger stamps the line when it writes it
  { level: data.logLevel, base: { thread: 'stream' }, timestamp: false },
  { write: (line: string) => post({ t: 'log', line }) },
);

/** FileSource over messages: each request is answered by one `file` message. */
class RemoteSource implements FileSource {
  private seq = 0;
  private readonly waiting = new Map<number, (msg: Extract<ToWorker, { t: 'file' }>) => void>();

  next(neededInMs = 0): Promise<NextFile | undefined> {
    const req = ++this.seq;
    post({ t: 'next', req, neededInMs });
    return new Promise((resolve, reject) => {
      this.waiting.set(req, (msg) => {
        if (msg.error !== undefined) reject(new Error(msg.error));
        else resolve(msg.next ?? undefined);
      });
    });
  }

  started(key: number): void {
    post({ t: 'started', key });
  }

  hurry(): void {
    post({ t: 'hurry' });
  }

  answer(msg: Extract<ToWorker, { t: 'file' }>): void {
    this.waiting.get(msg.req)?.(msg);
    this.waiting.delete(msg.req);
  }
}

// the clock should win the CPU over the main thread's bursts on a busy machine: a higher
// priority for this thread only (Linux nice values are per thread), where the system allows it
let priority = 'normal';
try {
  os.setPriority(STREAM_NICE);
  priority = `high (nice ${STREAM_NICE})`;
} catch {
  // neither root nor CAP_SYS_NICE: normal priority
}

// listener sessions and chunk lateness go to the main thread once a second (the audience)
const tap = new AudienceTap(
  () => engine.timing,
  () => engine.mountTiming,
);
let senders: ServerSenders;
try {
  senders = buildSenders(data.senders, logger, tap, {
    followsLead: data.hlsFollowsLead,
    // the main thread keeps the sequence in the database for the next leader (docs/hls.md)
    share: data.hlsFollowsLead ? (entries) => post({ t: 'hlsSeq', entries }) : undefined,
    onServed: data.hlsFollowsLead
      ? (codec, seq, disc) => post({ t: 'hlsServed', codec, seq, disc })
      : undefined,
  });
} catch (err) {
  const e = toParaError(err);
  post({ t: 'failed', code: e.code, message: e.message });
  process.exit(0);
}

const senderInfo = (): SenderInfo[] =>
  senders.table.all().map((s) => ({
    name: s.name,
    subcommands: { ...s.subcommands },
    help: s.help(),
    isOn: s.isOn,
    listeners: s.listenerCount(),
    port: s.port,
    mounts: s.mountListeners?.() ?? [],
  }));

// the state goes out once per burst of changes, and always before a reply (so that a command's
// caller sees its effect in the status)
let statePending = false;
const flushState = (): void => {
  if (!statePending) return;
  statePending = false;
  post({ t: 'state', snapshot: engine.snapshot() });
};

const source = new RemoteSource();
const profiles = mountProfiles(data.senders);
// the senders, and a watcher that tells the main thread at once when the stream stops flowing
// (the play history needs eof / next / stop as they happen)
const streamSenders: Sender[] = [
  ...senders.table.all(),
  breakWatcher((reason) => post({ t: 'break', reason, atMs: Date.now() })),
];
const engine = new StreamEngine({
  source,
  senders: () => streamSenders,
  mounts: { profiles, sinks: () => senders.mountSinks() },
  chooseAheadUs: profiles.length > 0 ? MOUNTS_CHOOSE_AHEAD_US : CHOOSE_AHEAD_US,
  announceTimeMs: data.announceTimeMs,
  autoplay: data.autoplay,
  autoplayDelayMs: data.autoplayDelayMs,
  onChange: () => {
    if (statePending) return;
    statePending = true;
    setImmediate(flushState);
  },
  log: { info: (msg) => logger.info(msg), error: (obj, msg) => logger.error(obj, msg) },
});

/** no trim above this heap (about 6,000 listeners): busy-lateness (10,000 listeners) read a max
 * chunk lateness of 75.9 ms with one, 32.8 without (one run each) */
const STREAM_TRIM_MAX_HEAP_MB = 14;
/** buffers (segments, files' bytes) become garbage at ~50 KB/s idle and wait for a major
 * collection: one when this much more has come (memory-trim.ts) */
const STREAM_EXTERNAL_MB = 1;

// listener counts change without a state change: the main thread hears of them when they do
let lastSenders = '';
const postSenders = (): void => {
  const info = senderInfo();
  const key = JSON.stringify(info.map((s) => [s.isOn, s.listeners, s.port, s.mounts]));
  if (key === lastSenders) return;
  lastSenders = key;
  post({ t: 'senders', senders: info });
};
const sendersTimer = setInterval(postSenders, 500);
// a wave of listeners leaves garbage in this thread's heap: given back once it has settled, while
// the heap is small (its final compaction is a pause of this thread's clock, which grows with
// the live heap: ~7.5 MB idle, ~1 KB more per listener)
const trim = new MemoryTrim({
  maxHeapMb: STREAM_TRIM_MAX_HEAP_MB,
  externalMb: STREAM_EXTERNAL_MB,
  log: (line) => logger.info(line),
});
const audienceTimer = setInterval(() => {
  const batch = tap.batch();
  trim.churn(batch.opened.length + batch.closed.length);
  post({ t: 'audience', batch });
}, 1000);

function sender(name: string): Sender {
  const s = senders.table.get(name);
  if (!s) throw new ParaError('E_INVALID', `no such sender: ${name}`);
  return s;
}

async function run(call: Call): Promise<unknown> {
  switch (call.op) {
    case 'play':
    case 'pause':
    case 'stop':
    case 'next':
    case 'nomore':
      engine[call.op]();
      return undefined;
    case 'ff':
      engine.ff(call.seconds);
      return undefined;
    case 'jmp':
      engine.jmp(call.percent);
      return undefined;
    case 'lead':
      senders.icecast.lead(call.leading);
      return undefined;
    case 'sender': {
      const out = await sender(call.name).command(call.sub, call.args);
      postSenders();
      return out;
    }
    case 'hlsLead':
      senders.hls?.lead(call.lead, call.shared);
      senders.http.standby = !call.lead;
      return undefined;
    case 'senderStatus':
      return sender(call.name).status();
    case 'burst':
      return sender(call.name).burstMs?.(call.listenId);
    case 'start': {
      const lines = await senders.autostart();
      engine.start();
      postSenders();
      return [
        { name: 'stream thread', status: `clock and senders, ${priority} priority` },
        ...lines,
      ];
    }
    case 'close':
      clearInterval(sendersTimer);
      engine.close();
      await senders.stop();
      // the sessions the senders closed just now
      clearInterval(audienceTimer);
      trim.close();
      post({ t: 'audience', batch: tap.batch() });
      tap.close();
      return undefined;
    case 'timing':
      return { ...engine.timing, histogram: [...engine.timing.histogram] };
    case 'resetTiming':
      engine.resetTiming();
      return undefined;
  }
}

port.on('message', (msg: ToWorker) => {
  switch (msg.t) {
    case 'file':
      source.answer(msg);
      break;
    case 'stale':
      engine.dropUpcoming();
      break;
    case 'call':
      run(msg.call).then(
        (value) => {
          flushState();
          post({ t: 'reply', id: msg.id, ok: true, value });
        },
        (err: unknown) => {
          flushState();
          const e = toParaError(err);
          post({ t: 'reply', id: msg.id, ok: false, code: e.code, message: e.message });
        },
      );
      break;
  }
});

post({ t: 'ready', senders: senderInfo() });
