// rm, touch, cpsi: remove audio files from the table and change their afs info.
import { z } from 'zod';
import type { Afsi, AfsiChange, AudioFileRecord } from '../../afs/index.js';
import { ParaError } from '../../errors.js';
import { fewOf } from '../echo.js';
import { permBits } from '../perms.js';
import { flag, int, someArgs } from '../schema.js';
import type { Services } from '../types.js';
import { defineCommand } from '../types.js';

const WRITE = permBits('AFS_READ', 'AFS_WRITE');
const U32 = 0xffffffff;
const pathnameOpt = {
  key: 'pathname',
  short: 'p',
  long: 'pathname-match',
  arg: 'none',
  help: "wildcards do not match '/'",
} as const;
const verboseOpt = {
  key: 'verbose',
  short: 'v',
  long: 'verbose',
  arg: 'none',
  help: 'print a line per file',
} as const;

function matching(
  services: Services,
  patterns: string[],
  pathname: boolean,
  force = false,
): AudioFileRecord[] {
  const files = services.afs.files.match(patterns, pathname);
  if (files.length === 0 && !force) {
    throw new ParaError('E_NO_MATCH', `no matches: ${fewOf(patterns, 'pattern')}`);
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** the fields that have a value */
function defined(fields: Partial<Afsi>): Partial<Afsi> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

const lines = (paths: string[], verb: string): string =>
  paths.map((p) => `${verb} ${p}\n`).join('');

export const rmCommand = defineCommand({
  name: 'rm',
  summary: 'remove entries from the audio file table',
  synopsis: 'rm [-v] [-f] [-p] pattern...',
  perms: WRITE,
  kind: 'mutation',
  options: [
    verboseOpt,
    { key: 'force', short: 'f', long: 'force', arg: 'none', help: 'no error if nothing matched' },
    pathnameOpt,
  ],
  input: z.object({ verbose: flag, force: flag, pathname: flag, args: someArgs('pattern') }),
  async run({ services }, input) {
    const files = matching(services, input.args, input.pathname, input.force);
    await services.afs.files.remove(files);
    return { removed: files.map((f) => f.path) };
  },
  render: (out, input) => (input.verbose ? lines(out.removed, 'removing') : ''),
});

export const touchCommand = defineCommand({
  name: 'touch',
  summary: 'manipulate the afs info of audio files',
  synopsis: 'touch [-n num] [-l secs] [-i id] [-y id] [-a amp] [-v] [-p] pattern...',
  description:
    'Without -n, -l, -i, -y and -a the files count as just played: last played becomes now and num played grows by one.',
  perms: WRITE,
  kind: 'mutation',
  options: [
    { key: 'numPlayed', short: 'n', long: 'numplayed', arg: 'required', help: 'set num_played' },
    {
      key: 'lastPlayed',
      short: 'l',
      long: 'lastplayed',
      arg: 'required',
      help: 'set last_played (seconds since the epoch)',
    },
    {
      key: 'imageId',
      short: 'i',
      long: 'image-id',
      arg: 'required',
      help: 'set the image id (0 = none)',
    },
    {
      key: 'lyricsId',
      short: 'y',
      long: 'lyrics-id',
      arg: 'required',
      help: 'set the lyrics id (0 = none)',
    },
    {
      key: 'amp',
      short: 'a',
      long: 'amp',
      arg: 'required',
      help: 'set the amplification (0..255)',
    },
    verboseOpt,
    pathnameOpt,
  ],
  input: z.object({
    numPlayed: int(0, U32).optional(),
    lastPlayed: int(0, Number.MAX_SAFE_INTEGER).optional(),
    imageId: int(0, U32).optional(),
    lyricsId: int(0, U32).optional(),
    amp: int(0, 255).optional(),
    verbose: flag,
    pathname: flag,
    args: someArgs('pattern'),
  }),
  async run({ services }, input) {
    const { afs } = services;
    if (input.imageId && afs.blobs.img.nameOf(input.imageId) === undefined) {
      throw new ParaError('E_NOT_FOUND', `no image with id ${input.imageId}`);
    }
    if (input.lyricsId && afs.blobs.lyr.nameOf(input.lyricsId) === undefined) {
      throw new ParaError('E_NOT_FOUND', `no lyrics with id ${input.lyricsId}`);
    }
    const files = matching(services, input.args, input.pathname);
    const asPlay = [
      input.numPlayed,
      input.lastPlayed,
      input.imageId,
      input.lyricsId,
      input.amp,
    ].every((v) => v === undefined);
    const now = Math.floor(Date.now() / 1000);
    // only what was asked for is written; a play is counted by the database (+1)
    const { numPlayed, lastPlayed, imageId, lyricsId, amp } = input;
    const change: Omit<AfsiChange, 'id'> = asPlay
      ? { addPlayed: 1, set: { lastPlayed: now } }
      : { set: defined({ numPlayed, lastPlayed, imageId, lyricsId, amp }) };
    await afs.files.changeAfsi(files.map((f) => ({ ...change, id: f.id })));
    return { touched: files.map((f) => f.path) };
  },
  render: (out, input) => (input.verbose ? lines(out.touched, 'touching') : ''),
});

export const cpsiCommand = defineCommand({
  name: 'cpsi',
  summary: 'copy the afs info of one file to others',
  synopsis: 'cpsi [-a] [-y] [-i] [-l] [-n] [-v] source pattern...',
  description:
    'Without -a, -y, -i, -l and -n all of attributes, lyrics id, image id, last played and num played are copied.',
  perms: WRITE,
  kind: 'mutation',
  options: [
    {
      key: 'attributes',
      short: 'a',
      long: 'attribute-bitmap',
      arg: 'none',
      help: 'copy the attributes',
    },
    { key: 'lyricsId', short: 'y', long: 'lyrics-id', arg: 'none', help: 'copy the lyrics id' },
    { key: 'imageId', short: 'i', long: 'image-id', arg: 'none', help: 'copy the image id' },
    { key: 'lastPlayed', short: 'l', long: 'lastplayed', arg: 'none', help: 'copy last played' },
    { key: 'numPlayed', short: 'n', long: 'numplayed', arg: 'none', help: 'copy num played' },
    verboseOpt,
  ],
  input: z.object({
    attributes: flag,
    lyricsId: flag,
    imageId: flag,
    lastPlayed: flag,
    numPlayed: flag,
    verbose: flag,
    args: z.array(z.string()).min(2, 'a source and at least one pattern are needed'),
  }),
  async run({ services }, input) {
    const [source, ...patterns] = input.args as [string, ...string[]];
    const src = services.afs.files.getByPath(source);
    if (!src) throw new ParaError('E_NOT_FOUND', `no such audio file: ${source}`);
    const all =
      !input.attributes &&
      !input.lyricsId &&
      !input.imageId &&
      !input.lastPlayed &&
      !input.numPlayed;
    const pick = (sel: boolean): boolean => all || sel;
    const targets = matching(services, patterns, false).filter((f) => f.id !== src.id);
    // only the copied fields are written
    const set: Partial<Afsi> = {
      ...(pick(input.attributes) && { attributes: src.attributes }),
      ...(pick(input.lyricsId) && { lyricsId: src.lyricsId }),
      ...(pick(input.imageId) && { imageId: src.imageId }),
      ...(pick(input.lastPlayed) && { lastPlayed: src.lastPlayed }),
      ...(pick(input.numPlayed) && { numPlayed: src.numPlayed }),
    };
    await services.afs.files.changeAfsi(targets.map((f) => ({ id: f.id, set })));
    return { source: src.path, modified: targets.map((f) => f.path) };
  },
  render: (out, input) =>
    input.verbose ? lines(out.modified, `copied afs info of ${out.source} to`) : '',
});
