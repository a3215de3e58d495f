// The login page: user name and web password (set with para_webuser on the server).
import { Suspense } from 'react';
import { LoginForm } from '@/components/auth/login-form';

export default function LoginPage() {
  return (
    <main className="page narrow" id="main">
      <Suspense>
        <LoginForm />
      </Suspense>
    </main>
  );
}
