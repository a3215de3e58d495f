// Follows changes another server process made on the same database (they arrive through the bus,
// sync.ts): re-reads the rows and tables named, and announces what differs as afs events, as if
// the change had been made here, so that moods, the stream's next choice, the library and this
// process's dashboards follow. Those events are not passed on to the peers again.
import type { Afs } from '../afs.js';
import type { BlobKind } from '../blobs.js';
import type { RemoteChanges } from './changes.js';

const asRemote = (afs: Afs, announce: () => void): void => {
  afs.applyingRemote = true;
  try {
    announce();
  } finally {
    afs.applyingRemote = false;
  }
};

/** old and new names by key: what was added, renamed and removed */
function diff<K>(
  before: Map<K, string>,
  after: Map<K, string>,
  on: {
    add(name: string, key: K): void;
    rename(oldName: string, name: string, key: K): void;
    remove(name: string, key: K): void;
  },
): void {
  for (const [key, name] of after) {
    const was = before.get(key);
    if (was === undefined) on.add(name, key);
    else if (was !== name) on.rename(was, name, key);
  }
  for (const [key, name] of before) if (!after.has(key)) on.remove(name, key);
}

async function followAttributes(afs: Afs): Promise<void> {
  const byBit = (): Map<number, string> =>
    new Map(afs.attributes.entries().map(([name, bit]) => [bit, name]));
  const before = byBit();
  await afs.attributes.load();
  const ev = afs.events;
  asRemote(afs, () =>
    diff(before, byBit(), {
      add: (name, bit) => ev.emit('attribute:add', name, bit),
      rename: (oldName, name, bit) => ev.emit('attribute:rename', oldName, name, bit),
      remove: (name, bit) => ev.emit('attribute:remove', name, bit),
    }),
  );
}

async function followBlobs(afs: Afs, kind: BlobKind): Promise<void> {
  const table = afs.blobs[kind];
  const byId = (): Map<number, string> => new Map(table.list().map((b) => [b.id, b.name]));
  const before = byId();
  await table.load();
  const ev = afs.events;
  asRemote(afs, () =>
    diff(before, byId(), {
      add: (name, id) => ev.emit('blob:add', kind, name, id),
      rename: (oldName, name, id) => ev.emit('blob:rename', kind, oldName, name, id),
      remove: (name, id) => ev.emit('blob:remove', kind, name, id),
    }),
  );
}

export async function applyRemote(afs: Afs, changes: RemoteChanges): Promise<void> {
  if (changes.everything) {
    await afs.reload();
    // the library, the stream's next choice and dashboards follow a reload like a bulk change
    asRemote(afs, () => afs.events.emit('files:bulk-change', afs.files.size));
    return;
  }
  if (changes.fileIds.length > 0)
    await afs.files.refresh(changes.fileIds, (apply) => asRemote(afs, apply));
  if (changes.attributes) await followAttributes(afs);
  for (const kind of changes.blobTables)
    if (Object.hasOwn(afs.blobs, kind)) await followBlobs(afs, kind as BlobKind);
  // moods may name attributes; a changed mood or playlist may be the active one
  if (changes.attributes || changes.blobTables.length > 0) await afs.selector.reload();
}
