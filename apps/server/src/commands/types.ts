// What a command is: declared once (name, permissions, options, zod input, handler, text
// rendering) and served by every door (TCP, tRPC, CLI) through run.ts.
import type { z } from 'zod';
import type { Afs, FolderWatch } from '../afs/index.js';
import type { RenditionStore } from '../renditions/index.js';
import type { RequestQueue } from '../requests/index.js';
import type { Schedule, Scheduler } from '../schedule/index.js';
import type { AddCounts, AudienceNow, AudienceQueries, DeliveryResult } from '../audience/index.js';
import type { NodeRow } from '../leader/index.js';
import type { SenderControl, SenderTable } from '../senders/index.js';
import type { Station } from '../station/index.js';
import type { StatusFeed } from '../status/feed.js';
import type { UserList } from '../users/index.js';
import type { VssControl } from '../vss/index.js';
import type { OptionSpec } from './argv.js';

/** What the running para_server lets commands do to the process (hup, term, si, tasks). */
export interface ServerControl {
  /** what SIGHUP does: config file, log file, user list, tables */
  hup(): Promise<void>;
  /** the clean shutdown SIGTERM starts; returns at once */
  terminate(): void;
  loglevel(): string;
  /** command port: open now / authenticated since start / accepted since start */
  connections(): { active: number; authenticated: number; total: number };
  /** files streamed since startup (the streaming side fills this in) */
  played?(): number;
  tasks(): { name: string; status: string }[];
}

/** What the running server offers to commands; later subsystems add themselves here. */
export interface Services {
  afs: Afs;
  server: {
    version: string;
    startedAt: Date;
    /** absent in tools that only touch the database (para_admin) */
    control?: ServerControl;
  };
  /** the command port's users (server.users) */
  users?: UserList;
  /** live status (vss + current file); absent in tools that only touch the database */
  status?: StatusFeed;
  /** the streaming engine (play, pause, ff, ...); absent in tools that only touch the database */
  vss?: VssControl;
  /** the live mounts' renditions (the rendition command); absent without a stream */
  renditions?: RenditionStore;
  /** the senders by name (the sender command) */
  senders?: SenderTable<SenderControl>;
  /** the schedule of moods and playlists (entries, conflicts, default mode) */
  schedule?: Schedule;
  /** applies the schedule to the stream; absent in tools that only touch the database */
  scheduler?: Scheduler;
  /** watched folders (afs/watch); absent in tools that only touch the database */
  watch?: FolderWatch;
  /** the public station (settings, what /api/nowplaying publishes); absent in para_admin */
  station?: Station;
  /** the play history and the listener sessions (the history command; issue #17) */
  audience?: AudienceQueries;
  /** the listeners now, per output and across the relays (audience now); absent without a stream */
  listenersNow?: () => AudienceNow;
  /** the webhooks (testhook) */
  webhooks?: { readonly configured: boolean; test(): Promise<DeliveryResult[]> };
  /** counts commands by door and result, and add's files (GET /metrics); absent: not counted */
  metrics?: CommandMetrics;
  /** the request queue (listeners' and operators' requests) */
  requests?: RequestQueue;
  /** the playout leader's election; absent on SQLite (one box, no election) and in para_admin */
  leader?: LeaderControl;
  /** runs a command on the leader for a standby's user (commands/forward/); absent without Redis */
  forward?: LeaderForward;
}

/** A command a standby's user gave, sent to the playout leader to run (commands/forward/). */
export interface ForwardRequest {
  command: string;
  /** what must happen on the leader, for the errors: "next", "sender http on" */
  what: string;
  /** the input as this node validated it; the leader validates it again */
  input: unknown;
  user: CommandUser;
  door: string | undefined;
}

/** What the leader answered: the command's output, its text as the leader rendered it, the lines
 * it logged, and its failure (CommandDef.failure). */
export interface ForwardedResult {
  output: unknown;
  text: string;
  failure?: string | undefined;
  log: string[];
}

export interface LeaderForward {
  /** the leader's answer, or its error (same code and message); E_NOT_LEADER when it cannot be
   * asked: no link, no leader, no answer in time */
  run(request: ForwardRequest, signal: AbortSignal): Promise<ForwardedResult>;
}

