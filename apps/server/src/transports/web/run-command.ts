// Runs one command of the table for a web user: the same lookup-free path as every door
// (permission check, the command's own zod schema, run, render), with log lines, progress and
// cancellation wired to the caller. tRPC and socket.io both come through here.
import { checkPermission, runInput } from '../../commands/index.js';
import type { AnyCommand, CommandContext, CommandUser } from '../../commands/index.js';
import { ParaError } from '../../errors.js';
import type { ApiServices } from './services.js';
import type { Job } from './jobs.js';
import { toWire, type Wire } from './wire.js';

/** What a command procedure answers: the typed result and paraslash's text rendering (log lines
 * the command printed while it ran, then its output). */
export interface CommandReply<O> {
  output: Wire<O>;
  text: string;
  /** what went wrong when the command did only part of its work (add: files not added), else null */
  failure: string | null;
}

export interface RunHooks {
  /** the client went away or cancelled */
  signal?: AbortSignal | undefined;
  onLog?(line: string): void;
  onProgress?(counters: Record<string, number>): void;
  /** called once the job exists (mutations), before the command starts */
  onJob?(job: Job): void;
}

/** log lines kept for the text of the reply; more are dropped (add -v of a huge tree) */
const MAX_LOG_LINES = 100_000;

export async function runWebCommand(
  api: ApiServices,
  cmd: AnyCommand,
  user: CommandUser,
  raw: unknown,
  hooks: RunHooks = {},
): Promise<CommandReply<unknown>> {
  // a denied command gets no job: no progress event, nothing to clean up
  checkPermission(cmd, user.perms);
  const job = cmd.kind === 'mutation' ? api.jobs.start(cmd, user.name, hooks.signal) : undefined;
  if (job) hooks.onJob?.(job);
  const lines: string[] = [];
  let dropped = 0;
  const ctx: CommandContext = {
    services: api.services,
    user,
    log(line) {
      if (lines.length < MAX_LOG_LINES) lines.push(line);
      else dropped++;
      hooks.onLog?.(line);
    },
    progress(value) {
      const c = job ? job.progress(value) : {};
      hooks.onProgress?.(c);
    },
    signal: job?.signal ?? hooks.signal ?? new AbortController().signal,
    door: 'web',
  };
  try {
    // an absent input means "no options, no arguments"
    const result = await runInput(cmd, ctx, raw ?? {});
    const cancelled = ctx.signal.aborted;
    job?.finish(cancelled ? 'cancelled' : 'done');
    const more = dropped > 0 ? `(${dropped} more lines not shown)\n` : '';
    return {
      output: toWire(result.output),
      text: lines.map((l) => `${l}\n`).join('') + more + result.text,
      failure: result.failure ?? null,
    };
  } catch (err) {
    const cancelled = ctx.signal.aborted;
    job?.finish(
      cancelled ? 'cancelled' : 'failed',
      err instanceof Error ? err.message : String(err),
    );
    if (cancelled && !(err instanceof ParaError))
      throw new ParaError('E_CANCELLED', `${cmd.name}: cancelled`);
    throw err;
  }
}
