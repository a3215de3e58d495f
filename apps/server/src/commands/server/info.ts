// help and version: commands that need no permission.
import { z } from 'zod';
import { ParaError } from '../../errors.js';
import { permLetters, permText } from '../perms.js';
import { flag } from '../schema.js';
import type { AnyCommand } from '../types.js';
import { defineCommand } from '../types.js';
import { PARAWEB_VERSION } from '../../version.js';

export { PARAWEB_VERSION };
/** the paraslash version whose behaviour we follow */
export const PARASLASH_COMPAT = '0.7';

/** paraslash's help spells an empty permission set this way (docs/paraslash/commands.md §0) */
const helpPerms = (bits: number): string =>
  bits === 0 ? 'NO_PERMISSION_REQUIRED' : permText(bits);

function commandHelp(cmd: AnyCommand, long: boolean): string {
  let out = `usage: ${cmd.synopsis}\n${cmd.summary}\n`;
  if (long && cmd.description) out += `\n${cmd.description}\n`;
  if (cmd.options.length > 0) {
    out += '\n';
    for (const o of cmd.options) {
      const arg = o.arg === 'required' ? '=<arg>' : o.arg === 'optional' ? '[=<arg>]' : '';
      const flags = `${o.short ? `-${o.short}, ` : '    '}--${o.long}${arg}`;
      out += `  ${flags.padEnd(30)} ${o.help}\n`;
    }
  }
  return `${out}\nPermissions: ${helpPerms(cmd.perms)}\n`;
}

interface HelpOutput {
  commands: { name: string; summary: string; perms: number }[];
  /** the help text of one command, when one was asked for */
  help: string | undefined;
}

/** help needs the table it describes; the table passes itself in. */
export function makeHelpCommand(list: () => AnyCommand[], lookup: (name: string) => AnyCommand) {
  const help = defineCommand({
    name: 'help',
    summary: 'list commands or show the help of one command',
    synopsis: 'help [-l] [command]',
    perms: 0,
    kind: 'query',
    options: [{ key: 'long', short: 'l', long: 'long', arg: 'none', help: 'long help' }],
    input: z.object({ long: flag, args: z.array(z.string()).max(1) }),
    run(_ctx, input): Promise<HelpOutput> {
      const name = input.args[0];
      if (name === undefined) {
        return Promise.resolve({
          commands: list().map((c) => ({ name: c.name, summary: c.summary, perms: c.perms })),
          help: undefined,
        });
      }
      try {
        const cmd = lookup(name);
        return Promise.resolve({ commands: [], help: commandHelp(cmd, input.long) });
      } catch (err) {
        return Promise.reject(
          err instanceof ParaError ? err : new ParaError('E_NOT_FOUND', String(err)),
        );
      }
    },
    render(out, input) {
      if (out.help !== undefined) return out.help;
      const width = Math.max(...out.commands.map((c) => c.name.length));
      return out.commands
        .map((c) =>
          input.long
            ? `${c.name.padEnd(width)}  ${c.summary}\n${' '.repeat(width + 2)}${helpPerms(c.perms)}\n`
            : `${c.name.padEnd(width)}  ${permLetters(c.perms)}  ${c.summary}\n`,
        )
        .join('');
    },
  });
  return help;
}

export const versionCommand = defineCommand({
  name: 'version',
  summary: 'print the server version',
  synopsis: 'version [-v]',
  perms: 0,
  kind: 'query',
  options: [
    { key: 'verbose', short: 'v', long: 'verbose', arg: 'none', help: 'multi-line version text' },
  ],
  input: z.object({ verbose: flag, args: z.array(z.string()).max(0).default([]) }),
  run({ services }) {
    return Promise.resolve({
      version: services.server.version,
      paraslash: PARASLASH_COMPAT,
      node: process.version,
    });
  },
  render: (out, input) =>
    input.verbose
      ? `para_server ${out.version} (paraweb, paraslash ${out.paraslash} compatible)\nnode ${out.node}\nLicense: GPL-2.0-or-later\n`
      : `para_server ${out.version} (paraweb)\n`,
});