/** The playout leader's election as the commands see it (leader/; issue #21). */
export interface LeaderControl {
  /** this process's node name */
  readonly node: string;
  readonly isLeader: boolean;
  /** the leading node as last seen, and since when it leads */
  readonly leader: { node: string; since: Date } | undefined;
  nodes(): Promise<NodeRow[]>;
  /** false: this node does not lead */
  handover(): Promise<boolean>;
}

/** What the metrics count of the commands (audience/metrics.ts implements it). */
export interface CommandMetrics {
  command(door: string, command: string, result: 'ok' | 'denied' | 'invalid' | 'error'): void;
  added(counts: AddCounts): void;
  /** a failed authentication at a door (tcp: wrong key or user; web: wrong password) */
  authFailure(door: string): void;
}

export interface CommandUser {
  name: string;
  perms: number;
}

export interface CommandContext {
  services: Services;
  user: CommandUser;
  /** streamed output (add -v lines, progress) that should not wait for the result */
  log(line: string): void;
  progress?(value: unknown): void;
  signal: AbortSignal;
  /** true where output reaches the user while the command runs (the command port); where it does
   * not (a web request), a command that would run until the user leaves (stat) answers once */
  live?: boolean;
  /** the door it came through (tcp, web, cli), as the metrics count it */
  door?: string;
  /** run on the leader for a standby's user (commands/forward/): never forwarded again */
  forwarded?: boolean;
  /** data sent by the client for addimg, addlyr, addmood, addpl; the bytes belong to the command */
  readData?(): Promise<Uint8Array>;
  /** the same data in the parts it arrived in, where a door has them (no joined copy) */
  readDataParts?(): Promise<Uint8Array[]>;
}

export type CommandKind = 'query' | 'mutation';

/** N, K and P keep the literal name, kind and permission mask, so the web API's types can be
 * derived from the table (tRPC paths and procedure kinds). */
export interface CommandDef<
  S extends z.ZodType = z.ZodType,
  O = unknown,
  N extends string = string,
  K extends CommandKind = CommandKind,
  P extends number = number,
> {
  name: N;
  summary: string;
  /** usage line, e.g. "ls [-l[=mode]] [-p] [pattern...]" */
  synopsis: string;
  /** longer description for help -l */
  description?: string;
  /** write it with permBits() (or 0), so that it stays a literal type */
  perms: P;
  /** queries change nothing; mutations do (tRPC maps them to query / mutation) */
  kind: K;
  options: readonly OptionSpec[];
  /** input schema: option keys plus `args` (the non-option arguments) */
  input: S;
  readsData?: boolean;
  /** render returns raw bytes, one per character (latin1), e.g. catimg; doors send them as is */
  binaryOutput?: boolean;
  run(ctx: CommandContext, input: z.output<S>): Promise<O>;
  /** the paraslash text output; services give names (attributes, blobs) that data holds as ids */
  render(output: O, input: z.output<S>, services: Services): string;
  /** What of this input acts on the stream, so that it must run on the playout leader (issue #21):
   * the words naming it ("next", "sender http on"), or undefined where any node may run it. On a
   * standby run.ts sends such a command to the leader (commands/forward/); the command's own
   * mustLead refuses it where that cannot be done. */
  onLeader?(input: z.output<S>): string | undefined;
  /** What went wrong when the command did only part of its work (add: the files it could not
   * add). Every door reports it after the output as the command's failure: an error text and
   * a non-zero exit. */
  failure?(output: O): string | undefined;
}

/** Keeps the generic parameters when a command is declared in its own file. */
export function defineCommand<
  const N extends string,
  S extends z.ZodType,
  O,
  K extends CommandKind,
  P extends number,
>(def: CommandDef<S, O, N, K, P>): CommandDef<S, O, N, K, P> {
  return def;
}

/** The table stores commands with their types erased (run and render are methods, so their
 * parameters are bivariant); each definition stays fully typed in its own file. */
export type AnyCommand = CommandDef<z.ZodType, unknown>;
