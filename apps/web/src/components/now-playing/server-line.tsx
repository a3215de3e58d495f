'use client';
// One small line under now playing: the server version and the library size (server.info).
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';
import { ErrorAlert } from '@/components/ui/error-alert';
import { formatCount } from '@/lib/format';

const REFRESH_MS = 15_000;

export function ServerLine() {
  const trpc = useTRPC();
  const info = useQuery(trpc.server.info.queryOptions(undefined, { refetchInterval: REFRESH_MS }));
  if (info.isError) return <ErrorAlert error={info.error} onRetry={() => void info.refetch()} />;
  // (the server tells them only to a user who logged in; this page is behind the login)
  const { version, files } = info.data ?? {};
  if (version == null || files == null) return null;
  return (
    <p className="muted small">
      para_server <span data-testid="server-version">{version}</span> ·{' '}
      <span data-testid="library-files">
        {formatCount(files)} {files === 1 ? 'audio file' : 'audio files'}
      </span>
    </p>
  );
}
