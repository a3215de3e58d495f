// The public station's settings: the server's options (--station-name, --public-listeners, ...)
// are the defaults, the dashboard's edits (table Station, one row) win over them. Kept in memory,
// so the public routes never wait for the database.
import { z } from 'zod';
import type { Database } from '../db/index.js';

/** what the options say (config.ts), before the dashboard's edits */
export interface StationOptions {
  name: string;
  description: string;
  /** name of an image blob (addimg) */
  artwork?: string | undefined;
  /** --public-off: every public route answers 404, whatever the dashboard says */
  publicOff: boolean;
  /** --public-listeners: publish the number of listeners */
  showListeners: boolean;
  /** --public-next: publish the file that plays next */
  showNext: boolean;
}

export interface StationSettings {
  name: string;
  description: string;
  artwork: string | undefined;
  /** the public routes answer (false: 404) */
  publicOn: boolean;
  showListeners: boolean;
  showNext: boolean;
}

/** A dashboard edit: a field left out stays, null returns it to the option's value. */
export const StationEditSchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(100, 'at most 100 characters'),
    description: z.string().trim().max(1000, 'at most 1000 characters'),
    artwork: z.string().min(1, 'must not be empty').max(255, 'at most 255 characters'),
    publicOn: z.boolean(),
    showListeners: z.boolean(),
    showNext: z.boolean(),
  })
  .partial()
  .strict();
/** the edit with nulls: a field set to null goes back to the option's value */
export type StationEdit = {
  [K in keyof z.output<typeof StationEditSchema>]?: z.output<typeof StationEditSchema>[K] | null;
};

/** the stored row; null: as the option says */
export type StoredStation = { [K in keyof StationSettings]: StationSettings[K] | null };

const EMPTY: StoredStation = {
  name: null,
  description: null,
  artwork: null,
  publicOn: null,
  showListeners: null,
  showNext: null,
};

const ROW_ID = 1;

export class StationStore {
  private row: StoredStation = { ...EMPTY };
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly db: Database,
    readonly options: StationOptions,
  ) {}

  /** reads the row (at start and on hup) */
  async load(): Promise<void> {
    const r = await this.db.prisma.station.findUnique({ where: { id: ROW_ID } });
    this.row = r
      ? {
          name: r.name,
          description: r.description,
          artwork: r.artwork,
          publicOn: r.publicOn,
          showListeners: r.showListeners,
          showNext: r.showNext,
        }
      : { ...EMPTY };
    this.notify();
  }

  /** what the dashboard stored (null: the option's value applies) */
  stored(): StoredStation {
    return { ...this.row };
  }

  /** the settings in force */
  get(): StationSettings {
    const o = this.options;
    const r = this.row;
    return {
      name: r.name ?? o.name,
      description: r.description ?? o.description,
      artwork: r.artwork ?? o.artwork,
      publicOn: !o.publicOff && (r.publicOn ?? true),
      showListeners: r.showListeners ?? o.showListeners,
      showNext: r.showNext ?? o.showNext,
    };
  }

  /** writes the database first, then memory (as every table of the server does) */
  async update(edit: StationEdit): Promise<StationSettings> {
    const next: StoredStation = { ...this.row };
    for (const key of Object.keys(EMPTY) as (keyof StoredStation)[])
      if (edit[key] !== undefined) (next as Record<string, unknown>)[key] = edit[key];
    const data = { ...next, updatedAt: new Date() };
    await this.db.prisma.station.upsert({
      where: { id: ROW_ID },
      create: { id: ROW_ID, ...data },
      update: data,
    });
    this.row = next;
    this.notify();
    return this.get();
  }

  /** called after every change of the settings; returns the unsubscriber */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }
}
