// users.*: the users of the user list (server.users) and their permission bits, for the
// dashboard's users page; any logged-in user may see them, as para_webuser users shows them.
import { TRPCError } from '@trpc/server';
import { permText } from '../../commands/index.js';
import { router, userProcedure } from './trpc.js';

export interface ListedUser {
  name: string;
  perms: number;
  permissions: string;
  /** the caller */
  you: boolean;
}

export const usersRouter = router({
  list: userProcedure.query(({ ctx }): { users: ListedUser[] } => {
    const list = ctx.api.services.users;
    if (!list)
      throw new TRPCError({ code: 'NOT_IMPLEMENTED', message: 'no user list on this server' });
    const users = list
      .names()
      .sort()
      .map((name) => {
        const perms = list.get(name)?.perms ?? 0;
        return { name, perms, permissions: permText(perms), you: name === ctx.principal.user };
      });
    return { users };
  }),
});
