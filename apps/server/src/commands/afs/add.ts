// add: scan files and directories into the audio file table.
import { z } from 'zod';
import { firstReasons } from '../echo.js';
import { permBits } from '../perms.js';
import { flag, someArgs } from '../schema.js';
import { defineCommand } from '../types.js';

export const addCommand = defineCommand({
  name: 'add',
  summary: 'add or update audio files',
  synopsis: 'add [-a] [-l] [-f] [-v] path...',
  description:
    'Each path must be absolute and name an audio file or a directory; directories are scanned recursively. Files are identified by content: a known file under a new path is a rename, a second copy is a duplicate.',
  perms: permBits('AFS_READ', 'AFS_WRITE'),
  kind: 'mutation',
  options: [
    {
      key: 'all',
      short: 'a',
      long: 'all',
      arg: 'none',
      help: 'add all files, not only those with a known audio suffix',
    },
    {
      key: 'lazy',
      short: 'l',
      long: 'lazy',
      arg: 'none',
      help: 'skip paths already in the database',
    },
    {
      key: 'force',
      short: 'f',
      long: 'force',
      arg: 'none',
      help: 'recompute the audio format info of known files',
    },
    { key: 'verbose', short: 'v', long: 'verbose', arg: 'none', help: 'report each action' },
  ],
  input: z.object({ all: flag, lazy: flag, force: flag, verbose: flag, args: someArgs('path') }),
  async run(ctx, input) {
    return ctx.services.afs.add(input.args, input, {
      log: (line) => ctx.log(line),
      progress: (p) => ctx.progress?.(p),
      signal: ctx.signal,
    });
  },
  failure: (r) =>
    r.errors.length === 0
      ? undefined
      : `add: ${r.errors.length} file${r.errors.length === 1 ? '' : 's'} not added: ${firstReasons(r.errors)}`,
  render(r) {
    const parts = [`${r.added} added`, `${r.updated} updated`, `${r.renamed} renamed`];
    if (r.restored) parts.push(`${r.restored} restored`);
    if (r.unchanged) parts.push(`${r.unchanged} unchanged`);
    if (r.lazyIgnored) parts.push(`${r.lazyIgnored} lazily ignored`);
    if (r.duplicates) parts.push(`${r.duplicates} duplicates`);
    parts.push(`${r.skipped} skipped`);
    return `${r.cancelled ? 'cancelled: ' : ''}${r.scanned} files scanned: ${parts.join(', ')}\n`;
  },
});
