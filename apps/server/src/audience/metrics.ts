// The server's Prometheus metrics (issue #17), in one prom-client registry that GET /metrics
// writes out: listeners and bytes per output, sessions, drops, chunk lateness and event-loop delay
// of the stream thread, files, adds, commands, auth failures, dead air, process metrics.
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { RelayState } from '../relays/index.js';
import { OUTPUTS } from '../senders/index.js';
import type { AudienceBatch } from '../vss/index.js';
import { LatenessHistogram } from './lateness-histogram.js';

/** a command's outcome as counted: ok, refused (permission), invalid (syntax, bad input), error */
export type CommandResultLabel = 'ok' | 'denied' | 'invalid' | 'error';

/** what `add` reports, as far as the metrics count it */
export interface AddCounts {
  added: number;
  updated: number;
  renamed: number;
  skipped: number;
  errors: readonly unknown[];
}

export class AudienceMetrics {
  readonly registry = new Registry();
  private readonly listeners: Gauge<'output'>;
  private readonly sessions: Counter<'output'>;
  private readonly bytes: Counter<'output'>;
  private readonly dropped: Counter<'reason'>;
  private readonly adds: Counter<'result'>;
  private readonly commands: Counter<'door' | 'command' | 'result'>;
  private readonly authFailures: Counter<'door'>;
  private readonly streamDelay: Gauge<'stat'>;
  readonly deadAir: Gauge;
  readonly deadAirEvents: Counter;
  private readonly lateness = new LatenessHistogram(
    'paraweb_chunk_lateness_seconds',
    'how long after its due time each chunk left the stream thread',
  );
  private readonly mountLateness = new LatenessHistogram(
    'paraweb_mount_chunk_lateness_seconds',
    'how long after its due time each chunk of the live mounts (/live.*) left the stream thread',
  );
  /** outputs seen so far: one that has no listener now reads 0, not absent */
  private readonly outputs = new Set<string>([OUTPUTS.http]);
  private renditionStates: () => Record<string, number> = () => ({});
  /** on PostgreSQL: this node's name and whether it is the playout leader (issue #21) */
  private leaderState: () => { node: string; leads: boolean } | undefined = () => undefined;
  /** the relays (--relay) and the listeners summed across them (issue #21) */
  private relays: { now: () => RelayState[] } | undefined;
  private summed: (() => number) | undefined;

