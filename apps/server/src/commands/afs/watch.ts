// watched, watch, unwatch: the folders afs follows by itself (issue #19; afs/watch).
import { z } from 'zod';
import type { FolderWatch, WatchStatus } from '../../afs/index.js';
import { HANDLERS } from '../../afs/index.js';
import { ParaError } from '../../errors.js';
import { permBits } from '../perms.js';
import { noArgs, someArgs } from '../schema.js';
import type { Services } from '../types.js';
import { defineCommand } from '../types.js';

function watcherOf(services: Services): FolderWatch {
  if (!services.watch)
    throw new ParaError('E_UNSUPPORTED', 'watched folders need the running server');
  return services.watch;
}

/** The suffixes of the audio formats, lower case, without the dot (what uploads accept). */
export const audioSuffixes = (): string[] => [
  ...new Set(HANDLERS.flatMap((h) => h.suffixes.map((s) => s.replace(/^\./, '').toLowerCase()))),
];

const seconds = (ms: number): string => `${+(ms / 1000).toFixed(1)} s`;

function renderStatus(s: WatchStatus): string {
  const lines: string[] = [];
  if (s.roots.length === 0) lines.push('no watched folders');
  for (const r of s.roots) {
    const by =
      r.source === 'option' ? '--afs-watch' : `watch${r.addedBy ? ` by ${r.addedBy}` : ''}`;
    lines.push(`${r.path}: ${r.mode === 'kernel' ? 'kernel events' : r.mode} (${by})`);
    if (r.reason) lines.push(`  why not kernel events: ${r.reason}`);
    if (r.error) lines.push(`  error: ${r.error}`);
    if (r.lastScan)
      lines.push(
        `  last scan ${r.lastScan.at}: ${r.lastScan.files} files in ${r.lastScan.ms} ms, ${r.lastScan.changed} to add, ${r.lastScan.missing} missing`,
      );
    if (r.scanning) lines.push('  scanning now');
  }
  const c = s.counts;
  lines.push(
    `waiting to settle: ${s.pending}, to add: ${s.queued}, missing rows: ${s.missing}`,
    `since start: ${c.added} added, ${c.updated} updated, ${c.renamed} renamed, ${c.restored} restored, ${c.missing} gone, ${c.purged} rows removed`,
    `settle ${seconds(s.settleMs)}, scan every ${seconds(s.scanIntervalMs)}, missing rows kept ${seconds(s.graceSeconds * 1000)}`,
  );
  for (const e of s.errors.slice(0, 20))
    lines.push(`error: ${JSON.stringify(e.path)}: ${e.reason}`);
  if (s.errors.length > 20) lines.push(`... ${s.errors.length - 20} more errors`);
  return lines.map((l) => `${l}\n`).join('');
}

export const watchedCommand = defineCommand({
  name: 'watched',
  summary: 'show the watched folders',
  synopsis: 'watched',
  description:
    'The folders afs follows by itself (--afs-watch, watch): how (kernel events or a periodic scan, and why), the last scan, files waiting until they stop growing, missing rows and errors per file.',
  perms: permBits('AFS_READ'),
  kind: 'query',
  options: [],
  input: z.object({ args: noArgs }),
  run: ({ services }) => Promise.resolve(watcherOf(services).status()),
  render: renderStatus,
});

/** what watch and unwatch share: directories as arguments, the right to change the library */
const ROOTS = {
  perms: permBits('AFS_READ', 'AFS_WRITE'),
  kind: 'mutation',
  options: [],
  input: z.object({ args: someArgs('directory') }),
} as const;

export const watchCommand = defineCommand({
  name: 'watch',
  summary: 'watch more folders',
  synopsis: 'watch dir...',
  description:
    'Adds new and changed audio files of these trees as they appear, follows moves and marks deleted files missing. The folders are stored in the database: they stay watched after a restart, until unwatch.',
  ...ROOTS,
  async run({ services, user }, input) {
    const out = [];
    for (const dir of input.args) out.push(await watcherOf(services).addRoot(dir, user.name));
    return out;
  },
  render: (roots) =>
    roots
      .map((r) => `watching ${r.path}: ${r.mode === 'kernel' ? 'kernel events' : r.reason}\n`)
      .join(''),
});

export const unwatchCommand = defineCommand({
  name: 'unwatch',
  summary: 'stop watching folders',
  synopsis: 'unwatch dir...',
  description:
    'The rows of their files stay as they are. A folder of --afs-watch is watched again at the next start.',
  ...ROOTS,
  async run({ services }, input) {
    const out = [];
    for (const dir of input.args) out.push(await watcherOf(services).removeRoot(dir));
    return out;
  },
  render: (roots) =>
    roots
      .map(
        (r) =>
          `no longer watching ${r.path}${r.option ? ' (until the restart: --afs-watch names it)' : ''}\n`,
      )
      .join(''),
});
