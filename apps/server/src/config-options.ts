// Every option of para_server that paraweb knows (docs/paraslash/server-options.md), with paraslash's names and
// defaults, plus paraweb's own (marked). This table is the one place options are documented.
// The table is split by subsystem under config-options/; its order is the order of --help.
import { CORE_OPTIONS } from './config-options/core.js';
import { LIBRARY_OPTIONS } from './config-options/library.js';
import { SENDER_OPTIONS } from './config-options/senders.js';
import type { ServerOption } from './config-options/types.js';
import { WEB_OPTIONS } from './config-options/web.js';

export type { OptionType, ServerOption } from './config-options/types.js';
export { LOGLEVELS } from './config-options/types.js';

export const SERVER_OPTIONS: readonly ServerOption[] = [
  ...CORE_OPTIONS,
  ...LIBRARY_OPTIONS,
  ...SENDER_OPTIONS,
  ...WEB_OPTIONS,
];

/** For the CLI tools: server options come first; the first word that is not one starts the command. */
export function splitServerArgs(argv: string[]): { serverArgs: string[]; command: string[] } {
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return { serverArgs: argv.slice(0, i), command: argv.slice(i + 1) };
    if (!a.startsWith('-')) break;
    const name = a.startsWith('--') ? a.slice(2).split('=')[0] : undefined;
    const opt = SERVER_OPTIONS.find((o) => (name ? o.name === name : o.short === a[1]));
    const hasInline = a.includes('=') || (!name && a.length > 2);
    if (opt && opt.type !== 'flag' && !hasInline) i++;
  }
  return { serverArgs: argv.slice(0, i), command: argv.slice(i) };
}
