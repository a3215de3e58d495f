// The server: version, uptime, connections, tasks, recent log lines.
import { ServerPage } from '@/components/server';

export default function Page() {
  return <ServerPage />;
}
