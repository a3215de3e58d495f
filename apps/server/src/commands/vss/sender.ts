// The sender command (docs/paraslash/senders.md §1): lists the senders, or hands `sender <name> <subcommand>
// [args]` to the named one. A valid name with a bad subcommand or argument shows that sender's
// help (its status for `status`), as paraslash's check_sender_args does.
import { z } from 'zod';
import { ParaError } from '../../errors.js';
import { UNAVAILABLE_SENDERS } from '../../senders/index.js';
import { mustLead } from '../must-lead.js';
import { permBits } from '../perms.js';
import { defineCommand } from '../types.js';

/** paraslash's SENDER_SUBCOMMANDS: the ones that do something (help and status only show) */
const REAL_SUBCOMMANDS = new Set(['add', 'delete', 'allow', 'deny', 'on', 'off']);

export const senderCommand = defineCommand({
  name: 'sender',
  summary: 'list the senders, or control one of them',
  synopsis: 'sender [<sender> <subcommand> [arguments]]',
  description:
    'Without arguments: the names of the senders. sender <name> help|status|on|off; ' +
    'sender http allow|deny a.b.c.d[/n]; sender udp add|delete host[:port][/mps:k:n]; ' +
    'sender icecast add|delete icecast://[user:]password@host[:port]/mount (an Icecast 2.4 ' +
    'mount the stream is sent to as a source). ' +
    'Changes last until the server restarts.',
  perms: permBits('VSS_READ', 'VSS_WRITE'),
  kind: 'mutation',
  options: [],
  input: z.object({ args: z.array(z.string()).default([]) }),
  // the leader checks the name and the arguments again (help for a bad one, as here)
  onLeader: ({ args: [name, sub] }) =>
    sub !== undefined && REAL_SUBCOMMANDS.has(sub) ? `sender ${name} ${sub}` : undefined,
  async run({ services }, input) {
    const senders = services.senders;
    const [name, sub, ...rest] = input.args;
    if (name === undefined)
      return { text: (senders?.all() ?? []).map((s) => `${s.name}\n`).join('') };
    const unavailable = UNAVAILABLE_SENDERS[name];
    if (unavailable) throw new ParaError('E_UNSUPPORTED', `sender ${name}: ${unavailable}`);
    const sender = senders?.get(name);
    if (!sender) throw new ParaError('E_INVALID', `no such sender: ${name}`);
    const argc = sub === undefined ? undefined : sender.subcommands[sub];
    if (sub === undefined || !REAL_SUBCOMMANDS.has(sub) || argc !== rest.length) {
      return { text: sub === 'status' ? await sender.status() : sender.help() };
    }
    mustLead(services, `sender ${name} ${sub}`);
    const out = await sender.command(sub, rest);
    return { text: out ?? sender.help() };
  },
  render: (out) => out.text,
});
