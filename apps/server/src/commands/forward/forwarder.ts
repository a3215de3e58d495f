// The standby's side of forwarding (issue #21): a command that must act on the playout leader is
// sent to it over the Redis bus, and the leader's answer (output and text, or its error with the
// same code and message) is this node's answer. Bounded: without a link, without a leader or
// without an answer in time the user gets E_NOT_LEADER at once, naming both nodes.
import crypto from 'node:crypto';
import type { PeerBus } from '../../afs/index.js';
import { ParaError } from '../../errors.js';
import { notLeader } from '../must-lead.js';
import type { ForwardedResult, ForwardRequest, LeaderControl, LeaderForward } from '../types.js';
import { REPLY_TOPIC, ReplyMessage, RUN_TOPIC, type RunMessage } from './messages.js';

type Outcome = ReplyMessage | 'timeout' | 'cancelled';

interface Waiting {
  leader: string;
  done(outcome: Outcome): void;
}

export class Forwarder implements LeaderForward {
  private readonly waiting = new Map<string, Waiting>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly bus: PeerBus,
    private readonly election: LeaderControl,
    private readonly timeoutMs: number,
    private readonly warn: (kind: string, msg: string) => void,
  ) {
    this.unsubscribe = bus.subscribe(REPLY_TOPIC, (data) => this.onReply(data));
  }

  /** at shutdown: those still waiting are answered (cancelled) rather than left to time out */
  close(): void {
    this.unsubscribe();
    for (const w of [...this.waiting.values()]) w.done('cancelled');
  }

  private onReply(data: unknown): void {
    const parsed = ReplyMessage.safeParse(data);
    if (!parsed.success)
      return this.warn('bad reply', `leader forwarding: a malformed answer ignored`);
    const r = parsed.data;
    if (r.to !== this.election.node) return;
    const w = this.waiting.get(r.id);
    // too late (the user has had the timeout error), or never asked
    if (!w) return this.warn('late', `leader forwarding: an answer nobody waits for ignored`);
    if (r.from !== w.leader)
      return this.warn('stranger', `leader forwarding: an answer from ${r.from} ignored`);
    w.done(r);
  }

  async run(req: ForwardRequest, signal: AbortSignal): Promise<ForwardedResult> {
    const el = this.election;
    const leader = el.leader?.node;
    if (leader === undefined || leader === el.node) throw notLeader(el, req.what);
    if (this.bus.state !== 'connected')
      throw notLeader(el, req.what, `cannot ask it: redis is ${this.bus.state}`);
    const id = crypto.randomUUID();
    const reply = await new Promise<Outcome>((resolve) => {
      const finish = (r: Outcome): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', cancel);
        this.waiting.delete(id);
        resolve(r);
      };
      const timer = setTimeout(() => finish('timeout'), this.timeoutMs);
      const cancel = (): void => finish('cancelled');
      signal.addEventListener('abort', cancel);
      this.waiting.set(id, { leader, done: finish });
      const message: RunMessage = {
        id,
        from: el.node,
        to: leader,
        command: req.command,
        input: req.input,
        user: { name: req.user.name, perms: req.user.perms },
        door: req.door,
      };
      // a publish that is dropped (the link broke just now) ends in the timeout
      void this.bus.publish(RUN_TOPIC, message);
    });
    if (reply === 'cancelled') throw new ParaError('E_CANCELLED', `${req.what}: cancelled`);
    if (reply === 'timeout')
      throw notLeader(
        el,
        req.what,
        `no answer from ${leader} within ${this.timeoutMs / 1000} s; it may still act on it`,
      );
    if (!reply.ok) throw new ParaError(reply.code, reply.message);
    return { output: reply.output, text: reply.text, failure: reply.failure, log: reply.log };
  }
}
