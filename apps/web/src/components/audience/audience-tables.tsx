'use client';
// The Audience page's tables for the chosen range: files by audience, files that lose
// listeners, player families and outputs, and the sessions a page at a time.
import { useState } from 'react';
import { ErrorAlert } from '@/components/ui/error-alert';
import { formatDateTime } from '@/lib/format';
import { clock, percent } from './chart-data';
import styles from './audience.module.css';
import { useAudience, type RangeArgs } from './use-audience';

const PAGE_SIZE = 25;
const base = (path: string): string => path.slice(path.lastIndexOf('/') + 1) || path;

function TopFiles(props: { range: RangeArgs | undefined }) {
  const top = useAudience('top', props.range, { num: 10 });
  const tune = useAudience('tuneouts', props.range, { num: 10 });
  return (
    <div className={styles.twoCols}>
      <section className="card" aria-labelledby="top-h">
        <h2 id="top-h" className={styles.sectionTitle}>
          Top files by audience
        </h2>
        {top.isError ? <ErrorAlert error={top.error} /> : null}
        <div className={styles.tableWrap}>
          <table className={styles.table} data-testid="top-files">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Plays</th>
                <th scope="col">Listeners at start</th>
                <th scope="col">Peak</th>
              </tr>
            </thead>
            <tbody>
              {(top.data?.files ?? []).map((f) => (
                <tr key={f.fileId}>
                  <td title={f.path}>{base(f.path)}</td>
                  <td>{f.plays}</td>
                  <td>{f.listeners}</td>
                  <td>{f.peak}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card" aria-labelledby="tune-h">
        <h2 id="tune-h" className={styles.sectionTitle}>
          Files that lose listeners
        </h2>
        {tune.isError ? <ErrorAlert error={tune.error} /> : null}
        <div className={styles.tableWrap}>
          <table className={styles.table} data-testid="tuneout-files">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Tune-out rate</th>
                <th scope="col">Left / at start</th>
              </tr>
            </thead>
            <tbody>
              {(tune.data?.files ?? []).map((f) => (
                <tr key={f.fileId}>
                  <td title={f.path}>{base(f.path)}</td>
                  <td>{percent(f.tuneOutRate)}</td>
                  <td>
                    {f.tuneOuts} / {f.listeners}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted">Files with at least 10 listeners at their starts.</p>
      </section>
    </div>
  );
}

function Players(props: { range: RangeArgs | undefined }) {
  const players = useAudience('players', props.range);
  const p = players.data;
  const total = p?.families.reduce((n, f) => n + f.sessions, 0) ?? 0;
  return (
    <div className={styles.twoCols}>
      <section className="card" aria-labelledby="fam-h">
        <h2 id="fam-h" className={styles.sectionTitle}>
          Players
        </h2>
        {players.isError ? <ErrorAlert error={players.error} /> : null}
        <ul className={styles.bars} data-testid="families">
          {(p?.families ?? []).map((f) => (
            <li key={f.family}>
              <span>{f.family}</span>
              <meter min={0} max={total || 1} value={f.sessions} />
              <span>{f.sessions.toLocaleString()}</span>
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="out-h">
        <h2 id="out-h" className={styles.sectionTitle}>
          Outputs
        </h2>
        <table className={styles.table} data-testid="outputs">
          <thead>
            <tr>
              <th scope="col">Output</th>
              <th scope="col">Sessions</th>
              <th scope="col">Listening hours</th>
            </tr>
          </thead>
          <tbody>
            {(p?.outputs ?? []).map((o) => (
              <tr key={o.output}>
                <td>{o.output}</td>
                <td>{o.sessions.toLocaleString()}</td>
                <td>{o.listenerHours.toFixed(1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

function Sessions(props: { range: RangeArgs | undefined }) {
  const [page, setPage] = useState(1);
  const sessions = useAudience('sessions', props.range, { page, size: PAGE_SIZE });
  const s = sessions.data;
  const pages = s ? Math.max(1, Math.ceil(s.total / s.size)) : 1;
  return (
    <section className="card" aria-labelledby="sessions-h">
      <h2 id="sessions-h" className={styles.sectionTitle}>
        Sessions
      </h2>
      {sessions.isError ? <ErrorAlert error={sessions.error} /> : null}
      <div className={styles.tableWrap}>
        <table className={styles.table} data-testid="sessions">
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Length</th>
              <th scope="col">Output</th>
              <th scope="col">Player</th>
              <th scope="col">Address</th>
              <th scope="col">Ended by</th>
            </tr>
          </thead>
          <tbody>
            {(s?.rows ?? []).map((r) => (
              <tr key={r.id}>
                <td>{formatDateTime(r.startedAt)}</td>
                <td>
                  {r.endedAt
                    ? clock((Date.parse(r.endedAt) - Date.parse(r.startedAt)) / 1000)
                    : 'connected'}
                </td>
                <td>{r.output}</td>
                <td>{r.family}</td>
                <td>{r.address ?? '–'}</td>
                <td>{r.endReason ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className={styles.pager}>
        <button
          type="button"
          className="quiet"
          disabled={page <= 1}
          onClick={() => setPage(page - 1)}
        >
          Newer
        </button>
        <span data-testid="sessions-page">
          Page {s?.page ?? page} of {pages} ({(s?.total ?? 0).toLocaleString()} sessions)
        </span>
        <button
          type="button"
          className="quiet"
          disabled={page >= pages}
          onClick={() => setPage(page + 1)}
        >
          Older
        </button>
      </div>
    </section>
  );
}

export function AudienceTables(props: { range: RangeArgs | undefined }) {
  return (
    <>
      <TopFiles range={props.range} />
      <Players range={props.range} />
      <Sessions
        key={props.range ? `${props.range.since}-${props.range.until}` : ''}
        range={props.range}
      />
    </>
  );
}
