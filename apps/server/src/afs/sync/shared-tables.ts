// Tables that live outside afs but that every process holds in memory (the schedule, the request
// queue) stay in step the plain way: the process that changed one tells its peers, which read it
// again from the database (both tables are small). The playout leader thus plays a request taken
// by a standby, and applies a schedule entry saved there. After a loss of the link every process
// reads them again, as messages sent meanwhile are lost.
import type { PeerBus } from './redis-bus.js';

export interface SharedTable {
  /** names the topic: table:<name> */
  readonly tableName: string;
  /** a change made by this process (not a reload); returns the unsubscriber */
  onEdit(listener: () => void): () => void;
  /** reads the table again from the database */
  reload(): Promise<void>;
}

export function shareTables(
  bus: PeerBus,
  tables: readonly SharedTable[],
  log: { warn(msg: string): void },
): () => void {
  const stops = tables.flatMap((t) => {
    const topic = `table:${t.tableName}`;
    // one reload at a time, and one more if asked meanwhile
    let running: Promise<void> | undefined;
    let again = false;
    const reload = (): void => {
      if (running) {
        again = true;
        return;
      }
      running = t
        .reload()
        .catch((err: unknown) =>
          log.warn(`${t.tableName}: a peer's change not read: ${String(err)}`),
        )
        .finally(() => {
          running = undefined;
          if (again) {
            again = false;
            reload();
          }
        });
    };
    return [
      t.onEdit(() => void bus.publish(topic, {})),
      bus.subscribe(topic, reload),
      bus.onResume(reload),
    ];
  });
  return () => {
    for (const stop of stops) stop();
  };
}
