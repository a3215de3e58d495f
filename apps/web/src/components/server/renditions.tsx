'use client';
// The live mounts' renditions on the server page: the jobs running and queued, the cache against
// its limit, and the files ffmpeg could not render with the reason (`rendition status`, a
// mutation of the command table, asked every few seconds).
import { useQuery } from '@tanstack/react-query';
import { useTRPCClient } from '@/lib/trpc';
import { ErrorAlert } from '@/components/ui/error-alert';
import { REFRESH_MS } from './server-facts';
import styles from './server.module.css';

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;

export function Renditions() {
  const client = useTRPCClient();
  const status = useQuery({
    queryKey: ['rendition-status'],
    queryFn: () => client.vss.rendition.mutate({ args: ['status'] }),
    refetchInterval: REFRESH_MS,
  });
  const out = status.data?.output;
  const s = out && out.sub === 'status' ? out.status : undefined;
  return (
    <section className="card" aria-labelledby="renditions-h" data-testid="renditions">
      <h2 id="renditions-h" className={styles.sectionTitle}>
        Renditions
      </h2>
      {status.isError ? <ErrorAlert error={status.error} /> : null}
      {s ? (
        <>
          <p data-testid="rendition-cache">
            Cache: {s.cache.entries} {s.cache.entries === 1 ? 'entry' : 'entries'},{' '}
            {mb(s.cache.bytes)} of {mb(s.cache.limitBytes)} · {s.made} made since start · at most{' '}
            {s.parallel} at once
          </p>
          {s.warming ? (
            <p>
              Rendering ahead: {s.warming.done} of {s.warming.total} done ({s.warming.failed}{' '}
              failed)
            </p>
          ) : null}
          {s.queue.length === 0 ? <p className="muted">No jobs.</p> : null}
          {s.queue.length > 0 || s.failures.length > 0 ? (
            <div className={styles.tableWrap}>
              <table className={styles.table} data-testid="rendition-jobs">
                <thead>
                  <tr>
                    <th scope="col">State</th>
                    <th scope="col">Mount</th>
                    <th scope="col">File</th>
                  </tr>
                </thead>
                <tbody>
                  {s.queue.map((j) => (
                    <tr key={j.key}>
                      <td>
                        {j.state}
                        {j.urgent ? ' (for the stream)' : ''}
                      </td>
                      <td>/live.{j.codec}</td>
                      <td>{j.path}</td>
                    </tr>
                  ))}
                  {s.failures.map((f) => (
                    <tr key={`${f.path}-${f.codec}`}>
                      <td>failed</td>
                      <td>/live.{f.codec}</td>
                      <td>
                        {f.path}: {f.reason}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
