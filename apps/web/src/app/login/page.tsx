// The login page: user name and web password (set with para_webuser on the server).
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoginForm } from '@/components/auth/login-form';

export const metadata: Metadata = { title: 'Log in' };

export default function LoginPage() {
  return (
    <main className="page narrow" id="main">
      <Suspense>
        <LoginForm />
      </Suspense>
    </main>
  );
}
