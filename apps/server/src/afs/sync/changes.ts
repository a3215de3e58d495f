// afs database changes as small JSON records, gathered into one batch per interval so that adding
// 10,000 files does not send 10,000 messages: the batches go to peer server processes (sync.ts)
// and to dashboards (socket.io's `afs:change`).
import type { AfsEventMap, AfsEvents } from '../events.js';

export type AfsChange =
  | {
      type: 'audio-file:add' | 'audio-file:remove' | 'afsi:change' | 'afhi:change';
      id: number;
      path: string;
    }
  | { type: 'audio-file:rename'; id: number; path: string; oldPath: string }
  | { type: 'files:bulk-change'; count: number }
  | { type: 'attribute:add' | 'attribute:remove'; name: string; bit: number }
  | { type: 'attribute:rename'; name: string; oldName: string; bit: number }
  | { type: 'blob:add' | 'blob:remove'; table: string; name: string; id: number }
  | { type: 'blob:rename'; table: string; name: string; oldName: string; id: number };

export interface AfsChangeBatch {
  changes: AfsChange[];
  /** changes left out of this message (more than MAX_CHANGES): refetch instead of following */
  more: number;
}

export const BATCH_INTERVAL_MS = 100;
export const MAX_CHANGES = 200;

export interface AfsChangeWatch {
  /** sends what is gathered now instead of at the end of the interval */
  flush(): void;
  stop(): void;
}

/** Listens to the afs events and calls `send` with at most one batch per interval. */
export function watchAfsChanges(
  events: AfsEvents,
  send: (batch: AfsChangeBatch) => void,
  intervalMs = BATCH_INTERVAL_MS,
  /** false: leave this event out (e.g. changes that came from a peer process) */
  accept: () => boolean = () => true,
): AfsChangeWatch {
  let changes: AfsChange[] = [];
  let more = 0;
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (changes.length === 0 && more === 0) return;
    const batch = { changes, more };
    changes = [];
    more = 0;
    send(batch);
  };
  const add = (c: AfsChange): void => {
    if (!accept()) return;
    if (changes.length < MAX_CHANGES) changes.push(c);
    else more++;
    timer ??= setTimeout(flush, intervalMs);
  };
  const handlers: { [E in keyof AfsEventMap]: (...args: AfsEventMap[E]) => void } = {
    'audio-file:add': (f) => add({ type: 'audio-file:add', id: f.id, path: f.path }),
    'audio-file:remove': (f) => add({ type: 'audio-file:remove', id: f.id, path: f.path }),
    'audio-file:rename': (f, oldPath) =>
      add({ type: 'audio-file:rename', id: f.id, path: f.path, oldPath }),
    'afsi:change': (f) => add({ type: 'afsi:change', id: f.id, path: f.path }),
    'afhi:change': (f) => add({ type: 'afhi:change', id: f.id, path: f.path }),
    'files:bulk-change': (count) => add({ type: 'files:bulk-change', count }),
    'attribute:add': (name, bit) => add({ type: 'attribute:add', name, bit }),
    'attribute:remove': (name, bit) => add({ type: 'attribute:remove', name, bit }),
    'attribute:rename': (oldName, name, bit) =>
      add({ type: 'attribute:rename', name, oldName, bit }),
    'blob:add': (table, name, id) => add({ type: 'blob:add', table, name, id }),
    'blob:remove': (table, name, id) => add({ type: 'blob:remove', table, name, id }),
    'blob:rename': (table, oldName, name, id) =>
      add({ type: 'blob:rename', table, name, oldName, id }),
    // each process has a current mode of its own: nothing in the database changed
    'mode:change': () => {},
    // the process's own stream: the play's afsi change is what peers hear of
    'next:change': () => {},
    'play:start': () => {},
  };
  const names = Object.keys(handlers) as (keyof AfsEventMap)[];
  for (const name of names) events.on(name, handlers[name]);
  return {
    flush,
    stop() {
      for (const name of names) events.off(name, handlers[name]);
      clearTimeout(timer);
    },
  };
}

/** What another server process changed (apply.ts). */
export interface RemoteChanges {
  fileIds: number[];
  attributes: boolean;
  /** blob tables by kind: img, lyr, mood, pl */
  blobTables: string[];
  /** too much to follow one by one: reload everything */
  everything: boolean;
}

/** A batch that tells peers to re-read everything (they may have missed changes). */
export const EVERYTHING: AfsChangeBatch = { changes: [], more: 1 };

/** What a peer process must re-read after a batch of changes made elsewhere (apply.ts). */
export function remoteChanges(batch: {
  changes: readonly { type: string; id?: number; table?: string }[];
  more: number;
}): RemoteChanges {
  const fileIds = new Set<number>();
  const blobTables = new Set<string>();
  let attributes = false;
  let everything = batch.more > 0;
  for (const c of batch.changes) {
    if (c.type === 'files:bulk-change') everything = true;
    else if (c.type.startsWith('attribute:')) attributes = true;
    else if (c.table !== undefined) blobTables.add(c.table);
    else if (c.id !== undefined) fileIds.add(c.id);
  }
  return { fileIds: [...fileIds], attributes, blobTables: [...blobTables], everything };
}
