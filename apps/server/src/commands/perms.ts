// Permission bits of the user list (protocol.md §4) and their spellings in help output.

export const PERMS = { AFS_READ: 1, AFS_WRITE: 2, VSS_READ: 4, VSS_WRITE: 8 } as const;
export type PermName = keyof typeof PERMS;
export const PERM_NAMES = Object.keys(PERMS) as PermName[];
export const ALL_PERMS = 15;

export function permBits(...names: PermName[]): number {
  return names.reduce((bits, n) => bits | PERMS[n], 0);
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
