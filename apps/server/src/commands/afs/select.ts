// select, and paraweb's read-only questions about selection: explain, upcoming, previewmood.
import { z } from 'zod';
import { basename } from '../../afs/index.js';
import { explain, preview, upcoming } from '../../afs/selection/index.js';
import { ParaError } from '../../errors.js';
import { mustLead } from '../must-lead.js';
import { permBits } from '../perms.js';
import { exactArgs, flag, int, someArgs } from '../schema.js';
import type { Services } from '../types.js';
import { defineCommand } from '../types.js';

const READ = permBits('AFS_READ');
const countOpt = {
  key: 'count',
  short: 'n',
  long: 'count',
  arg: 'required',
  help: 'how many files (default 10)',
} as const;
const fullPathOpt = {
  key: 'fullPath',
  short: 'p',
  long: 'full-path',
  arg: 'none',
  help: 'print full paths',
} as const;

function shown(services: Services, id: number, fullPath: boolean): string {
  const path = services.afs.files.get(id)?.path ?? `#${id}`;
  return fullPath ? path : basename(path);
}

/**
 * What select does: activate the mode (or fall back, see Selector.select) and tell the status.
 * The schedule changes the mode through this too (app.ts), so that both act alike.
 */
export async function selectMode(
  services: Services,
  spec: string,
): Promise<{ mode: string; admissible: number; lines: string[] }> {
  try {
    const r = await services.afs.selector.select(spec);
    return { mode: services.afs.selector.spec, admissible: r.admissible, lines: r.lines };
  } finally {
    // afs_mode changed (or fell back): dashboards should not wait for the minute refresh
    services.status?.changed?.();
  }
}

export const selectCommand = defineCommand({
  name: 'select',
  summary: 'activate a mood or a playlist',
  synopsis: 'select specifier/name',
  description:
    'm/<mood> activates a mood, p/<playlist> a playlist, dummy the dummy mood (all files). On failure the previous mode is re-activated, or the dummy mood if that fails too.',
  perms: permBits('AFS_READ', 'AFS_WRITE'),
  kind: 'mutation',
  options: [],
  input: z.object({ args: exactArgs(1, 'specifier/name') }),
  onLeader: () => 'select',
  async run({ services }, input) {
    // the mode of a node that does not stream would choose nothing anyone hears
    mustLead(services, 'select');
    return selectMode(services, input.args[0]!);
  },
  render: (out) => out.lines.map((l) => `${l}\n`).join(''),
});

export const explainCommand = defineCommand({
  name: 'explain',
  summary: '(paraweb) why a file has its score: the terms of the score formula',
  synopsis: 'explain path...',
  perms: READ,
  kind: 'query',
  options: [],
  input: z.object({ args: someArgs('path') }),
  run({ services }, input) {
    const { afs } = services;
    const out = input.args.map((p) => {
      const f = afs.files.getByPath(p);
      if (!f) throw new ParaError('E_NOT_FOUND', `no such audio file: ${p}`);
      return explain(afs.selector, f);
    });
    return Promise.resolve({ files: out });
  },
  render: (out) =>
    out.files
      .map((e) =>
        !e.admissible || !e.terms
          ? `${e.path}: not admissible in ${e.mode}\n`
          : `${e.path}: score ${e.score}, rank ${e.rank} of ${e.of} in ${e.mode}\n` +
            `  formula now: ${e.terms.total} = ${e.terms.numPlayed} (played ${e.numPlayed} times)` +
            ` + ${e.terms.lastPlayed} (last played ${lastPlayedText(e.numPlayed, e.lastPlayed)})` +
            ` + ${e.terms.mood} (mood)\n`,
      )
      .join(''),
});

/** a file never played keeps the date stored at add (a year before it): no date to show */
function lastPlayedText(numPlayed: number, lastPlayed: number): string {
  return numPlayed > 0 ? new Date(lastPlayed * 1000).toISOString() : 'never';
}

export const upcomingCommand = defineCommand({
  name: 'upcoming',
  summary: '(paraweb) the next files the server would choose, without changing anything',
  synopsis: 'upcoming [-n count] [-p]',
  perms: READ,
  kind: 'query',
  options: [countOpt, fullPathOpt],
  input: z.object({
    count: int(0, 10_000).default(10),
    fullPath: flag,
    args: z.array(z.string()).max(0).default([]),
  }),
  run({ services }, input) {
    return Promise.resolve({
      mode: services.afs.selector.spec,
      files: upcoming(services.afs.selector, input.count),
    });
  },
  render: (out, input, services) =>
    out.files
      .map((f, i) => `${i + 1}\t${f.score}\t${shown(services, f.id, input.fullPath)}\n`)
      .join(''),
});

export const previewmoodCommand = defineCommand({
  name: 'previewmood',
  summary: '(paraweb) what a mood would select, without storing or activating it',
  synopsis: 'previewmood [-n count] [-p]',
  description:
    'The mood text is read like addmood reads it (from the client). Prints the number of admissible files and the first ones in score order.',
  perms: READ,
  kind: 'query',
  readsData: true,
  options: [countOpt, fullPathOpt],
  input: z.object({
    count: int(0, 10_000).default(10),
    fullPath: flag,
    args: z.array(z.string()).max(0).default([]),
    /** structured doors pass the mood text here */
    text: z.string().optional(),
  }),
  async run(ctx, input) {
    let text = input.text;
    if (text === undefined) {
      if (!ctx.readData) throw new ParaError('E_INVALID', 'previewmood: no mood text');
      text = Buffer.from(await ctx.readData()).toString('utf8');
    }
    const { afs } = ctx.services;
    return preview(afs.files.all(), text, afs.moodContext(), input.count, ctx.signal);
  },
  render: (out, input, services) =>
    `${out.admissible} admissible file${out.admissible === 1 ? '' : 's'}\n` +
    out.files
      .map((f, i) => `${i + 1}\t${f.score}\t${shown(services, f.id, input.fullPath)}\n`)
      .join(''),
});
