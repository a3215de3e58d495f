// Permission bits of the user list (docs/paraslash/protocol.md §4) and their spellings in help output.
import { PERM_NAMES, PERMS, type PermName } from '@paraweb/contracts';

export { ALL_PERMS, PERM_NAMES, PERMS, type PermName } from '@paraweb/contracts';

/** The 16 masks by their bits written VSS_WRITE first ("1011" = 11): a lookup, because the type
 * system cannot add numbers. */
interface MaskByBits {
  '0000': 0;
  '0001': 1;
  '0010': 2;
  '0011': 3;
  '0100': 4;
  '0101': 5;
  '0110': 6;
  '0111': 7;
  '1000': 8;
  '1001': 9;
  '1010': 10;
  '1011': 11;
  '1100': 12;
  '1101': 13;
  '1110': 14;
  '1111': 15;
}
/** every value a permission mask can have */
export type PermMask = MaskByBits[keyof MaskByBits];
type Bit<N, K extends PermName> = K extends N ? '1' : '0';
/** the mask of a list of permission names, as a literal type (number for a list of unknown length) */
export type PermMaskOf<N extends readonly PermName[]> = number extends N['length']
  ? number
  : MaskByBits[`${Bit<N[number], 'VSS_WRITE'>}${Bit<N[number], 'VSS_READ'>}${Bit<N[number], 'AFS_WRITE'>}${Bit<N[number], 'AFS_READ'>}`];

/** The mask keeps its literal type, so the web API can group commands by permission at compile time. */
export function permBits<const N extends readonly PermName[]>(...names: N): PermMaskOf<N> {
  return names.reduce<number>((bits, n) => bits | PERMS[n], 0) as PermMaskOf<N>;
}

/** "a-v-" style: a AFS_READ, A AFS_WRITE, v VSS_READ, V VSS_WRITE */
export function permLetters(bits: number): string {
  return ['a', 'A', 'v', 'V'].map((ch, i) => (bits & (1 << i) ? ch : '-')).join('');
}

/** "AFS_READ | AFS_WRITE" style, "(none)" for no bits */
export function permText(bits: number): string {
  const names = PERM_NAMES.filter((n) => bits & PERMS[n]);
  return names.length === 0 ? '(none)' : names.join(' | ');
}

/** Parses "AFS_READ,VSS_READ" (the user list's spelling). */
export function parsePermList(text: string): number {
  let bits = 0;
  for (const part of text.split(/[,|\s]+/).filter(Boolean)) {
    if (!(part in PERMS)) throw new Error(`unknown permission ${part}`);
    bits |= PERMS[part as PermName];
  }
  return bits;
}
