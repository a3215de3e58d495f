'use client';
// The week calendar: seven day columns, the hours as rows, the entries as blocks. Pointer events
// by hand: a drag on empty space proposes a new entry, a drag on a block moves it, a drag on its
// top or bottom edge resizes it; a click (or Enter) on a block opens it. The geometry is
// week-grid.ts; this file only follows the pointer.
import { useRef, useState, type PointerEvent } from 'react';
import { modeLabel, type ScheduleEntry } from './schedule-data';
import {
  addDays,
  clockText,
  createdTimes,
  daysText,
  draggedTimes,
  lanes,
  minutesToPx,
  segmentsInWeek,
  slotAt,
  WEEKDAY_LABELS,
  type Drag,
  type EntryTimes,
  type Segment,
} from './week-grid';
import styles from './schedule.module.css';

export const HOUR_PX = 32;
/** a pointer that moved less than this is a click */
const CLICK_PX = 4;

type Slot = { day: number; minute: number };
interface Gesture {
  kind: 'create' | 'move' | 'resize';
  edge?: 'start' | 'end';
  entry?: ScheduleEntry;
  origin: Slot;
  at: Slot;
  x0: number;
  y0: number;
  moved: boolean;
}

export type CreatedTimes = ReturnType<typeof createdTimes>;

