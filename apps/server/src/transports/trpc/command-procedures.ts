// The command table as tRPC procedures, generated, never re-implemented: `afs.ls` (query),
// `afs.add` (mutation), and for every mutation a cancellable job with progress, `jobs.afs.add`
// (subscription). Paths follow groups.ts (with the old paths of moved commands as aliases); types
// come from the typed command list.
import type { z } from 'zod';
import type { AnyCommand, CommandTable } from '../../commands/index.js';
import type { Context } from './context.js';
import { EventQueue } from './event-queue.js';
import {
  COMMAND_GROUPS,
  groupOf,
  legacyGroupOf,
  type CommandGroup,
  type CommandsOf,
  type LegacyCommandsOf,
  type TypedCommand,
} from './groups.js';
import { runWebCommand, type CommandReply, type JobInfo, type Wire } from '../web/index.js';
import { toTRPCError, userProcedure } from './trpc.js';

/** What a job subscription sends: its id first, then log lines and progress, then the result. */
export type JobEvent<O> =
  | { type: 'started'; job: JobInfo }
  | { type: 'log'; line: string }
  | { type: 'progress'; progress: Record<string, number> }
  | { type: 'done'; output: Wire<O>; text: string; failure: string | null };

type UserContext = Context & { user: { name: string; perms: number } };

/**
 * tRPC hands the input over as it came; the command's own zod schema checks it inside runInput,
 * after the permission check, exactly as on the command port. The type is the schema's input.
 */
function rawInput<I>(): (value: unknown) => I {
  return (value) => value as I;
}

async function reply<O>(
  ctx: UserContext,
  cmd: AnyCommand,
  input: unknown,
  signal: AbortSignal | undefined,
): Promise<CommandReply<O>> {
  try {
    // the command's output type is O; runWebCommand itself is not generic over the table
    return (await runWebCommand(ctx.api, cmd, ctx.user, input, { signal })) as CommandReply<O>;
  } catch (err) {
    throw toTRPCError(err);
  }
}

function queryProcedure<I, O>(cmd: AnyCommand) {
  return userProcedure
    .input(rawInput<I>())
    .query(({ ctx, input, signal }) => reply<O>(ctx, cmd, input, signal));
}

function mutationProcedure<I, O>(cmd: AnyCommand) {
  return userProcedure
    .input(rawInput<I>())
    .mutation(({ ctx, input, signal }) => reply<O>(ctx, cmd, input, signal));
}

function jobProcedure<I, O>(cmd: AnyCommand) {
  return userProcedure.input(rawInput<I>()).subscription(async function* ({
    ctx,
    input,
    signal,
  }): AsyncGenerator<JobEvent<O>, void> {
    const queue = new EventQueue<JobEvent<O>>(signal);
    const run = runWebCommand(ctx.api, cmd, ctx.user, input, {
      signal,
      onJob: (job) => queue.push({ type: 'started', job: job.info }),
      onLog: (line) => queue.push({ type: 'log', line }),
      onProgress: (progress) =>
        queue.push({ type: 'progress', progress }, (last) => last.type === 'progress'),
    }).then(
      (r) =>
        queue.push({
          type: 'done',
          output: r.output as Wire<O>,
          text: r.text,
          failure: r.failure,
        }),
      (err: unknown) => queue.fail(toTRPCError(err)),
    );
    try {
      yield* queue;
    } finally {
      queue.end();
      // leaving early (unsubscribe) aborted the job through `signal`; let it wind down
      await run;
    }
  });
}

type InputOf<D> = D extends { input: infer S extends z.ZodType } ? z.input<S> : never;
type OutputOf<D> = D extends { run(...args: never[]): Promise<infer O> } ? O : never;

type QueryOf<D> = ReturnType<typeof queryProcedure<InputOf<D>, OutputOf<D>>>;
type MutationOf<D> = ReturnType<typeof mutationProcedure<InputOf<D>, OutputOf<D>>>;
type JobOf<D> = ReturnType<typeof jobProcedure<InputOf<D>, OutputOf<D>>>;

type ProceduresOf<C extends TypedCommand> = {
  [D in C as D['name']]: D extends { kind: 'query' } ? QueryOf<D> : MutationOf<D>;
};
type JobsOf<C extends TypedCommand> = {
  [D in Extract<C, { kind: 'mutation' }> as D['name']]: JobOf<D>;
};

/** the procedures of one group, keyed by command name, with the aliases at old paths */
export type GroupProcedures<G extends CommandGroup> = ProceduresOf<CommandsOf<G>> &
  ProceduresOf<LegacyCommandsOf<G>>;
/** the job subscriptions of one group: one per mutation, with the aliases at old paths */
export type GroupJobs<G extends CommandGroup> = JobsOf<CommandsOf<G>> & JobsOf<LegacyCommandsOf<G>>;

export interface CommandProcedures {
  procedures: { [G in CommandGroup]: GroupProcedures<G> };
  jobs: { [G in CommandGroup]: GroupJobs<G> };
}

/** Builds the procedures of every command of the table. */
export function commandProcedures(table: CommandTable): CommandProcedures {
  const procedures = emptyGroups();
  const jobs = emptyGroups();
  for (const cmd of table.all()) {
    const query = cmd.kind === 'query' ? queryProcedure<unknown, unknown>(cmd) : undefined;
    const mutation = query ? undefined : mutationProcedure<unknown, unknown>(cmd);
    const job = query ? undefined : jobProcedure<unknown, unknown>(cmd);
    // the same procedure objects at the new path and, for one release, at the old one
    for (const group of [groupOf(cmd.name), legacyGroupOf(cmd)]) {
      if (!group) continue;
      procedures[group][cmd.name] = query ?? mutation;
      if (job) jobs[group][cmd.name] = job;
    }
  }
  // The records were filled from the same table the types are derived from (CommandList); the
  // loop cannot carry per-key types, so they are restated here once.
  return { procedures, jobs } as unknown as CommandProcedures;
}

function emptyGroups(): Record<CommandGroup, Record<string, unknown>> {
  const out = {} as Record<CommandGroup, Record<string, unknown>>;
  for (const g of COMMAND_GROUPS) out[g] = {};
  return out;
}
