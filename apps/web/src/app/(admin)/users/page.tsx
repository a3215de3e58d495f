// Users: me, my password, my API tokens, the user list.
import type { Metadata } from 'next';
import { UsersPage } from '@/components/users';

export const metadata: Metadata = { title: 'Users' };

export default function Page() {
  return <UsersPage />;
}
