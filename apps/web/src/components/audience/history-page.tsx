'use client';
// The History view (issue #17): what played when, with its listeners (at start, peak, at end,
// tune-outs) and why (mood, playlist, request, schedule), through the `history` command
// (vss.history: -n, the time range, -l). It follows the stream: a new file refreshes it.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '@/components/ui/error-alert';
import { formatDateTime } from '@/lib/format';
import { useVssStatus } from '@/lib/socket';
import { useTRPCClient } from '@/lib/trpc';
import { clock, PRESET_LABEL, rangeArgs, reasonOf, type Preset } from './chart-data';
import styles from './audience.module.css';

const COUNTS = [20, 50, 100, 500] as const;
const HISTORY_PRESETS = ['24h', '7d', '30d', 'custom'] as const;

export function HistoryPage() {
  const client = useTRPCClient();
  const [num, setNum] = useState<number>(50);
  const [preset, setPreset] = useState<Preset | 'all'>('all');
  const [custom, setCustom] = useState({ from: '', to: '' });
  const [nowMs, setNowMs] = useState(() => Date.now());
  const status = useVssStatus();
  const args: { since?: string; until?: string } | { error: string } =
    preset === 'all' ? {} : rangeArgs(preset, nowMs, custom);
  const range = 'error' in args ? undefined : args;
  const history = useQuery({
    // the file playing now is in the key: a file change shows the new play
    queryKey: ['history', num, range, status?.path],
    queryFn: async () => (await client.vss.history.query({ num, long: true, ...range })).output,
    enabled: range !== undefined,
    placeholderData: (prev) => prev,
  });
  return (
    <div className={styles.page}>
      <h1 className={styles.heading}>History</h1>
      <section className="card" aria-labelledby="hist-h">
        <h2 id="hist-h" className={styles.sectionTitle}>
          What played when
        </h2>
        <div className={styles.rangeBar}>
          <label>
            Show{' '}
            <select value={num} onChange={(e) => setNum(Number(e.target.value))}>
              {COUNTS.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="quiet"
            aria-pressed={preset === 'all'}
            onClick={() => setPreset('all')}
          >
            Latest
          </button>
          {HISTORY_PRESETS.map((p) => (
            <button
              key={p}
              type="button"
              className="quiet"
              aria-pressed={preset === p}
              onClick={() => {
                setPreset(p);
                setNowMs(Date.now());
              }}
            >
              {PRESET_LABEL[p]}
            </button>
          ))}
          {preset === 'custom' ? (
            <>
              <label>
                From{' '}
                <input
                  type="datetime-local"
                  value={custom.from}
                  onChange={(e) => setCustom({ ...custom, from: e.target.value })}
                />
              </label>
              <label>
                To{' '}
                <input
                  type="datetime-local"
                  value={custom.to}
                  onChange={(e) => setCustom({ ...custom, to: e.target.value })}
                />
              </label>
            </>
          ) : null}
        </div>
        {'error' in args ? (
          <p role="alert" className="muted">
            {args.error}
          </p>
        ) : null}
        {history.isError ? <ErrorAlert error={history.error} /> : null}
        {history.data && history.data.plays.length === 0 ? (
          <p className="muted">Nothing played in this range.</p>
        ) : null}
        <div className={styles.tableWrap}>
          <table className={styles.table} data-testid="history">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">File</th>
                <th scope="col">Length</th>
                <th scope="col">Why</th>
                <th scope="col">Listeners start / peak / end</th>
                <th scope="col">Tune-outs</th>
                <th scope="col">Ended</th>
              </tr>
            </thead>
            <tbody>
              {(history.data?.plays ?? []).map((p) => {
                const why = reasonOf(p);
                return (
                  <tr key={p.id}>
                    <td>{formatDateTime(p.startedAt)}</td>
                    <td title={p.path}>{p.path.slice(p.path.lastIndexOf('/') + 1)}</td>
                    <td>
                      {p.endedAt
                        ? clock((Date.parse(p.endedAt) - Date.parse(p.startedAt)) / 1000)
                        : 'playing'}
                    </td>
                    <td>
                      <span className={styles.reason}>{why.kind}</span> {why.name}
                    </td>
                    <td>
                      {p.listenersStart} / {p.listenersPeak} / {p.listenersEnd ?? '–'}
                    </td>
                    <td>{p.tuneOuts}</td>
                    <td>{p.endReason ?? 'playing'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
