'use client';
// The users page: who I am and what I may do, my password, my API tokens, and every user.
import { useAuth, useMeQuery } from '@/lib/auth';
import { ChangePassword } from './change-password';
import { Tokens } from './tokens';
import { UserList } from './user-list';
import styles from './users.module.css';
import { formatDateTime } from '@/lib/format';

export function UsersPage() {
  const { me } = useAuth();
  const full = useMeQuery();
  const expires = full.data?.expiresAt;
  return (
    <div className={styles.page}>
      <h1 className={styles.heading}>Users</h1>
      <section className="card" aria-labelledby="me-h">
        <h2 id="me-h">Me</h2>
        <dl className={styles.me}>
          <dt>User</dt>
          <dd data-testid="me-user">{me.user}</dd>
          <dt>Permissions</dt>
          <dd data-testid="me-permissions">{me.permissions || 'none'}</dd>
          <dt>Logged in with</dt>
          <dd>
            {me.via === 'token' ? 'an API token' : 'a password'}
            {expires ? `, until ${formatDateTime(expires)}` : ''}
          </dd>
        </dl>
      </section>
      <ChangePassword />
      <Tokens />
      <UserList />
    </div>
  );
}
