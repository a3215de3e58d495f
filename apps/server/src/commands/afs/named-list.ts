// The shared shape of lsatt and the ls* blob commands: -i id sort, -l long, -r reverse.
import { z } from 'zod';
import type { OptionSpec } from '../argv.js';
import { args, flag } from '../schema.js';

export interface Named {
  id: number;
  name: string;
}

export const namedListOptions = (idName: string): OptionSpec[] => [
  { key: 'idSort', short: 'i', long: 'id-sort', arg: 'none', help: `sort by ${idName}` },
  { key: 'long', short: 'l', long: 'long', arg: 'none', help: `print ${idName}s too` },
  { key: 'reverse', short: 'r', long: 'reverse', arg: 'none', help: 'reverse the order' },
];

export const namedListInput = z.object({ idSort: flag, long: flag, reverse: flag, args });
type NamedListInput = z.output<typeof namedListInput>;

export function sortNamed<T extends Named>(list: T[], input: NamedListInput): T[] {
  list.sort((a, b) =>
    input.idSort ? a.id - b.id : a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  if (input.reverse) list.reverse();
  return list;
}

export const renderNamed = (list: readonly Named[], input: NamedListInput): string =>
  list.map((n) => (input.long ? `${n.id}\t${n.name}\n` : `${n.name}\n`)).join('');
