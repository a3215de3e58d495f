'use client';
// Beside the calendar: "what plays at ..." (`schedule preview`) and the default mode, used when no
// entry is on (`schedule default`).
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '@/components/ui/error-alert';
import { formatDuration } from '@/components/library/library-query';
import {
  modeLabel,
  useScheduleCommand,
  type SchedulePreview as PreviewOutput,
} from './schedule-data';
import styles from './schedule.module.css';

export function SchedulePreview(props: { zone: string; initial: string }) {
  const run = useScheduleCommand();
  const [when, setWhen] = useState(props.initial);
  const [result, setResult] = useState<PreviewOutput | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const [date, time] = when.split('T');
    if (!date || !time) return;
    run.mutate(
      { args: ['preview', date, time.slice(0, 5)], count: 5 },
      {
        onSuccess: (r) => setResult(r.output.sub === 'preview' ? r.output : null),
        onError: () => setResult(null),
      },
    );
  };
  return (
    <section className="card" aria-labelledby="preview-h">
      <h2 id="preview-h">What plays at …</h2>
      <form onSubmit={submit} className={styles.toolbar}>
        <label>
          Time ({props.zone})
          <input
            type="datetime-local"
            value={when}
            onChange={(e) => setWhen(e.target.value)}
            required
          />
        </label>
        <button type="submit" disabled={run.isPending}>
          {run.isPending ? 'Looking…' : 'Preview'}
        </button>
      </form>
      {run.isError ? <ErrorAlert error={run.error} /> : null}
      {result ? (
        <div data-testid="schedule-preview" aria-live="polite">
          <p>
            {result.local}: <strong>{modeLabel(result.mode)}</strong>{' '}
            {result.entry ? `(entry ${result.entry.id})` : '(no entry: the default mode)'},{' '}
            {result.admissible} admissible {result.admissible === 1 ? 'file' : 'files'}
          </p>
          {result.files.length > 0 ? (
            <ol className={styles.files}>
              {result.files.map((f, i) => (
                <li key={`${f.id}-${i}`}>
                  {f.path.split('/').pop()}{' '}
                  <span className="muted">{formatDuration(f.durationMs)}</span>
                </li>
              ))}
            </ol>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

export function DefaultMode(props: {
  current: string | undefined;
  moods: readonly string[];
  playlists: readonly string[];
  writable: boolean;
}) {
  const run = useScheduleCommand();
  const [choice, setChoice] = useState<string | undefined>(undefined);
  const value = choice ?? props.current ?? '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    run.mutate({ args: ['default', value || '-'] }, { onSuccess: () => setChoice(undefined) });
  };
  return (
    <section className="card" aria-labelledby="default-h">
      <h2 id="default-h">Default mode</h2>
      <p className="muted small">What the server selects when no entry is on.</p>
      <form onSubmit={submit} className={styles.toolbar}>
        <label>
          When nothing is scheduled
          <select
            value={value}
            onChange={(e) => setChoice(e.target.value)}
            disabled={!props.writable}
          >
            <option value="">Keep the current mode</option>
            {props.moods.map((m) => (
              <option key={m} value={`m/${m}`}>
                {m} (mood)
              </option>
            ))}
            {props.playlists.map((p) => (
              <option key={p} value={`p/${p}`}>
                {p} (playlist)
              </option>
            ))}
          </select>
        </label>
        <button
          type="submit"
          disabled={!props.writable || run.isPending || value === (props.current ?? '')}
        >
          Set default
        </button>
      </form>
      {run.isError ? <ErrorAlert error={run.error} /> : null}
    </section>
  );
}
