// Users: me, my password, my API tokens, the user list.
import { UsersPage } from '@/components/users';

export default function Page() {
  return <UsersPage />;
}
