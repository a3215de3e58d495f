// paraslash's permission bits (protocol.md 4), as the API reports them in auth.me().perms.
export const PERMS = { AFS_READ: 1, AFS_WRITE: 2, VSS_READ: 4, VSS_WRITE: 8 } as const;
export type PermName = keyof typeof PERMS;

export function hasPerm(perms: number, name: PermName): boolean {
  return (perms & PERMS[name]) !== 0;
}
