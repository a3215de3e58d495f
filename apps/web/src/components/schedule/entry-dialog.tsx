'use client';
// The dialog that edits one schedule entry (new or stored): the mood or playlist, weekly days
// and/or one-off dates, start and end, priority, the transition. The server checks it for
// conflicts when it is saved; its refusal is shown here and nothing changes.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ErrorAlert } from '@/components/ui/error-alert';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { type EntryFields, type Transition } from './schedule-data';
import { WEEKDAY_LABELS } from './week-grid';
import styles from './schedule.module.css';

const TRANSITIONS: { value: Transition; label: string }[] = [
  { value: 'next', label: 'Next file (at the first file boundary after the start)' },
  { value: 'fit', label: 'Fit (the last file before ends near the start)' },
  { value: 'cut', label: 'Cut (at the start, to the second)' },
];

export function EntryDialog(props: {
  /** undefined: a new entry */
  id: number | undefined;
  initial: EntryFields;
  /** the day a new entry was dragged out on: "Once" starts with it */
  date?: string | undefined;
  moods: readonly string[];
  playlists: readonly string[];
  zone: string;
  busy: boolean;
  error: unknown;
  onSave: (fields: EntryFields) => void;
  onDelete: () => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [f, setF] = useState<EntryFields>(props.initial);
  const [weekly, setWeekly] = useState(props.initial.weekdays.length > 0);
  const [datesText, setDatesText] = useState(props.initial.dates.join(', '));
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  const set = (patch: Partial<EntryFields>) => setF((old) => ({ ...old, ...patch }));
  const toggleDay = (day: number) =>
    set({
      weekdays: f.weekdays.includes(day)
        ? f.weekdays.filter((d) => d !== day)
        : [...f.weekdays, day].sort((a, b) => a - b),
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const dates = datesText
      .split(/[\s,]+/)
      .map((d) => d.trim())
      .filter(Boolean);
    props.onSave({ ...f, weekdays: weekly ? f.weekdays : [], dates });
  };
  const known = [...props.moods.map((m) => `m/${m}`), ...props.playlists.map((p) => `p/${p}`)];
  const title = props.id === undefined ? 'New schedule entry' : `Schedule entry ${props.id}`;

  return (
    <dialog
      ref={ref}
      className={styles.dialog}
      aria-labelledby="entry-dialog-title"
      onClose={props.onClose}
      onCancel={props.onClose}
    >
      <form onSubmit={submit} className={styles.fields}>
        <h2 id="entry-dialog-title">{title}</h2>
        <label>
          Mood or playlist
          <select value={f.mode} onChange={(e) => set({ mode: e.target.value })} required>
            <option value="">Choose…</option>
            <optgroup label="Moods">
              {props.moods.map((m) => (
                <option key={m} value={`m/${m}`}>
                  {m}
                </option>
              ))}
            </optgroup>
            <optgroup label="Playlists">
              {props.playlists.map((p) => (
                <option key={p} value={`p/${p}`}>
                  {p}
                </option>
              ))}
            </optgroup>
            {f.mode && !known.includes(f.mode) ? (
              <option value={f.mode}>{f.mode} (not found)</option>
            ) : null}
          </select>
        </label>
        <fieldset className={styles.fieldset}>
          <legend>Runs</legend>
          <label className={styles.inline}>
            <input type="radio" name="repeat" checked={weekly} onChange={() => setWeekly(true)} />
            Every week
          </label>
          <label className={styles.inline}>
            <input
              type="radio"
              name="repeat"
              checked={!weekly}
              onChange={() => {
                setWeekly(false);
                if (!datesText.trim() && props.date) setDatesText(props.date);
              }}
            />
            Once (on dates only)
          </label>
        </fieldset>
        {weekly ? (
          <fieldset className={styles.fieldset}>
            <legend>On weekdays</legend>
            {WEEKDAY_LABELS.map((label, i) => (
              <label key={label} className={styles.inline}>
                <input
                  type="checkbox"
                  checked={f.weekdays.includes(i + 1)}
                  onChange={() => toggleDay(i + 1)}
                />
                {label}
              </label>
            ))}
          </fieldset>
        ) : null}
        <label>
          {weekly
            ? 'And on dates (one-off, YYYY-MM-DD, comma separated)'
            : 'On dates (YYYY-MM-DD, comma separated)'}
          <input value={datesText} onChange={(e) => setDatesText(e.target.value)} />
        </label>
        <div className={styles.times}>
          <label>
            Start ({props.zone})
            <input
              type="time"
              value={f.start}
              onChange={(e) => set({ start: e.target.value })}
              required
            />
          </label>
          <label>
            End
            <input
              type="time"
              value={f.end}
              onChange={(e) => set({ end: e.target.value })}
              required
            />
          </label>
          <label>
            Priority
            <input
              type="number"
              min={0}
              max={1000}
              value={f.priority}
              onChange={(e) => set({ priority: Number(e.target.value) })}
            />
          </label>
        </div>
        <p className="muted small">An end at or before the start is the next day.</p>
        <fieldset className={styles.fieldset}>
          <legend>Transition at the start</legend>
          {TRANSITIONS.map((t) => (
            <label key={t.value} className={styles.inline}>
              <input
                type="radio"
                name="transition"
                value={t.value}
                checked={f.transition === t.value}
                onChange={() => set({ transition: t.value })}
              />
              {t.label}
            </label>
          ))}
          {f.transition === 'fit' ? (
            <label className={styles.inline}>
              within
              <input
                type="number"
                min={0}
                max={600}
                value={f.fitTolerance}
                aria-label="Fit tolerance in seconds"
                onChange={(e) => set({ fitTolerance: Number(e.target.value) })}
              />
              seconds
            </label>
          ) : null}
        </fieldset>
        {props.error ? <ErrorAlert error={props.error} title="Not saved" /> : null}
        <div className={styles.actions}>
          <button type="submit" disabled={props.busy}>
            {props.busy ? 'Saving…' : 'Save entry'}
          </button>
          <button type="button" className="quiet" onClick={props.onClose}>
            Cancel
          </button>
          {props.id !== undefined ? (
            <ConfirmButton
              label="Delete"
              question={`Delete schedule entry ${props.id}?`}
              busy={props.busy}
              onConfirm={props.onDelete}
            />
          ) : null}
        </div>
      </form>
    </dialog>
  );
}
