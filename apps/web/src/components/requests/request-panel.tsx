'use client';
// The listeners' request panel on /listen (issue #20), shown only while the station takes
// requests: a search over the files the operator made requestable (cover, duration), a Request
// button per file, and the answer in words: when the request should play, or the rule that
// refused it (the server's reason, as it wrote it).
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useDebounced } from '@/lib/use-debounced';
import {
  formatDuration,
  listenerId,
  requestOutcome,
  requestsFetch,
  rulesText,
  sendRequest,
  type RequestableFile,
  type RequestsInfo,
} from '@/lib/requests';
import styles from './requests.module.css';

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

export function RequestPanel(props: { apiUrl: string; skewMs: number }) {
  const { apiUrl } = props;
  const info = useQuery({
    queryKey: ['public-requests', apiUrl],
    queryFn: () => requestsFetch<RequestsInfo>(apiUrl, '/api/requests'),
    refetchInterval: 60_000,
    retry: false,
  });
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const enabled = info.data?.enabled === true;
  const search = useQuery({
    queryKey: ['public-requests-search', apiUrl, q],
    queryFn: () =>
      requestsFetch<{ files: RequestableFile[] }>(
        apiUrl,
        `/api/requests/search?q=${encodeURIComponent(q)}`,
      ),
    enabled: enabled && q !== '',
    retry: false,
  });
  const send = useMutation({
    mutationFn: (fileId: number) => sendRequest(apiUrl, fileId, listenerId(storage())),
    onSuccess: () => void info.refetch(),
  });

  // no requests here (none requestable, the station off, an old server): no panel at all
  if (!enabled || !info.data) return null;
  const closed = info.data.closed;
  const files = search.data?.files ?? [];
  return (
    <section className="card" aria-labelledby="requests-heading" data-testid="request-panel">
      <h2 id="requests-heading">Request a song</h2>
      {closed ? (
        <p className="muted">Requests are closed during this programme.</p>
      ) : (
        <>
          <p className="small muted">{rulesText(info.data.rules)}</p>
          <label className={styles.search}>
            Search title, artist or album
            <input
              type="search"
              value={text}
              maxLength={100}
              onChange={(e) => setText(e.target.value)}
              autoComplete="off"
            />
          </label>
        </>
      )}
      {send.isSuccess ? (
        <p className={styles.outcome} role="status" data-testid="request-outcome">
          {requestOutcome(send.data, props.skewMs)}
        </p>
      ) : null}
      {send.isError ? (
        <p className="form-error" role="alert" data-testid="request-refused">
          Not accepted: {send.error.message}
        </p>
      ) : null}
      {search.isError ? (
        <p className="form-error" role="alert">
          {search.error.message}
        </p>
      ) : null}
      {!closed && q !== '' && search.isSuccess && files.length === 0 ? (
        <p className="muted">No requestable file matches.</p>
      ) : null}
      {!closed && files.length > 0 ? (
        <ul className={styles.results} data-testid="request-results">
          {files.map((f) => (
            <li key={f.id} data-testid="request-result">
              {f.cover ? (
                <img src={`${apiUrl}${f.cover}`} alt="" width={40} height={40} loading="lazy" />
              ) : (
                <span className={styles.noCover} aria-hidden="true">
                  ♪
                </span>
              )}
              <span className={styles.text}>
                <strong>{f.title || 'Untitled'}</strong>
                <span className="small muted">
                  {[f.artist, f.album].filter(Boolean).join(' · ')}
                </span>
              </span>
              <span className="small muted">{formatDuration(f.durationMs)}</span>
              <button
                type="button"
                onClick={() => send.mutate(f.id)}
                disabled={send.isPending}
                aria-label={`Request ${f.title || 'Untitled'}`}
              >
                Request
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
