// The command table: every command declared once, served by every door.
import type { z } from 'zod';
import { addCommand } from './afs/add.js';
import {
  addattCommand,
  lsattCommand,
  mvattCommand,
  rmattCommand,
  setattCommand,
} from './afs/attributes.js';
import { blobCommandList } from './afs/blobs.js';
import { checkCommand, initCommand } from './afs/check.js';
import { cpsiCommand, rmCommand, touchCommand } from './afs/files.js';
import { lsCommand } from './afs/ls.js';
import {
  explainCommand,
  previewmoodCommand,
  selectCommand,
  upcomingCommand,
} from './afs/select.js';
import { CommandTable } from './run.js';
import { hupCommand, siCommand, tasksCommand, termCommand } from './server/control.js';
import { makeHelpCommand, versionCommand } from './server/info.js';
import { statCommand } from './server/stat.js';
import { playbackCommands } from './vss/playback.js';
import { senderCommand } from './vss/sender.js';
import type { AnyCommand, CommandDef, CommandKind } from './types.js';
import type { PermMask } from './perms.js';

/** A command whose name, kind and permission mask are literal types (see CommandDef). */
type TypedCommand = CommandDef<z.ZodType, unknown, string, CommandKind, PermMask>;

/** Every command with its full type: the web API derives its procedures and their types from this
 * list, so a command added here appears there too. (help is made by buildCommandTable.) */
export const COMMANDS = [
  addCommand,
  lsCommand,
  rmCommand,
  touchCommand,
  cpsiCommand,
  checkCommand,
  initCommand,
  addattCommand,
  rmattCommand,
  mvattCommand,
  lsattCommand,
  setattCommand,
  selectCommand,
  explainCommand,
  upcomingCommand,
  previewmoodCommand,
  ...blobCommandList,
  versionCommand,
  statCommand,
  hupCommand,
  termCommand,
  siCommand,
  tasksCommand,
  ...playbackCommands,
  senderCommand,
] as const satisfies readonly TypedCommand[];

/** help's own type, for the typed list of all commands */
export type HelpCommand = ReturnType<typeof makeHelpCommand>;
/** all commands of the table with their full types */
export type CommandList = readonly [...typeof COMMANDS, HelpCommand];

export function buildCommandTable(): CommandTable {
  const table: CommandTable = new CommandTable([
    ...(COMMANDS satisfies readonly AnyCommand[]),
    makeHelpCommand(
      () => table.all(),
      (name) => table.lookup(name),
    ),
  ]);
  return table;
}

export { CommandTable, runArgv, runInput, checkPermission } from './run.js';
export type { CommandResult } from './run.js';
export type {
  AnyCommand,
  CommandContext,
  CommandKind,
  CommandDef,
  CommandUser,
  ServerControl,
  Services,
} from './types.js';
export type { PermMask } from './perms.js';
export { PERMS, ALL_PERMS, permBits, permLetters, permText, parsePermList } from './perms.js';
export { PARAWEB_VERSION } from './server/info.js';