export function WeekCalendar(props: {
  monday: string;
  entries: readonly ScheduleEntry[];
  /** entry id -> what is wrong with it */
  problems: ReadonlyMap<number, string>;
  /** the zone's wall date and minute now */
  now: { date: string; minute: number };
  writable: boolean;
  onCreate(times: CreatedTimes): void;
  onOpen(entry: ScheduleEntry): void;
  onChange(
    entry: ScheduleEntry,
    times: Pick<EntryTimes, 'weekdays' | 'dates' | 'start' | 'end'>,
  ): void;
}) {
  const body = useRef<HTMLDivElement>(null);
  const [gesture, setGesture] = useState<Gesture | null>(null);
  const days = Array.from({ length: 7 }, (_, i) => addDays(props.monday, i));

  const slotOf = (e: PointerEvent): Slot => {
    const box = body.current!.getBoundingClientRect();
    return slotAt(e.clientX, e.clientY, box, HOUR_PX);
  };

  const dragOf = (g: Gesture): Drag =>
    g.kind === 'create'
      ? { kind: 'create', day: g.origin.day, fromMinute: g.origin.minute, toMinute: g.at.minute }
      : g.kind === 'move'
        ? {
            kind: 'move',
            dayDelta: g.at.day - g.origin.day,
            minuteDelta: g.at.minute - g.origin.minute,
          }
        : { kind: 'resize', edge: g.edge ?? 'end', minuteDelta: g.at.minute - g.origin.minute };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (!props.writable || e.button !== 0) return;
    const target = e.target as HTMLElement;
    const block = target.closest<HTMLElement>('[data-entry-id]');
    const entry = block
      ? props.entries.find((x) => String(x.id) === block.dataset.entryId)
      : undefined;
    const edge = target.closest<HTMLElement>('[data-edge]')?.dataset.edge as
      'start' | 'end' | undefined;
    const slot = slotOf(e);
    e.preventDefault(); // no text selection while dragging
    body.current!.setPointerCapture(e.pointerId);
    setGesture({
      kind: entry ? (edge ? 'resize' : 'move') : 'create',
      ...(edge ? { edge } : {}),
      ...(entry ? { entry } : {}),
      origin: slot,
      at: slot,
      x0: e.clientX,
      y0: e.clientY,
      moved: false,
    });
  };

  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!gesture) return;
    const moved =
      gesture.moved ||
      Math.abs(e.clientX - gesture.x0) + Math.abs(e.clientY - gesture.y0) > CLICK_PX;
    setGesture({ ...gesture, at: slotOf(e), moved });
  };

  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    if (!gesture) return;
    const g = { ...gesture, at: slotOf(e) };
    setGesture(null);
    const drag = dragOf(g);
    if (drag.kind === 'create') props.onCreate(createdTimes(drag, props.monday));
    else if (!g.moved) props.onOpen(g.entry!);
    else {
      const times = draggedTimes(g.entry!, drag);
      const e0 = g.entry!;
      const same =
        times.start === e0.start &&
        times.end === e0.end &&
        times.weekdays.join() === e0.weekdays.join() &&
        times.dates.join() === e0.dates.join();
      if (!same) props.onChange(e0, times);
    }
  };

  // what the calendar shows: the entries, the one being dragged at its new place
  const ghost = ghostOf(gesture, props.monday, dragOf);
  type Block = Segment & { entry: ScheduleEntry; ghost: boolean };
  const blocks: Block[] = props.entries.flatMap((entry) =>
    segmentsInWeek(entry, props.monday).map((s) => ({
      ...s,
      entry,
      ghost: false,
    })),
  );
  if (ghost)
    blocks.push(
      ...segmentsInWeek(ghost.times, props.monday).map((s) => ({
        ...s,
        entry: ghost.entry,
        ghost: true,
      })),
    );
  const draggedId = gesture?.moved && gesture.entry ? gesture.entry.id : undefined;
  const nowDay = days.indexOf(props.now.date);

  return (
    <div className={styles.calendar}>
      <div className={styles.dayHeads} aria-hidden="true">
        <span />
        {days.map((d, i) => (
          <span key={d} className={d === props.now.date ? styles.today : undefined}>
            {WEEKDAY_LABELS[i]} {d.slice(8)}.{d.slice(5, 7)}.
          </span>
        ))}
      </div>
      <div className={styles.gridRow}>
        <div className={styles.hours} aria-hidden="true" style={{ height: HOUR_PX * 24 }}>
          {Array.from({ length: 24 }, (_, h) => (
            <span key={h} style={{ top: h * HOUR_PX }}>
              {clockText(h * 60)}
            </span>
          ))}
        </div>
        <div
          ref={body}
          className={styles.body}
          style={{ height: HOUR_PX * 24, backgroundSize: `100% ${HOUR_PX}px` }}
          data-testid="schedule-grid"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={() => setGesture(null)}
        >
          {days.map((date, day) => (
            <div
              key={date}
              className={styles.column}
              data-date={date}
              role="group"
              aria-label={`${WEEKDAY_LABELS[day]} ${date}`}
            >
              {lanes(blocks.filter((b) => b.day === day)).map(({ block: b, lane, lanes: n }) => (
                <EntryBlock
                  key={`${b.entry.id}-${b.ghost ? 'g' : ''}${b.from}`}
                  block={b}
                  lane={lane}
                  lanes={n}
                  problem={props.problems.get(b.entry.id)}
                  dimmed={!b.ghost && b.entry.id === draggedId}
                  onOpen={() => props.onOpen(b.entry)}
                />
              ))}
              {day === nowDay ? (
                <div
                  className={styles.nowLine}
                  style={{ top: minutesToPx(props.now.minute, HOUR_PX) }}
                  data-testid="schedule-now"
                  title={`now: ${clockText(props.now.minute)}`}
                />
              ) : null}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}

/** the entry being dragged, at its new times (a new one has id 0) */
function ghostOf(
  g: Gesture | null,
  monday: string,
  dragOf: (g: Gesture) => Drag,
): { entry: ScheduleEntry; times: EntryTimes } | undefined {
  if (!g || !g.moved) return undefined;
  const drag = dragOf(g);
  if (drag.kind === 'create') {
    const t = createdTimes(drag, monday);
    const entry: ScheduleEntry = {
      id: 0,
      mode: 'new entry',
      weekdays: [],
      dates: [t.date],
      start: t.start,
      end: t.end,
      priority: 0,
      transition: 'next',
      fitTolerance: 10,
    };
    return { entry, times: entry };
  }
  const times = { ...g.entry!, ...draggedTimes(g.entry!, drag) };
  return { entry: { ...g.entry!, ...times }, times };
}

function EntryBlock(props: {
  block: Segment & { entry: ScheduleEntry; ghost: boolean };
  lane: number;
  lanes: number;
  problem: string | undefined;
  dimmed: boolean;
  onOpen(): void;
}) {
  const b = props.block;
  const entry = b.entry;
  const span = `${entry.start}–${entry.end}`;
  const classes = [
    styles.entry,
    entry.mode.startsWith('p/') ? styles.playlist : '',
    props.problem ? styles.problem : '',
    b.ghost ? styles.ghost : '',
    props.dimmed ? styles.dimmed : '',
  ].join(' ');
  const style = {
    top: minutesToPx(b.from, HOUR_PX),
    height: Math.max(minutesToPx(b.to - b.from, HOUR_PX), 6),
    left: `${(props.lane / props.lanes) * 100}%`,
    width: `${100 / props.lanes}%`,
  };
  if (b.ghost)
    return (
      <div className={classes} style={style} data-testid="schedule-ghost" aria-hidden="true">
        <span className={styles.entryTime}>{span}</span>
      </div>
    );
  return (
    <div
      className={classes}
      style={style}
      data-entry-id={entry.id}
      data-testid="schedule-entry"
      data-problem={props.problem ? 'true' : undefined}
    >
      {b.first ? <span className={styles.edgeStart} data-edge="start" aria-hidden="true" /> : null}
      <button
        type="button"
        className={styles.entryButton}
        aria-label={`${modeLabel(entry.mode)}, ${span}, ${daysText(entry)}${entry.priority ? `, priority ${entry.priority}` : ''}${props.problem ? `; problem: ${props.problem}` : ''}`}
        title={props.problem}
        // a pointer opens it on release (the calendar decides click or drag); keys open it here
        onClick={(e) => {
          if (e.detail === 0) props.onOpen();
        }}
      >
        <span className={styles.entryMode}>
          {props.problem ? '⚠ ' : ''}
          {entry.mode.slice(2)}
        </span>
        <span className={styles.entryTime}>
          {span} · {entry.transition}
        </span>
      </button>
      {b.last ? <span className={styles.edgeEnd} data-edge="end" aria-hidden="true" /> : null}
    </div>
  );
}
