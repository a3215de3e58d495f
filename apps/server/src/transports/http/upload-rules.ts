// What an upload must satisfy before any byte is stored (issue #19): who may upload, the size of
// one file, the total per user and day, the allowed extensions and the free disk space kept; and
// where a finished file goes (a sub-folder per uploader or per date, names made safe).
import fs from 'node:fs';
import path from 'node:path';
import { audioSuffixes } from '../../commands/index.js';
import type { Database } from '../../db/index.js';

export type UploadSubdir = 'user' | 'date' | 'none';

export interface UploadOptions {
  /** finished files go below it; unfinished ones in its .partial folder */
  dir: string;
  subdir: UploadSubdir;
  maxBytes: number;
  /** per user and UTC day, counted when an upload is created (in the database: table UploadDay) */
  dailyBytes: number;
  /** lower case, without the dot; empty: the suffixes of the audio formats */
  extensions: string[];
  /** free space the disk keeps after the upload */
  minFreeBytes: number;
}

/** A refusal the client sees: an HTTP status and one line (status_code and body are what
 * @tus/server answers a thrown error with). */
export class UploadRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }

  get status_code(): number {
    return this.status;
  }

  get body(): string {
    return `${this.message}\n`;
  }
}

const MB = 1024 * 1024;
const mb = (n: number): string => `${+(n / MB).toFixed(1)} MB`;

/** The limits as the client shows them (GET /api/uploads/limits). */
export function publicLimits(o: UploadOptions): {
  maxBytes: number;
  dailyBytes: number;
  extensions: string[];
} {
  return {
    maxBytes: o.maxBytes,
    dailyBytes: o.dailyBytes,
    extensions: o.extensions.length > 0 ? o.extensions : audioSuffixes(),
  };
}

/** One path component, safe on disk and in afs: no separators, controls, dot names. */
export function safeName(name: string): string {
  const cleaned = name
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replace(/[\u0000-\u001f\u007f/\\]/g, '_')
    .trim()
    .replace(/^\.+/, '_');
  return cleaned.slice(0, 200) || 'upload';
}

/** The folder of a dropped file inside its dropped folder (webkitRelativePath), made safe. */
export function safeRelativeDir(relative: string | null | undefined): string[] {
  if (!relative) return [];
  const parts = relative.split(/[\\/]/).filter((p) => p !== '' && p !== '.' && p !== '..');
  return parts.slice(0, -1).slice(0, 8).map(safeName);
}

const day = (): string => new Date().toISOString().slice(0, 10);

/** The daily totals live in the database, so the limit holds across restarts and across the
 * server processes of one database; a reservation is one conditional UPDATE, so two uploads
 * created at once cannot both pass the limit. */
export class UploadQuota {
  /** the day whose older rows were removed last */
  private pruned = '';

  constructor(
    private readonly o: UploadOptions,
    private readonly db: Database,
  ) {}

  /** Bytes `user` has uploaded (or reserved) today. */
  async usedToday(user: string): Promise<number> {
    const row = await this.db.prisma.uploadDay.findUnique({
      where: { day_user: { day: day(), user } },
    });
    return Number(row?.bytes ?? 0n);
  }

  /** Checks a new upload of `size` bytes named `filename`; reserves its bytes for the day. */
  async admit(
    user: string,
    filename: string | null | undefined,
    size: number | undefined,
  ): Promise<void> {
    if (!filename) throw new UploadRefusal(400, 'the upload names no file (metadata filename)');
    const ext = path.extname(filename).slice(1).toLowerCase();
    const allowed = publicLimits(this.o).extensions;
    if (!allowed.includes(ext))
      throw new UploadRefusal(
        415,
        `${filename}: ${ext ? `.${ext}` : 'no extension'} is not accepted (allowed: ${allowed.join(', ')})`,
      );
    if (size === undefined) throw new UploadRefusal(400, 'the upload must say its length');
    if (size === 0) throw new UploadRefusal(400, `${filename}: empty file (0 bytes)`);
    if (size > this.o.maxBytes)
      throw new UploadRefusal(
        413,
        `${filename}: too large (${mb(size)}; at most ${mb(this.o.maxBytes)})`,
      );
    fs.mkdirSync(this.o.dir, { recursive: true });
    const st = fs.statfsSync(this.o.dir);
    const free = st.bavail * st.bsize;
    if (free - size < this.o.minFreeBytes)
      throw new UploadRefusal(
        507,
        `${filename}: not enough disk space (${mb(free)} free, ${mb(this.o.minFreeBytes)} must stay free)`,
      );
    await this.reserve(user, filename, size);
  }

  private async reserve(user: string, filename: string, size: number): Promise<void> {
    const today = day();
    const days = this.db.prisma.uploadDay;
    if (this.pruned !== today) {
      await days.deleteMany({ where: { day: { lt: today } } });
      this.pruned = today;
    }
    await days.upsert({
      where: { day_user: { day: today, user } },
      create: { day: today, user, bytes: 0n },
      update: {},
    });
    const r = await days.updateMany({
      where: { day: today, user, bytes: { lte: BigInt(this.o.dailyBytes - size) } },
      data: { bytes: { increment: BigInt(size) } },
    });
    if (r.count === 0)
      throw new UploadRefusal(
        413,
        `${filename}: over the daily upload limit (${mb(await this.usedToday(user))} of ${mb(this.o.dailyBytes)} used today)`,
      );
  }

  /** Gives back what a cancelled upload had reserved and not sent. */
  async release(user: string, bytes: number): Promise<void> {
    if (bytes <= 0) return;
    await this.db.prisma.uploadDay.updateMany({
      where: { day: day(), user, bytes: { gte: BigInt(bytes) } },
      data: { bytes: { decrement: BigInt(bytes) } },
    });
  }
}

/** Where a finished upload goes: a free name in the uploader's, the date's or the upload folder. */
export function targetPath(
  o: UploadOptions,
  user: string,
  filename: string,
  relative?: string | null,
): string {
  const sub = o.subdir === 'user' ? [safeName(user)] : o.subdir === 'date' ? [day()] : [];
  const dir = path.join(o.dir, ...sub, ...safeRelativeDir(relative));
  fs.mkdirSync(dir, { recursive: true });
  const name = safeName(filename);
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let i = 0; ; i++) {
    const p = path.join(dir, i === 0 ? name : `${stem} (${i})${ext}`);
    if (!fs.existsSync(p)) return p;
  }
}
