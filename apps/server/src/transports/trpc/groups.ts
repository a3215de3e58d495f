// The rule that names the web API's paths: a command's group follows from its permission bits.
// Commands that need an afs permission are `afs.*`, those that need only vss permissions are
// `vss.*`, those that need none are `server.*` (afs.ls, afs.add, vss.play, vss.stat, server.help).
import { PERMS } from '../../commands/index.js';
import type { CommandList } from '../../commands/index.js';

export const COMMAND_GROUPS = ['afs', 'vss', 'server'] as const;
export type CommandGroup = (typeof COMMAND_GROUPS)[number];

/** masks with an afs bit, and masks with vss bits only (see PermMask) */
type AfsMask = 1 | 2 | 3 | 5 | 6 | 7 | 9 | 10 | 11 | 13 | 14 | 15;
type VssMask = 4 | 8 | 12;

/** the same rule as groupOf(), on the literal mask type */
export type GroupOf<P> = P extends 0
  ? 'server'
  : P extends VssMask
    ? 'vss'
    : P extends AfsMask
      ? 'afs'
      : never;

export function groupOf(perms: number): CommandGroup {
  if (perms & (PERMS.AFS_READ | PERMS.AFS_WRITE)) return 'afs';
  if (perms & (PERMS.VSS_READ | PERMS.VSS_WRITE)) return 'vss';
  return 'server';
}

/** one command of the table with its full type */
export type TypedCommand = CommandList[number];
/** the commands of one group */
export type CommandsOf<G extends CommandGroup> = TypedCommand extends infer D
  ? D extends TypedCommand
    ? G extends GroupOf<D['perms']>
      ? D
      : never
    : never
  : never;
