// Several server processes on one database (and para_admin next to them) keep their in-memory
// tables in step: each tells its peers which rows it changed, and re-reads what they changed.
// Changes applied for a peer are not passed on again. This lives in afs, not in a web door, so it
// works whether or not socket.io is attached; app.ts and para_admin wire it to a PeerBus.
import { z } from 'zod';
import type { Afs } from '../afs.js';
import { applyRemote } from './apply.js';
import {
  BATCH_INTERVAL_MS,
  EVERYTHING,
  MAX_CHANGES,
  remoteChanges,
  watchAfsChanges,
  type AfsChangeBatch,
} from './changes.js';
import type { PeerBus } from './redis-bus.js';

const TOPIC = 'afs:changed';

const FileChange = z.object({
  type: z.enum([
    'audio-file:add',
    'audio-file:remove',
    'audio-file:rename',
    'afsi:change',
    'afhi:change',
  ]),
  id: z.number().int(),
  path: z.string(),
  oldPath: z.string().optional(),
});
const BlobChange = z.object({
  type: z.enum(['blob:add', 'blob:remove', 'blob:rename']),
  table: z.string(),
  name: z.string(),
  oldName: z.string().optional(),
  id: z.number().int(),
});
const AttributeChange = z.object({
  type: z.enum(['attribute:add', 'attribute:remove', 'attribute:rename']),
  name: z.string(),
  oldName: z.string().optional(),
  bit: z.number().int(),
});
const BulkChange = z.object({ type: z.literal('files:bulk-change'), count: z.number().int() });
/** what a peer sent: checked, as anything on the channel could have sent it */
const BatchSchema = z.object({
  changes: z.array(z.union([FileChange, BlobChange, AttributeChange, BulkChange])).max(MAX_CHANGES),
  more: z.number().int().min(0),
});

export interface SyncLog {
  warn(obj: object, msg: string): void;
}

export interface AfsSync {
  /** sends the changes gathered so far and waits until they are out (para_admin before exit) */
  flush(): Promise<void>;
  close(): void;
}

export function startAfsSync(afs: Afs, bus: PeerBus, log: SyncLog): AfsSync {
  let applying = Promise.resolve();
  const apply = (work: () => Promise<void>): void => {
    applying = applying
      .then(work)
      .catch((err: unknown) => log.warn({ err: String(err) }, 'peer database changes not applied'));
  };
  const sending = new Set<Promise<void>>();
  const send = (batch: AfsChangeBatch): void => {
    const p = bus.publish(TOPIC, batch).finally(() => sending.delete(p));
    sending.add(p);
  };
  const watch = watchAfsChanges(afs.events, send, BATCH_INTERVAL_MS, () => !afs.applyingRemote);
  const unsubscribe = bus.subscribe(TOPIC, (data) => {
    const batch = BatchSchema.safeParse(data);
    if (!batch.success) return log.warn({ err: batch.error.message }, 'bad peer message dropped');
    apply(() => applyRemote(afs, remoteChanges(batch.data)));
  });
  // back after a loss: what the peers sent meanwhile is lost, so re-read everything; and if this
  // process's own changes were dropped meanwhile, the peers must re-read too
  const unresume = bus.onResume((dropped) => {
    apply(() => applyRemote(afs, remoteChanges(EVERYTHING)));
    if (dropped) send(EVERYTHING);
  });
  return {
    async flush() {
      watch.flush();
      await Promise.all([...sending]);
    },
    close() {
      watch.stop();
      unsubscribe();
      unresume();
    },
  };
}
