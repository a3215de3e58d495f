'use client';
// The schedule page: the week calendar of the schedule's entries in its time zone, the dialog
// that edits one, the conflicts the server reports, the default mode and "what plays at ...".
import { useEffect, useMemo, useState } from 'react';
import { useAuth } from '@/lib/auth';
import { ErrorAlert } from '@/components/ui/error-alert';
import { EntryDialog } from './entry-dialog';
import {
  entryInput,
  useModes,
  useScheduleCommand,
  useScheduleListing,
  type EntryFields,
  type ScheduleEntry,
} from './schedule-data';
import { DefaultMode, SchedulePreview } from './schedule-side';
import { WeekCalendar, type CreatedTimes } from './week-calendar';
import { addDays, clockText, mondayOf, zonedNow, type EntryTimes } from './week-grid';
import styles from './schedule.module.css';

type Times = Pick<EntryTimes, 'weekdays' | 'dates' | 'start' | 'end'>;
const NOW_EVERY_MS = 30_000;

function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), NOW_EVERY_MS);
    return () => clearInterval(timer);
  }, []);
  return now;
}

const fieldsOf = ({ id: _id, ...fields }: ScheduleEntry): EntryFields => fields;

export function SchedulePage() {
  const listing = useScheduleListing();
  const modes = useModes();
  const auth = useAuth();
  const writable = auth.can('AFS_READ') && auth.can('AFS_WRITE');
  const save = useScheduleCommand();
  const move = useScheduleCommand();
  const now = useNow();
  const [weekOffset, setWeekOffset] = useState(0);
  const [dialog, setDialog] = useState<{
    id?: number;
    initial: EntryFields;
    date?: string;
  } | null>(null);
  /** a move or resize on its way to the server: shown at its new place until the answer */
  const [moving, setMoving] = useState<{ id: number; times: Times } | null>(null);
  const [moveError, setMoveError] = useState<{ id: number; error: unknown } | null>(null);

  const data = listing.data;
  const zone = data?.zone ?? 'UTC';
  const wallNow = zonedNow(now, zone);
  const monday = addDays(mondayOf(wallNow.date), 7 * weekOffset);
  const problems = useMemo(() => {
    const out = new Map<number, string>();
    for (const c of data?.conflicts ?? [])
      out.set(c.entry, [out.get(c.entry), c.message].filter(Boolean).join('; '));
    return out;
  }, [data]);
  const entries = (data?.entries ?? []).map((e) =>
    moving && e.id === moving.id ? { ...e, ...moving.times } : e,
  );

  const openNew = (t?: CreatedTimes) => {
    save.reset();
    setDialog({
      date: t?.date,
      initial: {
        mode: '',
        weekdays: [t?.weekday ?? 1],
        dates: [],
        start: t?.start ?? '08:00',
        end: t?.end ?? '09:00',
        priority: 0,
        transition: 'next',
        fitTolerance: 10,
      },
    });
  };
  const openEntry = (e: ScheduleEntry) => {
    save.reset();
    setDialog({ id: e.id, initial: fieldsOf(e) });
  };
  const onChange = (e: ScheduleEntry, times: Times) => {
    setMoveError(null);
    setMoving({ id: e.id, times });
    move.mutate(entryInput({ ...fieldsOf(e), ...times }, e.id), {
      onError: (error) => setMoveError({ id: e.id, error }),
      onSettled: () => setMoving(null),
    });
  };
  const onSave = (fields: EntryFields) =>
    save.mutate(entryInput(fields, dialog?.id), { onSuccess: () => setDialog(null) });
  const onDelete = () => {
    if (dialog?.id === undefined) return;
    save.mutate({ args: ['rm', String(dialog.id)] }, { onSuccess: () => setDialog(null) });
  };

  const shown = moveError
    ? new Map([...problems, [moveError.id, 'not moved: the server refused it']])
    : problems;
  const conflicts = data?.conflicts ?? [];

  return (
    <>
      <h1>Schedule</h1>
      <p className="muted">
        Moods and playlists by the clock, in the time zone <strong>{zone}</strong> (
        <code>--schedule-timezone</code>). Drag on empty space to add an entry, drag an entry to
        move it, drag its top or bottom edge to change its times; click it to edit.
      </p>
      {listing.isError ? (
        <ErrorAlert error={listing.error} onRetry={() => void listing.refetch()} />
      ) : null}
      <div className={styles.toolbar}>
        <button type="button" className="quiet" onClick={() => setWeekOffset((w) => w - 1)}>
          ← Previous week
        </button>
        <button
          type="button"
          className="quiet"
          onClick={() => setWeekOffset(0)}
          disabled={weekOffset === 0}
        >
          This week
        </button>
        <button type="button" className="quiet" onClick={() => setWeekOffset((w) => w + 1)}>
          Next week →
        </button>
        <span data-testid="schedule-week">
          Week of {monday} · now {clockText(wallNow.minute)}
        </span>
        <span className="spacer" />
        <button type="button" onClick={() => openNew()} disabled={!writable || !data}>
          New entry
        </button>
      </div>
      {moveError ? (
        <div data-testid="schedule-move-error">
          <ErrorAlert error={moveError.error} title={`Entry ${moveError.id} was not changed`} />
        </div>
      ) : null}
      {conflicts.length > 0 ? (
        <section className={`alert ${styles.conflicts}`} aria-labelledby="conflicts-h">
          <h2 id="conflicts-h">Conflicts</h2>
          <ul data-testid="schedule-conflicts">
            {conflicts.map((c, i) => (
              <li key={`${c.entry}-${i}`}>
                Entry {c.entry}: {c.message}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {data ? (
        <WeekCalendar
          monday={monday}
          entries={entries}
          problems={shown}
          now={wallNow}
          writable={writable}
          onCreate={openNew}
          onOpen={openEntry}
          onChange={onChange}
        />
      ) : listing.isPending ? (
        <p className="muted">Loading the schedule…</p>
      ) : null}
      {data ? (
        <div className={styles.side}>
          <SchedulePreview zone={zone} initial={`${wallNow.date}T${clockText(wallNow.minute)}`} />
          <DefaultMode
            current={data.defaultMode}
            moods={modes.moods}
            playlists={modes.playlists}
            writable={writable}
          />
        </div>
      ) : null}
      {dialog ? (
        <EntryDialog
          id={dialog.id}
          initial={dialog.initial}
          date={dialog.date}
          moods={modes.moods}
          playlists={modes.playlists}
          zone={zone}
          busy={save.isPending}
          error={save.error}
          onSave={onSave}
          onDelete={onDelete}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </>
  );
}
