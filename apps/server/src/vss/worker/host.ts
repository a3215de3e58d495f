// The virtual streaming system as the server runs it: afs and the live status on the main thread,
// the engine and the senders on the stream thread (stream-worker.ts). Commands are forwarded; the
// status is computed here from the stream thread's latest snapshot and the afs tables. Should the
// stream thread die, it is started again (listeners reconnect) and resumes playing.
import { Worker } from 'node:worker_threads';
import { ParaError } from '../../errors.js';
import { LEVEL_NAMES } from '../../log-ring.js';
import { MemoryTrim } from '../../memory-trim.js';
import { PassThroughFeeder } from '../../senders/mounts/passthrough.js';
import { mountProfiles } from '../../senders/mounts/profiles.js';
import type { MountFeeder } from '../../senders/mounts/types.js';
import type { SeqEntries } from '../../senders/hls/index.js';
import { SenderTable } from '../../senders/table.js';
import type { StatusFeed } from '../../status/feed.js';
import type { StatusItems } from '../../status/items.js';
import type { ChunkTiming } from '../chunk-timing.js';
import type { EngineSnapshot } from '../engine.js';
import { VssStatus } from '../status-feed.js';
import type { VssControl } from '../vss.js';
import type { Call, CallResults, FromWorker, StreamWorkerData, ToWorker } from './protocol.js';
import type { StreamHostOptions } from './host-options.js';
import { RemoteSender } from './remote-sender.js';
import { transferable } from './transfer.js';

const WORKER = new URL('./stream-worker.js', import.meta.url);
/** pause before a dead stream thread is started again */
const RESTART_DELAY_MS = 1000;
/** how long a shutdown waits for the stream thread to close its senders */
const CLOSE_TIMEOUT_MS = 5000;
/**
 * The stream thread's young generation, MB (V8 counts three semi-space sizes: 1 MB semi-spaces).
 * Left alone, listeners connecting grew it to 16 MB semi-spaces that stayed: 16 KB of RSS per
 * listener of the first 1,000. It was 6 until 2026-12-08: then HLS players' polls kept 2 MB
 * semi-spaces full, ~2 MB of RSS at 1,000 players, and busy-lateness met its targets at 3
 * (docs/streaming.md §8, where the earlier runs at 3 are too).
 */
const STREAM_YOUNG_GENERATION_MB = 3;
/** the main thread's trim after a wave (memory-trim.ts) only below this heap: the demo library's
 * is ~32 MB, 100,000 files' ~100 MB more (docs/streaming.md §8) */
const MAIN_TRIM_MAX_HEAP_MB = 64;

export class StreamHost implements StatusFeed, VssControl {
  /** proxies of the stream thread's senders (the `sender` command, the dashboard) */
  readonly senders = new SenderTable<RemoteSender>();
  private worker!: Worker;
  private snapshot: EngineSnapshot = {
    flags: { playing: false, nomore: false, next: true, repos: false },
    offsetMs: 0,
    streamStartUs: 0,
    key: undefined,
    numPlayed: 0,
  };
  /** files streamed by stream threads that died */
  private playedBefore = 0;
  private callSeq = 0;
  private readonly calls = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();
  private readonly status: VssStatus;
  private closing = false;
  private started = false;
  /** false between the death of a stream thread and the start of the next */
  private alive = false;
  /** HLS leads (what the last hlsLead said): a restarted stream thread is told again */
  private hlsLeads = false;
  /** a wave of listeners' sessions leaves garbage in this thread's heap too (memory-trim.ts) */
  private readonly trim: MemoryTrim;

  private constructor(private readonly opts: StreamHostOptions) {
    this.trim = new MemoryTrim({
      maxHeapMb: MAIN_TRIM_MAX_HEAP_MB,
      log: (line) => opts.logger.info(line),
    });
    this.status = new VssStatus(
      opts.afs,
      () => this.snapshot,
      () => this.post({ t: 'stale' }),
      opts.logger,
      StreamHost.feeder(opts),
    );
  }

  private static feeder(opts: StreamHostOptions): MountFeeder | undefined {
    const profiles = mountProfiles(opts.senders);
    if (profiles.length === 0) return undefined;
    return opts.feeder ?? new PassThroughFeeder(profiles);
  }

  /** Starts the stream thread and builds its senders; E_CONFIG names a malformed target. */
  static async open(opts: StreamHostOptions): Promise<StreamHost> {
    const host = new StreamHost(opts);
    try {
      await host.spawn(opts.autoplay ?? false);
    } catch (err) {
      host.status.close();
      throw err;
    }
    return host;
  }

