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
import { requestCommand } from './afs/request.js';
import { scheduleCommand } from './afs/schedule.js';
import { unwatchCommand, watchCommand, watchedCommand } from './afs/watch.js';
import { CommandTable } from './run.js';
import { hupCommand, siCommand, tasksCommand, termCommand } from './server/control.js';
import { makeHelpCommand, versionCommand } from './server/info.js';
import { statCommand } from './server/stat.js';
import { testhookCommand } from './server/webhooks.js';
import { playbackCommands } from './vss/playback.js';
import { senderCommand } from './vss/sender.js';
import { setstationCommand, stationCommand } from './vss/station.js';
import { renditionCommand } from './vss/rendition.js';
import { historyCommand } from './vss/history.js';
import { audienceCommand } from './vss/audience.js';
import { handoverCommand, leaderCommand } from './vss/leader.js';
import type { AnyCommand, CommandDef, CommandKind } from './types.js';
import type { PermMask } from './perms.js';

/** A command whose name, kind and permission mask are literal types (see CommandDef). */
type TypedCommand = CommandDef<z.ZodType, unknown, string, CommandKind, PermMask>;

/** The commands of commands/afs: the audio file selector's database, moods and playlists. */
const AFS_COMMANDS = [
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
  scheduleCommand,
  watchedCommand,
  watchCommand,
  unwatchCommand,
  requestCommand,
  ...blobCommandList,
] as const satisfies readonly TypedCommand[];

/** The commands of commands/server: the process (version, stat, hup, term, si, tasks; help). */
const SERVER_COMMANDS = [
  versionCommand,
  statCommand,
  hupCommand,
  termCommand,
  siCommand,
  tasksCommand,
  testhookCommand,
] as const satisfies readonly TypedCommand[];

/** The commands of commands/vss: the stream (play, pause, ..., sender). */
const VSS_COMMANDS = [
  ...playbackCommands,
  senderCommand,
  stationCommand,
  setstationCommand,
  renditionCommand,
  historyCommand,
  audienceCommand,
  leaderCommand,
  handoverCommand,
] as const satisfies readonly TypedCommand[];

/** Every command with its full type: the web API derives its procedures and their types from this
 * list, so a command added here appears there too. (help is made by buildCommandTable.) */
export const COMMANDS = [...AFS_COMMANDS, ...SERVER_COMMANDS, ...VSS_COMMANDS] as const;

/** The subsystem a command belongs to: the folder of commands/ it lives in. The web API's paths
 * follow it (afs.ls, vss.play, server.stat), so a change of permission bits moves no URL. */
export const COMMAND_GROUPS = ['afs', 'vss', 'server'] as const;
export type CommandGroup = (typeof COMMAND_GROUPS)[number];

/** help's own type, for the typed list of all commands */
export type HelpCommand = ReturnType<typeof makeHelpCommand>;
/** all commands of the table with their full types */
export type CommandList = readonly [...typeof COMMANDS, HelpCommand];

/** the commands of one group, with their full types */
export type CommandsOf<G extends CommandGroup> = {
  afs: (typeof AFS_COMMANDS)[number];
  vss: (typeof VSS_COMMANDS)[number];
  server: (typeof SERVER_COMMANDS)[number] | HelpCommand;
}[G];

const GROUP_BY_NAME = new Map<string, CommandGroup>([
  ...AFS_COMMANDS.map((c) => [c.name, 'afs'] as const),
  ...VSS_COMMANDS.map((c) => [c.name, 'vss'] as const),
  ...SERVER_COMMANDS.map((c) => [c.name, 'server'] as const),
  ['help', 'server'],
]);

/** The group of a command of the table (see COMMAND_GROUPS). */
export function groupOf(name: string): CommandGroup {
  const group = GROUP_BY_NAME.get(name);
  if (!group) throw new Error(`${name}: not a command of the table`);
  return group;
}

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
export { startForwarding, FORWARD_TIMEOUT_MS } from './forward/index.js';
export type { Forwarding, ForwardingOptions } from './forward/index.js';
export type { CommandResult } from './run.js';
export type {
  AnyCommand,
  CommandContext,
  CommandKind,
  CommandDef,
  CommandUser,
  LeaderControl,
  LeaderForward,
  ServerControl,
  Services,
} from './types.js';
export type { PermMask } from './perms.js';
export { PERMS, ALL_PERMS, permBits, permLetters, permText, parsePermList } from './perms.js';
export { PARAWEB_VERSION } from './server/info.js';
export { readImageFile, type ImageFile } from './afs/image-file.js';
export { selectMode } from './afs/select.js';
export { audioSuffixes } from './afs/watch.js';
export { rangeOf as audienceRange } from './vss/audience.js';
