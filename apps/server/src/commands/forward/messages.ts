// What a standby and the playout leader say to each other over the Redis bus (issue #21). Anything
// on the channel could have sent a message, so each is checked here before it is looked at.
import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from '../../errors.js';
import { NODE_NAME } from '../../leader/index.js';

/** a standby asks the leader to run a command */
export const RUN_TOPIC = 'leader:run';
/** the leader's answer */
export const REPLY_TOPIC = 'leader:reply';

const node = z.string().regex(NODE_NAME);
const id = z.string().min(1).max(64);

export const RunMessage = z.object({
  id,
  from: node,
  /** the node the standby takes for the leader: only it answers */
  to: node,
  command: z.string().min(1).max(64),
  input: z.unknown(),
  user: z.object({ name: z.string().min(1).max(256), perms: z.number().int().min(0) }),
  door: z.string().max(32).optional(),
});
export type RunMessage = z.infer<typeof RunMessage>;

const codes = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

export const ReplyMessage = z.discriminatedUnion('ok', [
  z.object({
    id,
    from: node,
    to: node,
    ok: z.literal(true),
    output: z.unknown(),
    text: z.string(),
    failure: z.string().optional(),
    log: z.array(z.string()).max(10_000),
  }),
  z.object({
    id,
    from: node,
    to: node,
    ok: z.literal(false),
    code: z.enum(codes),
    message: z.string().max(10_000),
  }),
]);
export type ReplyMessage = z.infer<typeof ReplyMessage>;

/** One warning per kind and interval, with the number dropped since: a flood of garbage on the
 * channel must not flood the log too. */
export function throttledWarn(
  warn: (msg: string) => void,
  intervalMs = 10_000,
): (kind: string, msg: string) => void {
  const last = new Map<string, { at: number; more: number }>();
  return (kind, msg) => {
    const now = Date.now();
    const seen = last.get(kind);
    if (seen && now - seen.at < intervalMs) {
      seen.more++;
      return;
    }
    const more = seen?.more ? ` (${seen.more} more like it not logged)` : '';
    last.set(kind, { at: now, more: 0 });
    warn(`${msg}${more}`);
  };
}
