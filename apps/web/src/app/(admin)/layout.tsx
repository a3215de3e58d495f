// Every admin page needs a login and shares the shell (navigation, live connection).
import type { ReactNode } from 'react';
import { AdminShell } from '@/components/shell/admin-shell';

export default function AdminLayout({ children }: { children: ReactNode }) {
  return <AdminShell>{children}</AdminShell>;
}
