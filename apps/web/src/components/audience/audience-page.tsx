'use client';
// The Audience page (issue #17): listeners now (a live line: the last hour's stored minutes,
// then the counts the server pushes every second), the sum across the Icecast relays, charts of listeners, sessions, listening
// hours and median session length over a range, the files by audience and by tune-outs, player
// families and outputs, a page of sessions, and CSV exports of sessions and plays.
import { useEffect, useState } from 'react';
import { useApiUrl } from '@/app/providers';
import { ErrorAlert } from '@/components/ui/error-alert';
import { formatDateTime } from '@/lib/format';
import { useSenderSummaries, useSocketEvent } from '@/lib/socket';
import { AudienceTables } from './audience-tables';
import { RelaysCard } from './relays-card';
import {
  addSample,
  clock,
  listenersNow,
  liveColumns,
  PRESET_LABEL,
  PRESETS,
  rangeArgs,
  toColumns,
  type LiveSample,
  type Preset,
} from './chart-data';
import styles from './audience.module.css';
import { TimeChart } from './time-chart';
import { useAudience, useLastHour, type RangeArgs } from './use-audience';

function LiveLine() {
  const senders = useSenderSummaries();
  const lastHour = useLastHour();
  const [samples, setSamples] = useState<LiveSample[]>([]);
  const now = senders ? listenersNow(senders) : undefined;
  // the server pushes the counts when they change (checked every second): one sample each
  useSocketEvent('senders:status', (list) =>
    setSamples((line) => addSample(line, { t: Date.now(), n: listenersNow(list) })),
  );
  // and the line goes on while the count stays the same
  useEffect(() => {
    const timer = setInterval(
      () =>
        setSamples((line) =>
          line.length ? addSample(line, { ...line[line.length - 1]!, t: Date.now() }) : line,
        ),
      5_000,
    );
    return () => clearInterval(timer);
  }, []);
  return (
    <section className="card" aria-labelledby="live-h">
      <h2 id="live-h" className={styles.sectionTitle}>
        Listeners now: <span data-testid="listeners-now">{now === undefined ? '…' : now}</span>
      </h2>
      <TimeChart
        title="Listeners, last hour"
        unit="listeners"
        testId="chart-live"
        height={140}
        data={liveColumns(lastHour.data ?? [], samples)}
      />
    </section>
  );
}

function Totals(props: { range: RangeArgs | undefined }) {
  const chart = useAudience('chart', props.range);
  const c = chart.data;
  if (chart.isError) return <ErrorAlert error={chart.error} />;
  return (
    <>
      <dl className={styles.totals} data-testid="audience-totals">
        <div>
          <dt>Peak listeners</dt>
          <dd>{c ? c.totals.peak : '…'}</dd>
        </div>
        <div>
          <dt>Sessions</dt>
          <dd data-testid="total-sessions">{c ? c.totals.sessions.toLocaleString() : '…'}</dd>
        </div>
        <div>
          <dt>Listening hours</dt>
          <dd>{c ? c.totals.listenerHours.toFixed(1) : '…'}</dd>
        </div>
        <div>
          <dt>Median session</dt>
          <dd>{c ? clock(c.totals.medianS) : '…'}</dd>
        </div>
      </dl>
      <div className={styles.charts}>
        <TimeChart
          title="Listeners (peak)"
          unit="listeners"
          testId="chart-listeners"
          data={toColumns(c?.points ?? [], 'listeners')}
        />
        <TimeChart
          title="Sessions started"
          unit="sessions"
          testId="chart-sessions"
          data={toColumns(c?.points ?? [], 'sessions')}
        />
        <TimeChart
          title="Listening hours"
          unit="hours"
          testId="chart-hours"
          data={toColumns(c?.points ?? [], 'listenerHours')}
        />
        <TimeChart
          title="Median session length"
          unit="minutes"
          testId="chart-median"
          data={toColumns(c?.points ?? [], 'medianS')}
        />
      </div>
      {c ? (
        <p className="muted">
          {formatDateTime(c.from)} – {formatDateTime(c.to)}, one point per{' '}
          {c.bucketMs >= 86_400_000
            ? 'day'
            : c.bucketMs >= 3_600_000
              ? `${c.bucketMs / 3_600_000} h`
              : 'minute'}
          .
          {c.totals.lengthsSampledEvery > 1
            ? ` Median lengths from every ${c.totals.lengthsSampledEvery}th session.`
            : ''}
        </p>
      ) : null}
    </>
  );
}

export function AudiencePage() {
  const apiUrl = useApiUrl();
  const [preset, setPreset] = useState<Preset>('24h');
  const [custom, setCustom] = useState({ from: '', to: '' });
  // the range is fixed when chosen, so the queries' keys stay put while the page is open
  const [nowMs, setNowMs] = useState(() => Date.now());
  const args = rangeArgs(preset, nowMs, custom);
  const range = 'error' in args ? undefined : args;
  const csv = (table: string) =>
    range ? `${apiUrl}/audience/${table}.csv?since=${range.since}&until=${range.until}` : undefined;
  return (
    <div className={styles.page}>
      <h1 className={styles.heading}>Audience</h1>
      <LiveLine />
      <RelaysCard />
      <section className="card" aria-labelledby="range-h">
        <h2 id="range-h" className={styles.sectionTitle}>
          Over time
        </h2>
        <div className={styles.rangeBar} role="group" aria-label="Range">
          {PRESETS.map((p) => (
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
          <span className={styles.spacer} />
          <a className={styles.csvLink} href={csv('sessions')} download data-testid="csv-sessions">
            Sessions CSV
          </a>
          <a className={styles.csvLink} href={csv('plays')} download data-testid="csv-plays">
            Plays CSV
          </a>
        </div>
        {'error' in args ? (
          <p role="alert" className="muted">
            {args.error}
          </p>
        ) : null}
        <Totals range={range} />
      </section>
      <AudienceTables range={range} />
    </div>
  );
}