  constructor(opts: { audioFiles: () => number; streamUp: () => boolean }) {
    const registers = [this.registry];
    // the main thread's loop lag sampled every 100 ms, not prom-client's 10 ms: that timer woke an
    // idle server's main thread 100 times a second (0.3 % of a core)
    collectDefaultMetrics({
      register: this.registry,
      prefix: 'paraweb_',
      eventLoopMonitoringPrecision: 100,
    });
    this.listeners = new Gauge({
      name: 'paraweb_listeners',
      help: 'listeners connected now, per output',
      labelNames: ['output'],
      registers,
    });
    this.sessions = new Counter({
      name: 'paraweb_listener_sessions_total',
      help: 'listener sessions started, per output',
      labelNames: ['output'],
      registers,
    });
    this.bytes = new Counter({
      name: 'paraweb_bytes_sent_total',
      help: 'bytes sent to listeners, per output',
      labelNames: ['output'],
      registers,
    });
    this.dropped = new Counter({
      name: 'paraweb_listeners_dropped_total',
      help: 'listeners the server disconnected, by reason',
      labelNames: ['reason'],
      registers,
    });
    this.registry.registerMetric(this.lateness);
    this.registry.registerMetric(this.mountLateness);
    new Gauge({
      name: 'paraweb_audio_files',
      help: 'audio files in the table',
      registers,
      collect() {
        this.set(opts.audioFiles());
      },
    });
    this.adds = new Counter({
      name: 'paraweb_add_files_total',
      help: 'files handled by add, by result (added, updated, renamed, skipped, failed)',
      labelNames: ['result'],
      registers,
    });
    this.commands = new Counter({
      name: 'paraweb_commands_total',
      help: 'commands run, by door, command and result',
      labelNames: ['door', 'command', 'result'],
      registers,
    });
    this.authFailures = new Counter({
      name: 'paraweb_auth_failures_total',
      help: 'failed authentications (command port, web logins and tokens), by door',
      labelNames: ['door'],
      registers,
    });
    const states = (): Record<string, number> => this.renditionStates();
    new Gauge({
      name: 'paraweb_renditions',
      help: 'renditions (transcoded outputs), by state',
      labelNames: ['state'],
      registers,
      collect() {
        this.reset();
        for (const [state, n] of Object.entries(states())) this.set({ state }, n);
      },
    });
    this.streamDelay = new Gauge({
      name: 'paraweb_stream_eventloop_delay_seconds',
      help: "the stream thread's event-loop delay over the last second (mean, p99, max)",
      labelNames: ['stat'],
      registers,
    });
    new Gauge({
      name: 'paraweb_stream_thread_up',
      help: '1 while the stream thread runs',
      registers,
      collect() {
        this.set(opts.streamUp() ? 1 : 0);
      },
    });
    const leader = () => this.leaderState();
    new Gauge({
      name: 'paraweb_playout_leader',
      help: '1 while this node is the playout leader, 0 while it stands by (PostgreSQL only)',
      labelNames: ['node'],
      registers,
      collect() {
        this.reset();
        const state = leader();
        if (state) this.set({ node: state.node }, state.leads ? 1 : 0);
      },
    });
    const relays = (): RelayState[] => this.relays?.now() ?? [];
    new Gauge({
      name: 'paraweb_relay_listeners',
      help: 'listeners of each relay (--relay) as its Icecast stats said last; 0 while it is unhealthy',
      labelNames: ['relay'],
      registers,
      collect() {
        this.reset();
        for (const r of relays()) this.set({ relay: r.name }, r.listeners);
      },
    });
    new Gauge({
      name: 'paraweb_relay_up',
      help: '1 while a relay (--relay) answers its stats with its mount live, else 0',
      labelNames: ['relay'],
      registers,
      collect() {
        this.reset();
        for (const r of relays()) this.set({ relay: r.name }, r.healthy ? 1 : 0);
      },
    });
    const summed = (): number | undefined => this.summed?.();
    new Gauge({
      name: 'paraweb_audience_listeners',
      help: "everyone listening: this server's outputs and its relays' listeners, less the relays' own connections upstream",
      registers,
      collect() {
        this.set(summed() ?? 0);
      },
    });
    this.deadAir = new Gauge({
      name: 'paraweb_dead_air',
      help: '1 while playing is wanted but no chunk went out for the dead-air time',
      registers,
    });
    this.deadAirEvents = new Counter({
      name: 'paraweb_dead_air_total',
      help: 'dead-air alerts since start',
      registers,
    });
  }

  /** The registration point of the renditions (issue #16): their count per state. */
  setRenditionSource(states: () => Record<string, number>): void {
    this.renditionStates = states;
  }

  /** The relays (issue #21): their listeners and health, and the count summed across them. */
  setRelaySource(relays: { now: () => RelayState[] }, summed: () => number): void {
    this.relays = relays;
    this.summed = summed;
  }

  setLeaderSource(state: () => { node: string; leads: boolean }): void {
    this.leaderState = state;
  }

  batch(b: AudienceBatch): void {
    for (const s of b.opened) {
      this.outputs.add(s.output);
      this.sessions.inc({ output: s.output });
    }
    // doors that only count (Icecast) appear in the counts alone
    for (const output of Object.keys(b.listeners)) this.outputs.add(output);
    for (const s of b.closed) if (s.end !== 'client') this.dropped.inc({ reason: s.end });
    for (const [output, n] of Object.entries(b.bytes)) this.bytes.inc({ output }, n);
    for (const output of this.outputs) this.listeners.set({ output }, b.listeners[output] ?? 0);
    this.lateness.addCounts(b.histogram, b.sumLateUs);
    if (b.mounts) this.mountLateness.addCounts(b.mounts.histogram, b.mounts.sumLateUs);
    this.streamDelay.set({ stat: 'mean' }, b.loopDelay.meanMs / 1000);
    this.streamDelay.set({ stat: 'p99' }, b.loopDelay.p99Ms / 1000);
    this.streamDelay.set({ stat: 'max' }, b.loopDelay.maxMs / 1000);
  }

  /** the stream thread died: nobody is connected to it any more */
  streamEnded(): void {
    for (const output of this.outputs) this.listeners.set({ output }, 0);
  }

  command(door: string, command: string, result: CommandResultLabel): void {
    this.commands.inc({ door, command, result });
  }

  added(counts: AddCounts): void {
    this.adds.inc({ result: 'added' }, counts.added);
    this.adds.inc({ result: 'updated' }, counts.updated);
    this.adds.inc({ result: 'renamed' }, counts.renamed);
    this.adds.inc({ result: 'skipped' }, counts.skipped);
    this.adds.inc({ result: 'failed' }, counts.errors.length);
  }

  authFailure(door: string): void {
    this.authFailures.inc({ door });
  }

  /** the Prometheus text format */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
