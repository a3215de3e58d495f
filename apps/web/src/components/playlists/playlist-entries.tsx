'use client';
// A playlist's paths in order, reordered by dragging the handle (mouse, touch, or keyboard:
// space, arrows, space), by the up/down buttons, and trimmed by remove.
import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import {
  arrayMove,
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import styles from './playlists.module.css';

export interface Entry {
  /** stable while reordering; a path may be listed twice */
  id: string;
  path: string;
}

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const dir = (p: string) => p.slice(0, p.lastIndexOf('/') + 1);

export function PlaylistEntries(props: {
  entries: Entry[];
  onChange: (entries: Entry[]) => void;
  readOnly: boolean;
}) {
  const { entries, onChange } = props;
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const indexOf = (id: UniqueIdentifier) => entries.findIndex((e) => e.id === id);
  const nameOf = (id: UniqueIdentifier) => base(entries[indexOf(id)]?.path ?? '');
  const position = (id: UniqueIdentifier | undefined) =>
    id === undefined ? 'nowhere' : `position ${indexOf(id) + 1} of ${entries.length}`;
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${nameOf(active.id)} at ${position(active.id)}.`,
    onDragOver: ({ active, over }) => `${nameOf(active.id)} is over ${position(over?.id)}.`,
    onDragEnd: ({ active, over }) => `${nameOf(active.id)} dropped at ${position(over?.id)}.`,
    onDragCancel: ({ active }) => `Moving ${nameOf(active.id)} was cancelled.`,
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    onChange(arrayMove(entries, indexOf(active.id), indexOf(over.id)));
  };
  const move = (from: number, to: number) => {
    if (to >= 0 && to < entries.length) onChange(arrayMove(entries, from, to));
  };

  if (entries.length === 0)
    return <p className="muted">This playlist is empty: add files below.</p>;
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragEnd={onDragEnd}
      accessibility={{
        announcements,
        screenReaderInstructions: {
          draggable:
            'To move an entry, press space or enter, move it with the arrow keys, and press space or enter again to drop it, or escape to cancel.',
        },
      }}
    >
      <SortableContext items={entries.map((e) => e.id)} strategy={verticalListSortingStrategy}>
        <ol className={styles.entries} aria-label="Playlist entries" data-testid="playlist-entries">
          {entries.map((e, i) => (
            <SortableEntry
              key={e.id}
              entry={e}
              readOnly={props.readOnly}
              first={i === 0}
              last={i === entries.length - 1}
              onUp={() => move(i, i - 1)}
              onDown={() => move(i, i + 1)}
              onRemove={() => onChange(entries.filter((x) => x.id !== e.id))}
            />
          ))}
        </ol>
      </SortableContext>
    </DndContext>
  );
}

function SortableEntry(props: {
  entry: Entry;
  readOnly: boolean;
  first: boolean;
  last: boolean;
  onUp: () => void;
  onDown: () => void;
  onRemove: () => void;
}) {
  const { entry, readOnly } = props;
  const { setNodeRef, isDragging, transform, transition, attributes, listeners } = useSortable({
    id: entry.id,
    disabled: readOnly,
  });
  const name = base(entry.path);
  return (
    <li
      ref={setNodeRef}
      className={`${styles.entry} ${isDragging ? styles.dragging : ''}`}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      data-path={entry.path}
    >
      <button
        type="button"
        className={styles.handle}
        {...attributes}
        {...listeners}
        aria-label={`Drag ${name}`}
        disabled={readOnly}
      >
        ⠿
      </button>
      <span className={styles.path} title={entry.path}>
        {name}
        <span className={styles.dir}>{dir(entry.path)}</span>
      </span>
      <span className={styles.tools}>
        <button
          type="button"
          className="quiet"
          aria-label={`Move ${name} up`}
          onClick={props.onUp}
          disabled={readOnly || props.first}
        >
          ↑
        </button>
        <button
          type="button"
          className="quiet"
          aria-label={`Move ${name} down`}
          onClick={props.onDown}
          disabled={readOnly || props.last}
        >
          ↓
        </button>
        <button
          type="button"
          className="quiet"
          aria-label={`Remove ${name}`}
          onClick={props.onRemove}
          disabled={readOnly}
        >
          ✕
        </button>
      </span>
    </li>
  );
}
