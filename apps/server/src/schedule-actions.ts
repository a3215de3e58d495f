// What the scheduler (schedule/) does to the stream, wired by app.ts: select as the command does,
// next for a cut.
import type { Services } from './commands/index.js';
import { selectMode } from './commands/index.js';
import type { Schedule, SchedulerActions } from './schedule/index.js';
import type { VssControl } from './vss/index.js';

/** What the scheduler does to the stream: select as the command does, next for a cut. */
export function scheduleActions(
  services: Services,
  schedule: Schedule,
  vss: VssControl,
  log: (line: string) => void,
): SchedulerActions {
  const { afs } = services;
  return {
    select: async (mode) => log((await selectMode(services, mode)).lines.join('; ')),
    skip: async () => vss.next(),
    mode: () => afs.selector.spec,
    nextChanged: () => afs.events.emit('next:change'),
    durations: function* () {
      for (const { id } of afs.selector.table.descending())
        yield afs.files.get(id)?.durationMs ?? Infinity;
    },
    currentEndsAt: () => {
      const end = vss.currentEndsAtMs();
      // the stream's time to the schedule's (a test's clock may run ahead)
      return end === undefined ? undefined : end - Date.now() + schedule.now();
    },
    statusChanged: () => services.status?.changed?.(),
    // on PostgreSQL the playout leader alone applies the schedule (issue #21)
    leads: () => services.leader?.isLeader ?? true,
    log,
  };
}
