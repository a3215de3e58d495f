// addatt, rmatt, mvatt, lsatt, setatt: the attribute table and the attribute bits of files.
import { z } from 'zod';
import { fnmatch } from '../../afs/index.js';
import { ParaError } from '../../errors.js';
import { fewOf } from '../echo.js';
import { permBits } from '../perms.js';
import { exactArgs, someArgs } from '../schema.js';
import { defineCommand } from '../types.js';
import { namedListInput, namedListOptions, renderNamed, sortNamed } from './named-list.js';

const WRITE = permBits('AFS_READ', 'AFS_WRITE');

export const addattCommand = defineCommand({
  name: 'addatt',
  summary: 'add new attributes',
  synopsis: 'addatt attribute...',
  description: 'At most 64 attributes exist; each gets the lowest free bit number.',
  perms: WRITE,
  kind: 'mutation',
  options: [],
  input: z.object({ args: someArgs('attribute') }),
  async run({ services }, input) {
    const added = await services.afs.attributes.add(input.args);
    return { added: added.map(([name, bit]) => ({ name, bit })) };
  },
  render: (out) => out.added.map((a) => `added ${a.name} as bit ${a.bit}\n`).join(''),
});

export const rmattCommand = defineCommand({
  name: 'rmatt',
  summary: 'remove attributes',
  synopsis: 'rmatt pattern...',
  description: 'The bits of the removed attributes are cleared in every audio file.',
  perms: WRITE,
  kind: 'mutation',
  options: [],
  input: z.object({ args: someArgs('pattern') }),
  async run({ services }, input) {
    const removed = await services.afs.attributes.remove(input.args);
    return { removed: removed.map(([name, bit]) => ({ name, bit })) };
  },
  render: (out) => out.removed.map((a) => `removed attribute ${a.name}\n`).join(''),
});

export const mvattCommand = defineCommand({
  name: 'mvatt',
  summary: 'rename an attribute',
  synopsis: 'mvatt old new',
  perms: WRITE,
  kind: 'mutation',
  options: [],
  input: z.object({ args: exactArgs(2, 'old new') }),
  async run({ services }, input) {
    const [oldName, newName] = input.args as [string, string];
    await services.afs.attributes.rename(oldName, newName);
    return { oldName, newName };
  },
  render: () => '',
});

export const lsattCommand = defineCommand({
  name: 'lsatt',
  summary: 'list attributes',
  synopsis: 'lsatt [-i] [-l] [-r] [pattern...]',
  perms: permBits('AFS_READ'),
  kind: 'query',
  options: namedListOptions('bit number'),
  input: namedListInput,
  run({ services }, input) {
    const list = services.afs.attributes
      .entries()
      .filter(([name]) => input.args.length === 0 || input.args.some((p) => fnmatch(p, name)))
      .map(([name, bit]) => ({ name, id: bit }));
    return Promise.resolve({ attributes: sortNamed(list, input) });
  },
  render: (out, input) => renderNamed(out.attributes, input),
});

export const setattCommand = defineCommand({
  name: 'setatt',
  summary: 'set or clear attributes of audio files',
  synopsis: 'setatt attribute{+|-}... pattern...',
  description: 'Example: setatt rock+ jazz- /music/*',
  perms: WRITE,
  kind: 'mutation',
  options: [],
  input: z.object({
    args: z.array(z.string()).min(2, 'at least one attribute{+|-} and one pattern are needed'),
  }),
  async run({ services }, input) {
    const { afs } = services;
    let set = 0n;
    let clear = 0n;
    let i = 0;
    for (; i < input.args.length; i++) {
      const a = input.args[i]!;
      const op = a.at(-1);
      if (op !== '+' && op !== '-') break;
      const name = a.slice(0, -1);
      const bit = afs.attributes.bit(name);
      if (bit === undefined) throw new ParaError('E_NOT_FOUND', `no such attribute: ${name}`);
      if (op === '+') set |= 1n << BigInt(bit);
      else clear |= 1n << BigInt(bit);
    }
    const patterns = input.args.slice(i);
    if (i === 0) throw new ParaError('E_SYNTAX', 'setatt: no attribute{+|-} given');
    if (patterns.length === 0) throw new ParaError('E_SYNTAX', 'setatt: no pattern given');
    const files = afs.files.match(patterns);
    if (files.length === 0)
      throw new ParaError('E_NO_MATCH', `no matches: ${fewOf(patterns, 'pattern')}`);
    // bits set and cleared by the database itself: another process may change the same files
    const changed = await afs.files.changeAfsi(
      files.map((f) => ({ id: f.id, setBits: set, clearBits: clear })),
    );
    return { matched: files.length, changed: changed.length };
  },
  render: () => '',
});
