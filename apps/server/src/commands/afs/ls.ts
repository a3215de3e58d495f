// ls: list audio files in every paraslash listing mode and sort order.
import { z } from 'zod';
import type { AudioFileRecord } from '../../afs/index.js';
import { permBits } from '../perms.js';
import { args, flag } from '../schema.js';
import { defineCommand } from '../types.js';
import type { ListedFile } from './ls-format.js';
import { renderListing } from './ls-format.js';

const MODES = {
  s: 's',
  short: 's',
  l: 'l',
  long: 'l',
  v: 'v',
  verbose: 'v',
  p: 'p',
  'parser-friendly': 'p',
  m: 'm',
  mbox: 'm',
  c: 'c',
  'chunk-table': 'c',
} as const;
const SORTS = {
  p: 'path',
  path: 'path',
  l: 'lastPlayed',
  'last-played': 'lastPlayed',
  s: 'score',
  score: 'score',
  n: 'numPlayed',
  'num-played': 'numPlayed',
  f: 'frequency',
  frequency: 'frequency',
  c: 'channels',
  channels: 'channels',
  i: 'imageId',
  'image-id': 'imageId',
  y: 'lyricsId',
  'lyrics-id': 'lyricsId',
  b: 'bitrate',
  bitrate: 'bitrate',
  d: 'duration',
  duration: 'duration',
  a: 'format',
  'audio-format': 'format',
  h: 'hash',
  hash: 'hash',
} as const;
type SortKey = (typeof SORTS)[keyof typeof SORTS];

const modeSchema = z
  .enum(Object.keys(MODES) as [keyof typeof MODES, ...(keyof typeof MODES)[]], {
    message: 'listing mode must be one of s l v p m c',
  })
  .transform((m) => MODES[m]);
const sortSchema = z
  .enum(Object.keys(SORTS) as [keyof typeof SORTS, ...(keyof typeof SORTS)[]], {
    message: 'sort order must be one of p l s n f c i y b d a h',
  })
  .transform((s) => SORTS[s]);

function sortValue(f: AudioFileRecord, key: SortKey, score: number): number | string {
  switch (key) {
    case 'path':
      return f.path;
    case 'score':
      return score;
    case 'duration':
      return f.durationMs;
    default:
      return f[key];
  }
}

export const lsCommand = defineCommand({
  name: 'ls',
  summary: 'list audio files',
  synopsis: 'ls [-l[=mode]] [-p] [-a] [-r] [-d] [-s=order] [pattern...]',
  description:
    'Listing modes: s (short), l (long), v (verbose), p (parser-friendly), m (mbox), c (chunk table). Sort orders: p path, l last played, s score, n num played, f frequency, c channels, i image id, y lyrics id, b bitrate, d duration, a audio format, h hash.',
  perms: permBits('AFS_READ'),
  kind: 'query',
  options: [
    {
      key: 'listingMode',
      short: 'l',
      long: 'listing-mode',
      arg: 'optional',
      implicit: 'l',
      help: 'listing mode (default: long)',
    },
    { key: 'fullPath', short: 'p', long: 'full-path', arg: 'none', help: 'print full paths' },
    {
      key: 'admissible',
      short: 'a',
      long: 'admissible',
      arg: 'none',
      help: 'only files admissible for the current mood or playlist',
    },
    { key: 'reverse', short: 'r', long: 'reverse', arg: 'none', help: 'reverse the sort order' },
    {
      key: 'unixDate',
      short: 'd',
      long: 'unix-date',
      arg: 'none',
      help: 'print dates as seconds since the epoch',
    },
    { key: 'sort', short: 's', long: 'sort', arg: 'required', help: 'sort order' },
  ],
  input: z.object({
    listingMode: modeSchema.default('s'),
    fullPath: flag,
    admissible: flag,
    reverse: flag,
    unixDate: flag,
    sort: sortSchema.default('path'),
    args,
  }),
  async run(ctx, input) {
    const { afs } = ctx.services;
    const admissibleOnly = input.admissible || input.sort === 'score';
    const scores = admissibleOnly ? afs.admissible() : undefined;
    let files = afs.files.match(input.args);
    if (scores) files = files.filter((f) => scores.has(f.id));
    const listed: ListedFile[] = files.map((file) => ({ file, score: scores?.get(file.id) }));
    const key = input.sort;
    listed.sort((a, b) => {
      const va = sortValue(a.file, key, a.score ?? 0);
      const vb = sortValue(b.file, key, b.score ?? 0);
      if (va < vb) return -1;
      if (va > vb) return 1;
      return a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0;
    });
    if (input.reverse) listed.reverse();
    if (input.listingMode === 'c') {
      for (const l of listed) l.chunkTable = (await afs.files.chunkTable(l.file.id))?.offsets;
    }
    return { files: listed, admissible: admissibleOnly };
  },
  render(out, input, { afs }) {
    return renderListing(out.files, {
      mode: input.listingMode,
      fullPath: input.fullPath,
      admissible: out.admissible,
      unixDate: input.unixDate,
      attributes: afs.attributes,
      images: afs.blobs.img,
      lyrics: afs.blobs.lyr,
    });
  },
});
