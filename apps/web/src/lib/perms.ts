// paraslash's permission bits, as the API reports them in auth.me().perms.
import { PERMS, type PermName } from '@paraweb/contracts';

export { PERMS, type PermName };

export function hasPerm(perms: number, name: PermName): boolean {
  return (perms & PERMS[name]) !== 0;
}
