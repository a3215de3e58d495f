// Runs one command for one user, the same way for every door: look it up (unique prefixes as
// lopsub allows), check permissions, parse and validate the arguments, run, render. On a standby
// a command that acts on the stream (CommandDef.onLeader) runs on the playout leader instead.
import { ParaError, toParaError } from '../errors.js';
import { parseArgv } from './argv.js';
import { clip } from './echo.js';
import { permText } from './perms.js';
import { issueText } from './schema.js';
import type { AddCounts } from '../audience/index.js';
import type { AnyCommand, CommandContext } from './types.js';
import type { z } from 'zod';

export class CommandTable {
  private readonly byName = new Map<string, AnyCommand>();

  constructor(commands: readonly AnyCommand[]) {
    for (const c of commands) {
      if (this.byName.has(c.name)) throw new Error(`duplicate command ${c.name}`);
      this.byName.set(c.name, c);
    }
  }

  all(): AnyCommand[] {
    return [...this.byName.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  get(name: string): AnyCommand | undefined {
    return this.byName.get(name);
  }

  /** Exact name, else a unique prefix. */
  lookup(name: string): AnyCommand {
    const exact = this.byName.get(name);
    if (exact) return exact;
    const matches = [...this.byName.keys()].filter((n) => n.startsWith(name));
    if (matches.length === 1) return this.byName.get(matches[0]!)!;
    // lopsub's words (lls_lookup_subcmd), then what was typed
    if (matches.length > 1) {
      throw new ParaError(
        'E_SYNTAX',
        `ambiguous subcommand: ${clip(name)} (${matches.join(', ')})`,
      );
    }
    throw new ParaError(
      'E_SYNTAX',
      `invalid subcommand: ${clip(name)} (no such subcommand; see help)`,
    );
  }
}

export function checkPermission(cmd: AnyCommand, userPerms: number): void {
  if ((cmd.perms & userPerms) !== cmd.perms) {
    throw new ParaError(
      'E_PERMISSION',
      `permission denied: ${cmd.name} needs ${permText(cmd.perms)}`,
    );
  }
}

/** How a door names an input key to its user: argv doors as typed (`-n`, `--num`), tRPC as is. */
export type FieldName = (key: string) => string;

/** Turns the first complaint into one line naming the option or argument as the user wrote it. */
export function validationError(cmd: string, err: z.ZodError, name: FieldName): ParaError {
  const issue = err.issues[0];
  const [key, index] = issue?.path ?? [];
  let field = '';
  if (key === 'args') {
    // the arguments as a whole: the message says "non-option args"
    if (typeof index === 'number') field = `argument ${index + 1}: `;
  } else if (key !== undefined) field = `${name(String(key))}: `;
  return new ParaError('E_SYNTAX', `${cmd}: ${field}${issue?.message ?? 'invalid value'}`);
}

export function parseInput(cmd: AnyCommand, raw: unknown, name: FieldName = (k) => k): unknown {
  const result = cmd.input.safeParse(raw, { error: issueText });
  if (!result.success) throw validationError(cmd.name, result.error, name);
  return result.data;
}

/** argv as the command's input; complaints name options as typed (or by their long name). */
export function parseCommandArgv(cmd: AnyCommand, argv: string[]): unknown {
  const spelled = new Map<string, string>();
  const raw = parseArgv(cmd.name, cmd.options, argv, spelled);
  return parseInput(cmd, raw, (key) => {
    const long = cmd.options.find((o) => o.key === key)?.long;
    return spelled.get(key) ?? (long ? `--${long}` : key);
  });
}

export interface CommandResult {
  command: AnyCommand;
  output: unknown;
  text: string;
  /** set when the command did only part of its work (CommandDef.failure) */
  failure?: string | undefined;
}

/**
 * Counts the command for the metrics (services.metrics), by door and result. A command a standby
 * forwarded is counted there (the user's door, the leader's answer), not again on the leader: the
 * sum over the nodes counts each command once.
 */
function count(ctx: CommandContext, name: string, output: unknown, err?: ParaError): void {
  const m = ctx.services.metrics;
  if (!m || ctx.forwarded) return;
  const result =
    err === undefined
      ? 'ok'
      : err.code === 'E_PERMISSION'
        ? 'denied'
        : err.code === 'E_SYNTAX' || err.code === 'E_INVALID'
          ? 'invalid'
          : 'error';
  m.command(ctx.door ?? 'other', name, result);
  if (name === 'add' && isAddCounts(output)) m.added(output);
}

function isAddCounts(o: unknown): o is AddCounts {
  if (typeof o !== 'object' || o === null) return false;
  const r = o as Record<string, unknown>;
  return (
    ['added', 'updated', 'renamed', 'skipped'].every((k) => typeof r[k] === 'number') &&
    Array.isArray(r.errors)
  );
}

function result(
  cmd: AnyCommand,
  input: unknown,
  output: unknown,
  ctx: CommandContext,
): CommandResult {
  const text = cmd.render(output, input, ctx.services);
  const failure = cmd.failure?.(output);
  count(ctx, cmd.name, output);
  return { command: cmd, output, text, failure };
}

/** Runs the command here, or on the leader when this node is a standby that can ask it. */
async function execute(
  cmd: AnyCommand,
  input: unknown,
  ctx: CommandContext,
): Promise<CommandResult> {
  const what = ctx.forwarded ? undefined : cmd.onLeader?.(input);
  const { leader, forward } = ctx.services;
  if (what === undefined || !leader || leader.isLeader || !forward)
    return result(cmd, input, await cmd.run(ctx, input), ctx);
  const r = await forward.run(
    { command: cmd.name, what, input, user: ctx.user, door: ctx.door },
    ctx.signal,
  );
  for (const line of r.log) ctx.log(line);
  count(ctx, cmd.name, r.output);
  return { command: cmd, output: r.output, text: r.text, failure: r.failure };
}

/** argv[0] is the command name, as para_client sends it. */
export async function runArgv(
  table: CommandTable,
  ctx: CommandContext,
  argv: string[],
): Promise<CommandResult> {
  let known = 'unknown';
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === '') throw new ParaError('E_SYNTAX', 'no command given');
    const cmd = table.lookup(name);
    known = cmd.name;
    checkPermission(cmd, ctx.user.perms);
    return await execute(cmd, parseCommandArgv(cmd, rest), ctx);
  } catch (err) {
    const e = toParaError(err);
    // a name that is no command is counted as such: typos must not make new label values
    count(ctx, known, undefined, e);
    throw e;
  }
}

/** Structured input (tRPC): same permission check and validation, no argv parsing. */
export async function runInput(
  cmd: AnyCommand,
  ctx: CommandContext,
  raw: unknown,
): Promise<CommandResult> {
  try {
    checkPermission(cmd, ctx.user.perms);
    return await execute(cmd, parseInput(cmd, raw), ctx);
  } catch (err) {
    const e = toParaError(err);
    count(ctx, cmd.name, undefined, e);
    throw e;
  }
}
