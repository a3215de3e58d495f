// The leader's side of forwarding (issue #21): a command a standby's user gave runs here through
// the same command table (permissions and input checked again), and the answer goes back to that
// standby. Only the elected leader answers, only to a node connected to this database, and only
// commands that act on the leader (CommandDef.onLeader): anything else on the channel is logged
// and ignored, never run.
import type { PeerBus } from '../../afs/index.js';
import { toParaError, unexpectedCause } from '../../errors.js';
import { runInput, type CommandTable } from '../run.js';
import type { LeaderControl, Services } from '../types.js';
import { REPLY_TOPIC, RUN_TOPIC, RunMessage, type ReplyMessage } from './messages.js';

export interface ServeOptions {
  bus: PeerBus;
  election: LeaderControl;
  commands: CommandTable;
  services: Services;
  warn: (kind: string, msg: string) => void;
  /** a command that failed unexpectedly (a bug, the database): logged with its cause */
  error: (err: unknown, msg: string) => void;
}

/** the nodes connected to the database are asked again after this long */
const NODES_MAX_AGE_MS = 2000;
/** log lines a forwarded command sends back */
const MAX_LOG_LINES = 1000;
/** request ids run, kept longer than the bus takes a message for fresh (redis-bus.ts: a minute) */
const SEEN_MS = 2 * 60_000;

/** JSON without surprises: a bigint as its decimal digits (JSON.stringify throws on it) */
const jsonSafe = (v: unknown): unknown =>
  v === undefined
    ? null
    : JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x)));

export function serveForwarded(opts: ServeOptions): () => void {
  const { bus, election, commands, services, warn } = opts;
  /** request id -> when it came (insertion order: the oldest first) */
  const seen = new Map<string, number>();
  let nodes: { at: number; names: Promise<Set<string>> } | undefined;
  const known = async (node: string): Promise<boolean> => {
    if (!nodes || Date.now() - nodes.at > NODES_MAX_AGE_MS) {
      const names = election.nodes().then(
        (rows) => new Set(rows.map((r) => r.node)),
        () => new Set<string>(),
      );
      nodes = { at: Date.now(), names };
    }
    return node !== election.node && (await nodes.names).has(node);
  };

  const handle = async (data: unknown): Promise<void> => {
    const parsed = RunMessage.safeParse(data);
    if (!parsed.success)
      return warn('bad request', 'leader forwarding: a malformed request ignored');
    const m = parsed.data;
    if (m.to !== election.node) return;
    // a signed request seen on Redis and sent again (the bus takes it for a minute): run once
    const now = Date.now();
    for (const [id, at] of seen) {
      if (now - at <= SEEN_MS) break;
      seen.delete(id);
    }
    if (seen.has(m.id))
      return warn('repeat', `leader forwarding: ${m.command} from ${m.from} ignored: a repeat`);
    seen.set(m.id, now);
    if (!election.isLeader)
      return warn(
        'not leading',
        `leader forwarding: ${m.command} from ${m.from} ignored: not the leader`,
      );
    if (!(await known(m.from)))
      return warn(
        'stranger',
        `leader forwarding: ${m.command} from unknown node ${m.from} ignored`,
      );
    const cmd = commands.get(m.command);
    if (!cmd?.onLeader)
      return warn(
        'command',
        `leader forwarding: ${m.command} from ${m.from} ignored: not a command of the leader`,
      );
    const log: string[] = [];
    const head = { id: m.id, from: election.node, to: m.from };
    let reply: ReplyMessage;
    try {
      const r = await runInput(
        cmd,
        {
          services,
          user: m.user,
          log: (line) => void (log.length < MAX_LOG_LINES && log.push(line)),
          signal: new AbortController().signal,
          // the standby counts it, at the user's door (run.ts, count)
          door: 'peer',
          forwarded: true,
        },
        m.input,
      );
      reply = {
        ...head,
        ok: true,
        output: jsonSafe(r.output),
        text: r.text,
        failure: r.failure,
        log,
      };
    } catch (err) {
      const cause = unexpectedCause(err);
      if (cause !== undefined) opts.error(cause, `forwarded ${m.command} failed unexpectedly`);
      const e = toParaError(err);
      reply = { ...head, ok: false, code: e.code, message: e.message };
    }
    await bus.publish(REPLY_TOPIC, reply);
  };

  return bus.subscribe(RUN_TOPIC, (data) => {
    handle(data).catch((err: unknown) => opts.error(err, 'leader forwarding failed'));
  });
}
