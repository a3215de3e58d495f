// The rule that names the web API's paths: a command's group is the folder of commands/ it lives
// in (afs.ls, afs.add, vss.play, server.stat, server.help), never its permission bits, so a change
// of permissions moves no URL. In 0.1.0 the paths followed the permission bits (an afs bit:
// `afs.*`; vss bits only: `vss.*`; none: `server.*`); the commands whose group changed keep their
// old path as an alias for one release (docs/api.md).
import { groupOf, PERMS } from '../../commands/index.js';
import type { CommandGroup, CommandList, CommandsOf } from '../../commands/index.js';

export { COMMAND_GROUPS, groupOf } from '../../commands/index.js';
export type { CommandGroup, CommandsOf } from '../../commands/index.js';

/** one command of the table with its full type */
export type TypedCommand = CommandList[number];

/** masks with an afs bit, and masks with vss bits only (see PermMask) */
type AfsMask = 1 | 2 | 3 | 5 | 6 | 7 | 9 | 10 | 11 | 13 | 14 | 15;
type VssMask = 4 | 8 | 12;

/** the old rule (0.1.0) on the literal mask type */
type PermGroupOf<P> = P extends 0
  ? 'server'
  : P extends VssMask
    ? 'vss'
    : P extends AfsMask
      ? 'afs'
      : never;

/** the old rule: the group a command's permission bits gave it */
export function permGroupOf(perms: number): CommandGroup {
  if (perms & (PERMS.AFS_READ | PERMS.AFS_WRITE)) return 'afs';
  if (perms & (PERMS.VSS_READ | PERMS.VSS_WRITE)) return 'vss';
  return 'server';
}

/** the commands of 0.1.0 whose group changed; commands added since have no old path */
const MOVED = ['hup', 'stat', 'term'] as const;
type MovedName = (typeof MOVED)[number];

/** The old group of a command whose group changed (its alias lives there), else undefined. */
export function legacyGroupOf(cmd: { name: string; perms: number }): CommandGroup | undefined {
  if (!(MOVED as readonly string[]).includes(cmd.name)) return undefined;
  const old = permGroupOf(cmd.perms);
  return old === groupOf(cmd.name) ? undefined : old;
}

/** the commands that still answer at an old path in group G (hup, term and stat in `vss`) */
export type LegacyCommandsOf<G extends CommandGroup> = TypedCommand extends infer D
  ? D extends TypedCommand
    ? G extends PermGroupOf<D['perms']>
      ? D extends CommandsOf<G> | { name: Exclude<D['name'], MovedName> }
        ? never
        : D
      : never
    : never
  : never;
