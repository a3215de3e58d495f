// The playout leader wired to the stream (issue #21). On PostgreSQL the server processes of one
// database elect a leader (leader/); only the leader streams: with --autoplay it starts playing
// when it gains the lead, and a process that loses the lead stops at once, so two never stream.
// SQLite is one box: no election, --autoplay as before. A standby that takes over from a leader
// it saw goes on as that leader did: the mode of its last play, and playing if that play was
// still open (the leader died while playing), with or without --autoplay. The senders hear of
// the lead too: a standby holds Icecast's fallback mount with silence and leaves the main mounts,
// the leader pushes the main mounts (senders/icecast/standby.ts).
import type { Services } from './commands/index.js';
import { selectMode } from './commands/index.js';
import type { Config } from './config.js';
import type { Database } from './db/index.js';
import { isPostgresUrl } from './db/index.js';
import { Election } from './leader/index.js';
import type { Logger } from './log.js';
import type { ScheduleState } from './schedule/index.js';
import type { StatusItems } from './status/items.js';
import type { VssControl } from './vss/index.js';

export interface PlayoutLeader {
  election: Election;
  /** the status items leader and leader_since */
  items(): StatusItems;
  /** a line of `tasks` */
  task(): { name: string; status: string };
  /** resolves after the election's first round */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** whether this configuration elects a leader (then the stream thread does not autoplay itself) */
export const electsLeader = (config: Config): boolean => isPostgresUrl(config.databaseUrl);

/**
 * A play stopped this shortly before a takeover was stopped by the lead moving: a handover, or a
 * leader that lost its connection and stopped at once (both take about a second or a few).
 */
const STOPPED_BY_THE_MOVE_MS = 15_000;

/**
 * The last play's mode is to stay on a takeover: nothing is scheduled now, or the leader before
 * applied the run in force and the last play, in another mode, started after that (an operator's
 * select). Otherwise the run in force applies (Scheduler.lead): the leader before applied it, or
 * would have (it died at the change, or the entry was saved since that play started).
 */
function keepsMode(
  last: { mode: string; startedAt: Date },
  asked: ScheduleState | undefined,
  run: string | undefined,
  applied: { run: string; at: number } | undefined,
): boolean {
  if (asked?.mode === undefined) return true;
  if (last.mode === asked.mode) return false;
  return applied !== undefined && applied.run === run && last.startedAt.getTime() >= applied.at;
}

/** a count this much later than its file's newest play row is a play of its own (the row's start
 * is the stream thread's moment, the count the main thread's second, a few ms apart) */
const COUNT_AFTER_ROW_MS = 2000;
/** last_played is in whole seconds: a count is up to this much earlier than the moment it was made */
const COUNT_FLOOR_MS = 1000;
/** at most this many files counted in one second are looked at for the lost play */
const SAME_SECOND_COUNTS = 8;
/** older counts are not the dead leader's last act (`touch -l` may set last_played too) */
const LOST_PLAY_RECENT_MS = 10 * 60_000;

/**
 * A play is counted (num_played, last_played) and recorded (its Play row) by two writes at its
 * start; a leader killed between them leaves a count without a row. The newest count, made after
 * the newest row began and without a row of its file near it, gets its row here, ended now, and
 * the play before it ends where it began, so the history has every counted play and no two at
 * once. Returns the path of a play so recorded.
 *
 * It began when the play before it ended, if the dead leader wrote that end (the end is written
 * before the next play is counted, audience/plays.ts); else at its last_played, which is whole
 * seconds and so up to a second earlier than the play before may have ended or even begun.
 */
export async function recordLostPlay(
  db: Database,
  last: { mode: string; startedAt: Date; endedAt?: Date | null },
  nowMs = Date.now(),
): Promise<string | undefined> {
  // the newest counts: files counted in the same second (the play before the lost one may have
  // lasted under a second) share last_played, so each of them is looked at
  const newest = await db.prisma.audioFile.findMany({
    where: { numPlayed: { gt: 0 } },
    orderBy: { lastPlayed: 'desc' },
    take: SAME_SECOND_COUNTS,
    select: { id: true, path: true, lastPlayed: true },
  });
  const top = newest[0]?.lastPlayed;
  if (top === undefined) return undefined;
  const countedMs = Number(top) * 1000;
  // counted before the newest play began (an imported or older count): not its successor
  if (countedMs < last.startedAt.getTime() - COUNT_FLOOR_MS) return undefined;
  if (nowMs - countedMs > LOST_PLAY_RECENT_MS || countedMs > nowMs) return undefined;
  let file: (typeof newest)[number] | undefined;
  for (const f of newest.filter((n) => n.lastPlayed === top)) {
    // its own row, the file's newest: compared with that one, not with the newest row of all, so
    // that a file of a few seconds after another (a jingle) is not taken for that file's play
    const own = await db.prisma.play.findFirst({
      where: { fileId: f.id },
      orderBy: { startedAt: 'desc' },
      select: { startedAt: true },
    });
    if (!own || countedMs > own.startedAt.getTime() + COUNT_AFTER_ROW_MS) file = f;
  }
  if (!file) return undefined;
  const before = last.endedAt?.getTime() ?? last.startedAt.getTime();
  const startedAt = new Date(Math.min(nowMs, Math.max(countedMs, before)));
  await db.prisma.$transaction([
    db.prisma.play.updateMany({
      where: { endedAt: null },
      data: { endedAt: startedAt, endReason: 'ended' },
    }),
    db.prisma.play.create({
      data: {
        fileId: file.id,
        path: file.path,
        startedAt,
        endedAt: new Date(nowMs),
        endReason: 'stopped',
        mode: last.mode,
        reason: last.mode.startsWith('p/') ? 'playlist' : 'mood',
        listenersStart: 0,
        listenersPeak: 0,
      },
    }),
  ]);
  return file.path;
}

/**
 * What the leader before this one left: its last play's mode is selected here when an operator
 * chose it (keepMode: the scheduler keeps it; else the scheduler applies the run in force, see
 * Scheduler.lead), its open play ends now (nobody else ends it), and whether it was playing: its
 * last play still open (it died playing) or stopped by the move of the lead.
 */
export async function takeOver(
  db: Database,
  services: Services,
  log: (line: string) => void,
): Promise<{ wasPlaying: boolean; keepMode: boolean }> {
  const last = await db.prisma.play.findFirst({
    orderBy: { startedAt: 'desc' },
    select: { mode: true, startedAt: true, endedAt: true },
  });
  if (!last) return { wasPlaying: false, keepMode: false };
  const keepMode = keepsMode(
    last,
    services.scheduler?.state(),
    services.scheduler?.currentRun(),
    await services.schedule?.lastApplied(),
  );
  if (keepMode && last.mode !== services.afs.selector.spec) {
    const r = await selectMode(services, last.mode);
    log(`playout leader: the last leader's mode ${last.mode}: ${r.lines.join('; ')}`);
  }
  // the requests as they are now (this node loaded them at its start)
  await services.requests?.load();
  const lost = await recordLostPlay(db, last);
  if (lost) log(`playout leader: the last leader's play of ${lost} had no row: recorded`);
  await db.prisma.play.updateMany({
    where: { endedAt: null },
    data: { endedAt: new Date(), endReason: 'stopped' },
  });
  const stoppedAt = lost ? undefined : last.endedAt?.getTime();
  return {
    wasPlaying: stoppedAt === undefined || Date.now() - stoppedAt < STOPPED_BY_THE_MOVE_MS,
    keepMode,
  };
}

/** the stream as the playout leader drives it: the commands, and the lead for the senders */
export interface LeaderVss extends VssControl {
  lead(leading: boolean): void | Promise<void>;
}

/**
 * Whether the last play was stopped moments ago: a leader moved the lead (a handover, a lost
 * connection, a shutdown) while playing. A node that gains the lead without having seen that
 * leader (it started while the leader handed over, before its first round; or it led alone and
 * lost its connection for a moment) goes on as a takeover would, not as a first start.
 */
export async function leadMovedJustNow(db: Database, nowMs = Date.now()): Promise<boolean> {
  const last = await db.prisma.play.findFirst({
    orderBy: { startedAt: 'desc' },
    select: { endedAt: true },
  });
  const stoppedAt = last?.endedAt?.getTime();
  return stoppedAt !== undefined && nowMs - stoppedAt < STOPPED_BY_THE_MOVE_MS;
}

/** What a node does when it gains the lead: a takeover restores what the leader before left, then
 * the schedule applies (a standby's scheduler applies nothing; Scheduler.lead). `sawLeader`:
 * another node led while this one stood by. */
export async function gainLead(
  db: Database,
  services: Services,
  sawLeader: boolean,
  log: (line: string) => void,
): Promise<{ wasPlaying: boolean }> {
  const takingOver = sawLeader || (await leadMovedJustNow(db));
  if (takingOver && !sawLeader)
    log('playout leader: the last play stopped moments ago: going on as the leader before did');
  const r = takingOver ? await takeOver(db, services, log) : { wasPlaying: false, keepMode: false };
  await services.scheduler?.lead(r.keepMode);
  return r;
}

export function playoutLeader(
  config: Config,
  vss: LeaderVss,
  logger: Logger,
  statusChanged: () => void,
  /** on every gain of the lead; `sawLeader`: from a leader this node saw (see gainLead) */
  gained: (sawLeader: boolean) => Promise<{ wasPlaying: boolean }>,
): PlayoutLeader | undefined {
  if (!electsLeader(config)) return undefined;
  const election = new Election({
    url: config.databaseUrl,
    node: config.nodeName,
    log: { info: (msg) => logger.info(msg), warn: (msg) => logger.warn(msg) },
  });
  let autoplay: NodeJS.Timeout | undefined;
  /** another node led while this one stood by: gaining the lead is a takeover */
  let sawOther = false;
  const act = (what: string, call: () => void | Promise<void>): void => {
    Promise.resolve()
      .then(call)
      .catch((err: unknown) => logger.error({ err }, `playout leader: ${what} failed`));
  };
  /** what the senders were last told (undefined: nothing yet) */
  let told: boolean | undefined;
  const tell = (leading: boolean): void => {
    if (told === leading) return;
    told = leading;
    act(leading ? 'lead' : 'stand by', () => vss.lead(leading));
  };
  election.on((e) => {
    if (e.type === 'leader' && e.node !== undefined && e.node !== election.node) sawOther = true;
    if (e.type === 'leader' && e.node !== election.node) tell(false);
    if (e.type === 'gained') {
      tell(true);
      const sawLeader = sawOther;
      sawOther = false;
      act('take over', async () => {
        const { wasPlaying } = await gained(sawLeader);
        if (!election.isLeader) return;
        // a takeover goes on at once; a first leader waits --autoplay-delay as before
        if (wasPlaying) return vss.play();
        if (config.autoplay)
          autoplay = setTimeout(() => {
            if (election.isLeader) act('play', () => vss.play());
          }, config.autoplayDelay);
      });
    } else if (e.type === 'lost') {
      clearTimeout(autoplay);
      // the main mounts are left first, then the stream stops
      tell(false);
      act('stop', () => vss.stop());
    }
    statusChanged();
  });
  return {
    election,
    items: () => [
      ['leader', election.leader?.node ?? ''],
      ['leader_since', election.leader?.since.toISOString() ?? ''],
    ],
    task: () => ({
      name: `playout leader (${election.node})`,
      status: election.isLeader
        ? `leads since ${election.since?.toISOString()}`
        : `standby; ${election.leader ? `${election.leader.node} leads` : 'no node leads'}`,
    }),
    start: async () => {
      await election.start();
      // a standby that sees no leader yet holds the standby mount as well
      if (!election.isLeader) tell(false);
    },
    close: () => {
      clearTimeout(autoplay);
      return election.close();
    },
  };
}
