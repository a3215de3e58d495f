// The command table: every command declared once, served by every door.
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
import { makeHelpCommand, versionCommand } from './server/info.js';
import type { AnyCommand } from './types.js';

export function buildCommandTable(): CommandTable {
  const commands: AnyCommand[] = [
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
  ];
  const table: CommandTable = new CommandTable([
    ...commands,
    makeHelpCommand(
      () => table.all(),
      (name) => table.lookup(name),
    ),
  ]);
  return table;
}

export { CommandTable, runArgv, runInput, checkPermission } from './run.js';
export type { CommandResult } from './run.js';
export type { AnyCommand, CommandContext, CommandDef, CommandUser, Services } from './types.js';
export { PERMS, ALL_PERMS, permBits, permLetters, permText, parsePermList } from './perms.js';
export { PARAWEB_VERSION } from './server/info.js';
