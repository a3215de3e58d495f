// What a command is: declared once (name, permissions, options, zod input, handler, text
// rendering) and served by every door (TCP, tRPC, CLI) through run.ts.
import type { z } from 'zod';
import type { Afs } from '../afs/index.js';
import type { StatusFeed } from '../status/feed.js';
import type { OptionSpec } from './argv.js';

/** What the running server offers to commands; later subsystems add themselves here. */
export interface Services {
  afs: Afs;
  server: {
    version: string;
    startedAt: Date;
  };
  /** live status (vss + current file); absent in tools that only touch the database */
  status?: StatusFeed;
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
  /** data sent by the client for addimg, addlyr, addmood, addpl */
  readData?(): Promise<Uint8Array>;
}

export interface CommandDef<S extends z.ZodType = z.ZodType, O = unknown> {
  name: string;
  summary: string;
  /** usage line, e.g. "ls [-l[=mode]] [-p] [pattern...]" */
  synopsis: string;
  /** longer description for help -l */
  description?: string;
  perms: number;
  /** queries change nothing; mutations do (tRPC maps them to query / mutation) */
  kind: 'query' | 'mutation';
  options: readonly OptionSpec[];
  /** input schema: option keys plus `args` (the non-option arguments) */
  input: S;
  readsData?: boolean;
  run(ctx: CommandContext, input: z.output<S>): Promise<O>;
  /** the paraslash text output; services give names (attributes, blobs) that data holds as ids */
  render(output: O, input: z.output<S>, services: Services): string;
}

/** Keeps the generic parameters when a command is declared in its own file. */
export function defineCommand<S extends z.ZodType, O>(def: CommandDef<S, O>): CommandDef<S, O> {
  return def;
}

/** The table stores commands with their types erased (run and render are methods, so their
 * parameters are bivariant); each definition stays fully typed in its own file. */
export type AnyCommand = CommandDef<z.ZodType, unknown>;
