// The streaming commands play, pause, stop, next, nomore, ff and jmp (docs/paraslash/commands.md §1): they set
// vss flags, print nothing, and succeed even when the request changes nothing.
import { z } from 'zod';
import { ParaError } from '../../errors.js';
import type { VssControl } from '../../vss/index.js';
import { parseFfSeconds } from '../../vss/index.js';
import { mustLead } from '../must-lead.js';
import { permBits } from '../perms.js';
import { exactArgs, noArgs } from '../schema.js';
import type { Services } from '../types.js';
import { defineCommand } from '../types.js';

export function vssOf(services: Services, cmd: string): VssControl {
  if (!services.vss)
    throw new ParaError('E_UNSUPPORTED', `${cmd}: only a running para_server streams`);
  mustLead(services, cmd);
  return services.vss;
}

export const playCommand = defineCommand({
  name: 'play',
  summary: 'start or resume streaming',
  synopsis: 'play',
  perms: permBits('VSS_READ', 'VSS_WRITE'),
  kind: 'mutation',
  onLeader: (): string => 'play',
  options: [],
  input: z.object({ args: noArgs }),
  async run({ services }) {
    await vssOf(services, 'play').play();
    return {};
  },
  render: () => '',
});

export const pauseCommand = defineCommand({
  name: 'pause',
  summary: 'pause the current stream',
  synopsis: 'pause',
  perms: permBits('VSS_READ', 'VSS_WRITE'),
  kind: 'mutation',
  onLeader: (): string => 'pause',
  options: [],
  input: z.object({ args: noArgs }),
  async run({ services }) {
    await vssOf(services, 'pause').pause();
    return {};
  },
  render: () => '',
});

export const stopCommand = defineCommand({
  name: 'stop',
  summary: 'stop streaming (closes the current file)',
  synopsis: 'stop',
  perms: permBits('VSS_READ', 'VSS_WRITE'),
  kind: 'mutation',
  onLeader: (): string => 'stop',
  options: [],
  input: z.object({ args: noArgs }),
  async run({ services }) {
    await vssOf(services, 'stop').stop();
    return {};
  },
  render: () => '',
});

export const nextCommand = defineCommand({
  name: 'next',
  summary: 'skip to the next audio file',
  synopsis: 'next',
  perms: permBits('VSS_READ', 'VSS_WRITE'),
  kind: 'mutation',
  onLeader: (): string => 'next',
  options: [],
  input: z.object({ args: noArgs }),
  async run({ services }) {
    await vssOf(services, 'next').next();
    return {};
  },
  render: () => '',
});

export const nomoreCommand = defineCommand({
  name: 'nomore',
  summary: 'stop after the current file has been streamed',
  synopsis: 'nomore',
  perms: permBits('VSS_READ', 'VSS_WRITE'),
  kind: 'mutation',
  onLeader: (): string => 'nomore',
  options: [],
  input: z.object({ args: noArgs }),
  async run({ services }) {
    await vssOf(services, 'nomore').nomore();
    return {};
  },
  render: () => '',
});

export const ffCommand = defineCommand({
  name: 'ff',
  summary: 'jump n seconds forward, or backward with n- or -n',
  synopsis: 'ff n[-]',
  description:
    'ff 30 skips 30 seconds; ff 30- (paraslash 0.6) and ff -30 (0.7) go back 30 seconds. A jump ' +
    'past the end skips to the next file; back beyond the start goes to the start.',
  perms: permBits('VSS_READ', 'VSS_WRITE'),
  kind: 'mutation',
  onLeader: (): string => 'ff',
  options: [],
  input: z.object({
    args: exactArgs(1, 'n[-]').refine(
      (a) => a.length !== 1 || parseFfSeconds(a[0]!) !== undefined,
      {
        message: 'want a number of seconds: n, n- or -n',
      },
    ),
  }),
  async run({ services }, input) {
    await vssOf(services, 'ff').ff(parseFfSeconds(input.args[0]!)!);
    return {};
  },
  render: () => '',
});

export const jmpCommand = defineCommand({
  name: 'jmp',
  summary: 'jump to n percent of the current file',
  synopsis: 'jmp n',
  description: 'n is 0..100; larger values count as 100 (the end: the next file starts).',
  perms: permBits('VSS_READ', 'VSS_WRITE'),
  kind: 'mutation',
  onLeader: (): string => 'jmp',
  options: [],
  input: z.object({
    args: exactArgs(1, 'n').refine((a) => a.length !== 1 || /^\d{1,9}$/.test(a[0]!.trim()), {
      message: 'want a percentage 0..100',
    }),
  }),
  async run({ services }, input) {
    await vssOf(services, 'jmp').jmp(Number(input.args[0]));
    return {};
  },
  render: () => '',
});

export const playbackCommands = [
  playCommand,
  pauseCommand,
  stopCommand,
  nextCommand,
  nomoreCommand,
  ffCommand,
  jmpCommand,
] as const;
