// The server: version, uptime, connections, tasks, recent log lines.
import type { Metadata } from 'next';
import { ServerPage } from '@/components/server';

export const metadata: Metadata = { title: 'Server' };

export default function Page() {
  return <ServerPage />;
}
