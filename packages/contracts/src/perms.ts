// paraslash's four permission bits (docs/paraslash/protocol.md §4): the user list, the command table's
// requirements and what the web API reports in auth.me().perms all use these values.
export const PERMS = { AFS_READ: 1, AFS_WRITE: 2, VSS_READ: 4, VSS_WRITE: 8 } as const;
export type PermName = keyof typeof PERMS;
export const PERM_NAMES = Object.keys(PERMS) as PermName[];
export const ALL_PERMS = 15;