  /** Switches the senders on as configured and starts the clock (--autoplay). */
  async start(): Promise<{ name: string; status: string }[]> {
    this.started = true;
    this.status.start();
    return this.call({ op: 'start' });
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.status.close();
    this.trim.close();
    if (this.alive) {
      // a stream thread that does not answer must not hold the shutdown up
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          this.opts.logger.warn('stream thread: no answer to close; ended');
          resolve();
        }, CLOSE_TIMEOUT_MS);
      });
      await Promise.race([
        this.call({ op: 'close' }).catch((err: unknown) =>
          this.opts.logger.error({ err }, 'stream thread: close failed'),
        ),
        timeout,
      ]);
      clearTimeout(timer);
    }
    await this.worker.terminate();
  }

  // ---- VssControl --------------------------------------------------------------------------

  play(): Promise<void> {
    return this.call({ op: 'play' });
  }
  pause(): Promise<void> {
    return this.call({ op: 'pause' });
  }
  stop(): Promise<void> {
    return this.call({ op: 'stop' });
  }
  /** the playout leader's election moved the lead (the Icecast pushes follow it) */
  lead(leading: boolean): Promise<void> {
    return this.call({ op: 'lead', leading });
  }
  next(): Promise<void> {
    return this.call({ op: 'next' });
  }
  nomore(): Promise<void> {
    return this.call({ op: 'nomore' });
  }
  ff(seconds: number): Promise<void> {
    return this.call({ op: 'ff', seconds });
  }
  jmp(percent: number): Promise<void> {
    return this.call({ op: 'jmp', percent });
  }

  /** This node leads (HLS adopts `shared`, the last leader's sequence state) or stands by (503). */
  hlsLead(lead: boolean, shared?: SeqEntries): Promise<void> {
    this.hlsLeads = lead;
    return this.call({ op: 'hlsLead', lead, shared });
  }

  /** the stream thread (tests end it to see it come back) */
  get thread(): Worker {
    return this.worker;
  }

  get numPlayed(): number {
    return this.playedBefore + this.snapshot.numPlayed;
  }

  /** the stream thread runs (false between its death and the start of the next) */
  get isAlive(): boolean {
    return this.alive;
  }

  /** playing is wanted: the play flag is set (stop and pause clear it) */
  get isPlaying(): boolean {
    return this.snapshot.flags.playing;
  }

  /** chunk lateness on the stream thread (benchmarks) */
  timing(): Promise<ChunkTiming> {
    return this.call({ op: 'timing' });
  }

  resetTiming(): Promise<void> {
    return this.call({ op: 'resetTiming' });
  }

  // ---- StatusFeed ----------------------------------------------------------------------------

  items(): StatusItems {
    return this.status.items();
  }

  currentEndsAtMs(): number | undefined {
    return this.status.currentEndsAtMs();
  }

  subscribe(listener: () => void): () => void {
    return this.status.subscribe(listener);
  }

  changed(): void {
    this.status.changed();
  }

  // ---- the stream thread ---------------------------------------------------------------------

  private call<O extends Call['op']>(call: Extract<Call, { op: O }>): Promise<CallResults[O]> {
    if (!this.alive)
      return Promise.reject(new ParaError('E_IO', 'the stream thread is restarting; try again'));
    const id = ++this.callSeq;
    return new Promise((resolve, reject) => {
      this.calls.set(id, { resolve: (v) => resolve(v as CallResults[O]), reject });
      this.post({ t: 'call', id, call });
    });
  }

  private post(msg: ToWorker, transfer?: ArrayBuffer[]): void {
    this.worker.postMessage(msg, transfer);
  }

  private spawn(autoplay: boolean): Promise<void> {
    const data: StreamWorkerData = {
      senders: this.opts.senders,
      announceTimeMs: this.opts.announceTimeMs,
      autoplay,
      autoplayDelayMs: this.opts.autoplayDelayMs ?? 0,
      logLevel: this.opts.logger.level,
      hlsFollowsLead: this.opts.hls?.followsLead ?? false,
    };
    const worker = new Worker(WORKER, {
      workerData: data,
      resourceLimits: { maxYoungGenerationSizeMb: STREAM_YOUNG_GENERATION_MB },
    });
    this.worker = worker;
    return new Promise((resolve, reject) => {
      let ready = false;
      worker.on('message', (msg: FromWorker) => {
        if (msg.t === 'ready') {
          ready = true;
          this.alive = true;
          for (const info of msg.senders) {
            const known = this.senders.get(info.name);
            if (known) known.update(info);
            else this.senders.add(new RemoteSender(info, (c) => this.call(c)));
          }
          resolve();
        } else if (msg.t === 'failed') reject(new ParaError(msg.code, msg.message));
        else this.receive(msg);
      });
      worker.on('error', (err) => {
        this.opts.logger.error({ err }, 'stream thread failed');
        if (!ready) reject(err);
      });
      worker.on('exit', () => {
        if (worker !== this.worker) return;
        this.alive = false;
        for (const c of this.calls.values()) c.reject(new ParaError('E_IO', 'stream thread ended'));
        this.calls.clear();
        if (ready && !this.closing) this.restart();
      });
    });
  }

  /** The stream thread died: start another one, with the senders on and playing if it was. */
  private restart(): void {
    const wasPlaying = this.snapshot.flags.playing;
    const wasOn = this.senders
      .all()
      .filter((s) => s.isOn)
      .map((s) => s.name);
    this.playedBefore += this.snapshot.numPlayed;
    this.opts.audience?.threadEnded(Date.now());
    this.snapshot = { ...this.snapshot, key: undefined, numPlayed: 0 };
    this.snapshot.flags = { playing: false, nomore: false, next: true, repos: false };
    this.changed();
    this.opts.logger.error(`stream thread ended; starting it again in ${RESTART_DELAY_MS} ms`);
    setTimeout(() => {
      if (this.closing) return;
      this.spawn(false)
        .then(async () => {
          if (this.started) await this.call({ op: 'start' });
          // its HLS went on from hls-state.json, which holds what this node reserved
          if (this.hlsLeads) await this.call({ op: 'hlsLead', lead: true });
          // what was switched on by `sender <name> on` comes back on too (added targets do not)
          for (const name of wasOn) {
            if (!this.senders.get(name)?.isOn)
              await this.call({ op: 'sender', name, sub: 'on', args: [] });
          }
          if (wasPlaying) await this.play();
        })
        .catch((err: unknown) => this.opts.logger.error({ err }, 'stream thread: restart failed'));
    }, RESTART_DELAY_MS).unref();
  }

  private receive(msg: FromWorker): void {
    switch (msg.t) {
      case 'reply': {
        const c = this.calls.get(msg.id);
        this.calls.delete(msg.id);
        if (msg.ok) c?.resolve(msg.value);
        else c?.reject(new ParaError(msg.code, msg.message));
        break;
      }
      case 'next':
        this.answerNext(msg.req, msg.neededInMs);
        break;
      case 'hurry':
        this.status.source.hurry();
        break;
      case 'started':
        this.status.source.started(msg.key);
        this.opts.audience?.started(
          this.status.source.get(msg.key),
          Date.now(),
          this.status.source.counted(),
        );
        break;
      case 'audience':
        this.opts.audience?.batch(msg.batch);
        this.trim.churn(msg.batch.opened.length + msg.batch.closed.length);
        break;
      case 'break':
        this.opts.audience?.ended(msg.reason, msg.atMs);
        break;
      case 'state':
        this.snapshot = msg.snapshot;
        this.changed();
        break;
      case 'senders':
        for (const info of msg.senders) this.senders.get(info.name)?.update(info);
        break;
      case 'log':
        this.log(msg.line);
        break;
      case 'hlsSeq':
        this.opts.hls?.onSeq(msg.entries);
        break;
      case 'hlsServed':
        this.opts.hls?.onServed(msg.codec, msg.seq, msg.disc);
        break;
    }
  }

  private answerNext(req: number, neededInMs: number): void {
    const worker = this.worker;
    this.status.source.next(neededInMs).then(
      (next) => {
        if (worker !== this.worker) return;
        this.post({ t: 'file', req, next: next ?? null }, next && transferable(next));
      },
      (err: unknown) => {
        if (worker !== this.worker) return;
        this.post({ t: 'file', req, next: null, error: String(err) });
      },
    );
  }

  /** a line of the stream thread's log, written by the main logger */
  private log(line: string): void {
    try {
      const { level, msg, ...rest } = JSON.parse(line) as {
        level: number;
        msg?: string;
      } & Record<string, unknown>;
      this.opts.logger[LEVEL_NAMES[level] ?? 'info'](rest, msg ?? '');
    } catch {
      this.opts.logger.info(line);
    }
  }
}
