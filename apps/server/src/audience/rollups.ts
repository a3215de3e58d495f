// Listener counts rolled up per minute (peak; kept --audience-minute-days) and per hour (peak,
// listener-seconds, sessions started; kept for ever), so charts over months read a few hundred
// rows and a year of a busy station stays small.
import type { Database } from '../db/index.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** a longer gap between two reports (the stream thread restarting) counts as this much */
const MAX_STEP_MS = 5_000;

interface HourAcc {
  peak: number;
  seconds: number;
  sessions: number;
}

export class Rollups {
  private minuteStart = 0;
  private minutePeak = new Map<string, number>();
  private hourStart = 0;
  private hour = new Map<string, HourAcc>();
  private lastMs = 0;
  private pendingMinutes: { minute: Date; output: string; listeners: number }[] = [];
  private pendingHours: { hour: Date; output: string; acc: HourAcc }[] = [];

  /** One report: listeners per output now, sessions started per output since the last one. */
  add(listeners: Record<string, number>, started: Record<string, number>, atMs: number): void {
    const minute = atMs - (atMs % MINUTE_MS);
    const hour = atMs - (atMs % HOUR_MS);
    if (minute !== this.minuteStart) this.closeMinute(minute);
    if (hour !== this.hourStart) this.closeHour(hour);
    const stepS = this.lastMs === 0 ? 0 : Math.min(MAX_STEP_MS, atMs - this.lastMs) / 1000;
    this.lastMs = atMs;
    const outputs = new Set([...Object.keys(listeners), ...Object.keys(started)]);
    for (const output of outputs) {
      const n = listeners[output] ?? 0;
      this.minutePeak.set(output, Math.max(this.minutePeak.get(output) ?? 0, n));
      const acc = this.hour.get(output) ?? { peak: 0, seconds: 0, sessions: 0 };
      acc.peak = Math.max(acc.peak, n);
      acc.seconds += n * stepS;
      acc.sessions += started[output] ?? 0;
      this.hour.set(output, acc);
    }
  }

  /** Writes the finished minutes and hours; `all` also the current ones (shutdown). */
  async flush(db: Database, all = false): Promise<void> {
    if (all) {
      this.closeMinute(0);
      this.closeHour(0);
    }
    const minutes = this.pendingMinutes;
    const hours = this.pendingHours;
    this.pendingMinutes = [];
    this.pendingHours = [];
    const { prisma } = db;
    await prisma.$transaction(async (tx) => {
      for (const m of minutes) {
        const key = { minute_output: { minute: m.minute, output: m.output } };
        const old = await tx.listenerMinute.findUnique({ where: key });
        const listeners = Math.max(old?.listeners ?? 0, m.listeners);
        await tx.listenerMinute.upsert({ where: key, create: m, update: { listeners } });
      }
      // an hour written before (a restart within it) adds up
      for (const h of hours) {
        const key = { hour_output: { hour: h.hour, output: h.output } };
        const old = await tx.listenerHour.findUnique({ where: key });
        const row = {
          peak: Math.max(old?.peak ?? 0, h.acc.peak),
          listenerSeconds: (old?.listenerSeconds ?? 0) + h.acc.seconds,
          sessions: (old?.sessions ?? 0) + h.acc.sessions,
        };
        await tx.listenerHour.upsert({
          where: key,
          create: { hour: h.hour, output: h.output, ...row },
          update: row,
        });
      }
    });
  }

  private closeMinute(next: number): void {
    if (this.minuteStart !== 0)
      for (const [output, listeners] of this.minutePeak)
        this.pendingMinutes.push({ minute: new Date(this.minuteStart), output, listeners });
    this.minuteStart = next;
    this.minutePeak = new Map();
  }

  private closeHour(next: number): void {
    if (this.hourStart !== 0)
      for (const [output, acc] of this.hour)
        this.pendingHours.push({ hour: new Date(this.hourStart), output, acc });
    this.hourStart = next;
    this.hour = new Map();
  }
}

/** Deletes per-minute counts and sessions older than their retention (days; 0 keeps them). */
export async function applyRetention(
  db: Database,
  opts: { minuteDays: number; sessionDays: number },
  nowMs = Date.now(),
): Promise<{ minutes: number; sessions: number }> {
  const before = (days: number): Date => new Date(nowMs - days * 86_400_000);
  const { prisma } = db;
  const minutes =
    opts.minuteDays > 0
      ? (
          await prisma.listenerMinute.deleteMany({
            where: { minute: { lt: before(opts.minuteDays) } },
          })
        ).count
      : 0;
  const sessions =
    opts.sessionDays > 0
      ? (
          await prisma.listenerSession.deleteMany({
            where: { startedAt: { lt: before(opts.sessionDays) }, endedAt: { not: null } },
          })
        ).count
      : 0;
  return { minutes, sessions };
}
