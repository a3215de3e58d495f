// Runs one command for one user, the same way for every door: look it up (unique prefixes as
// lopsub allows), check permissions, parse and validate the arguments, run, render.
import { ParaError, toParaError } from '../errors.js';
import { parseArgv } from './argv.js';
import { permText } from './perms.js';
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
    if (matches.length > 1) {
      throw new ParaError('E_SYNTAX', `ambiguous command ${name}: ${matches.join(', ')}`);
    }
    throw new ParaError('E_SYNTAX', `no such command: ${name}`);
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

/** Turns zod's complaint into one readable line naming the field. */
export function validationError(cmd: string, err: z.ZodError): ParaError {
  const issue = err.issues[0];
  const field = issue?.path.join('.') || 'arguments';
  return new ParaError('E_SYNTAX', `${cmd}: ${field}: ${issue?.message ?? 'invalid input'}`);
}

export function parseInput(cmd: AnyCommand, raw: unknown): unknown {
  const result = cmd.input.safeParse(raw);
  if (!result.success) throw validationError(cmd.name, result.error);
  return result.data;
}

export interface CommandResult {
  command: AnyCommand;
  output: unknown;
  text: string;
}

/** argv[0] is the command name, as para_client sends it. */
export async function runArgv(
  table: CommandTable,
  ctx: CommandContext,
  argv: string[],
): Promise<CommandResult> {
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === '') throw new ParaError('E_SYNTAX', 'no command given');
    const cmd = table.lookup(name);
    checkPermission(cmd, ctx.user.perms);
    const input = parseInput(cmd, parseArgv(cmd.name, cmd.options, rest));
    const output = await cmd.run(ctx, input);
    return { command: cmd, output, text: cmd.render(output, input, ctx.services) };
  } catch (err) {
    throw toParaError(err);
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
    const input = parseInput(cmd, raw);
    const output = await cmd.run(ctx, input);
    return { command: cmd, output, text: cmd.render(output, input, ctx.services) };
  } catch (err) {
    throw toParaError(err);
  }
}
