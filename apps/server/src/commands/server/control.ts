// Commands that act on the server process: hup, term, si, tasks (docs/paraslash/commands.md §1).
import { z } from 'zod';
import { SUPPORTED_FORMATS } from '../../afs/index.js';
import { ParaError } from '../../errors.js';
import { permBits } from '../perms.js';
import { noArgs } from '../schema.js';
import type { ServerControl, Services } from '../types.js';
import { defineCommand } from '../types.js';

function control(services: Services, cmd: string): ServerControl {
  const c = services.server.control;
  if (!c) throw new ParaError('E_UNSUPPORTED', `${cmd}: only a running para_server can do this`);
  return c;
}

/** "2 days, 3:04" */
export function uptimeText(seconds: number): string {
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor(seconds / 3600) % 24;
  const minutes = Math.floor(seconds / 60) % 60;
  return `${days} day${days === 1 ? '' : 's'}, ${hours}:${String(minutes).padStart(2, '0')}`;
}

export const hupCommand = defineCommand({
  name: 'hup',
  summary: 're-read the config file, the user list and the tables; reopen the log file',
  synopsis: 'hup',
  description: 'Does what SIGHUP does.',
  perms: permBits('VSS_WRITE'),
  kind: 'mutation',
  options: [],
  input: z.object({ args: noArgs }),
  async run({ services }) {
    await control(services, 'hup').hup();
    return { users: services.users?.size };
  },
  render: () => '',
});

export const termCommand = defineCommand({
  name: 'term',
  summary: 'terminate para_server',
  synopsis: 'term',
  description: 'Shuts the server down cleanly, as SIGTERM does.',
  perms: permBits('VSS_READ', 'VSS_WRITE'),
  kind: 'mutation',
  options: [],
  input: z.object({ args: noArgs }),
  run({ services }) {
    const c = control(services, 'term');
    // after this command's own answer has been queued
    setImmediate(() => c.terminate());
    return Promise.resolve({});
  },
  render: () => '',
});

interface ServerInfo {
  uptimeSeconds: number;
  played: number;
  pid: number;
  connections: { active: number; authenticated: number; total: number };
  loglevel: string;
  formats: string;
}

export const siCommand = defineCommand({
  name: 'si',
  summary: 'print server info',
  synopsis: 'si',
  perms: 0,
  kind: 'query',
  options: [],
  input: z.object({ args: noArgs }),
  run({ services }): Promise<ServerInfo> {
    const c = services.server.control;
    return Promise.resolve({
      uptimeSeconds: Math.floor((Date.now() - services.server.startedAt.getTime()) / 1000),
      played: c?.played?.() ?? 0,
      pid: process.pid,
      connections: c?.connections() ?? { active: 0, authenticated: 0, total: 0 },
      loglevel: c?.loglevel() ?? 'warning',
      formats: SUPPORTED_FORMATS,
    });
  },
  render: (out) => {
    const { active, authenticated, total } = out.connections;
    return [
      `up: ${uptimeText(out.uptimeSeconds)}`,
      `played: ${out.played}`,
      `server_pid: ${out.pid}`,
      // afs runs inside the server process here
      `afs_pid: ${out.pid}`,
      `connections (active/accepted/total): ${active}/${authenticated}/${total}`,
      `current loglevel: ${out.loglevel}`,
      `supported audio formats: ${out.formats}`,
      '',
    ].join('\n');
  },
});

export const tasksCommand = defineCommand({
  name: 'tasks',
  summary: 'list the tasks of the server',
  synopsis: 'tasks',
  perms: 0,
  kind: 'query',
  options: [],
  input: z.object({ args: noArgs }),
  run({ services }) {
    return Promise.resolve({ tasks: services.server.control?.tasks() ?? [] });
  },
  render: (out) => {
    const width = Math.max(0, ...out.tasks.map((t) => t.name.length));
    return out.tasks.map((t) => `${t.name.padEnd(width)}  ${t.status}\n`).join('');
  },
});
