// Test helpers for the streaming side: a library of fixture files in a fresh database, a vss on
// it (on the wall clock, or on a virtual clock that the test moves), and a sender that records
// what the vss hands it and when.
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../test/db.js';
import { fixture } from '../../test/fixtures.js';
import type { Harness } from '../../test/harness.js';
import { harness } from '../../test/harness.js';
import { SenderTable } from '../senders/index.js';
import type { MountFeeder, MountProfile, MountSink } from '../senders/mounts/types.js';
import type { Sender, StreamBreak, StreamChunk, StreamFile } from '../senders/index.js';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { VirtualClock } from '../../test/virtual-clock.js';
import type { Clock } from './clock.js';
import { wallClock } from './clock.js';
import { Vss } from './vss.js';

export type Recorded =
  | { kind: 'file'; file: StreamFile; atUs: number }
  | { kind: 'chunk'; chunk: StreamChunk; atUs: number }
  | { kind: 'break'; reason: StreamBreak; atUs: number };

export class RecordingSender implements Sender {
  readonly name = 'rec';
  readonly isOn = true;
  readonly subcommands = {};
  events: Recorded[] = [];

  /** `clock`: the one the vss streams on */
  constructor(private readonly clock: Clock = wallClock) {}

  fileStart(file: StreamFile): void {
    this.events.push({ kind: 'file', file, atUs: this.clock.nowUs() });
  }
  chunk(chunk: StreamChunk): void {
    this.events.push({ kind: 'chunk', chunk, atUs: this.clock.nowUs() });
  }
  streamBreak(reason: StreamBreak): void {
    this.events.push({ kind: 'break', reason, atUs: this.clock.nowUs() });
  }
  chunks(): { chunk: StreamChunk; atUs: number }[] {
    return this.events.flatMap((e) => (e.kind === 'chunk' ? [e] : []));
  }
  files(): StreamFile[] {
    return this.events.flatMap((e) => (e.kind === 'file' ? [e.file] : []));
  }
  breaks(): StreamBreak[] {
    return this.events.flatMap((e) => (e.kind === 'break' ? [e.reason] : []));
  }
  help(): string {
    return '';
  }
  listenerCount(): number {
    return 0;
  }

  status(): string {
    return '';
  }
  command(): Promise<string | undefined> {
    return Promise.resolve(undefined);
  }
  start(): Promise<void> {
    return Promise.resolve();
  }
  stop(): Promise<void> {
    return Promise.resolve();
  }
}

export interface Streaming {
  h: Harness;
  lib: string;
  vss: Vss;
  senders: SenderTable;
  rec: RecordingSender;
  /** polls until `check` holds, for at most `ms` of the stream's time */
  until(check: () => boolean, ms?: number, what?: string): Promise<void>;
  /** lets `ms` of the stream's time pass */
  sleep(ms: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A database with `files` (fixture names, or [name, path in the library] to copy under another
 * name) added, and a vss with a recording sender. `extra` senders join the table. With
 * `virtual`, the vss streams on a VirtualClock that until() and sleep() move.
 */
export async function streaming(
  files: (string | [string, string])[],
  opts: {
    announceTimeMs?: number;
    senders?: Sender[];
    virtual?: boolean;
    /** live mounts: their sinks are the senders that are MountSinks, and `mountSinks` */
    mounts?: MountProfile[];
    mountSinks?: MountSink[];
    feeder?: MountFeeder;
  } = {},
): Promise<Streaming> {
  const h = await harness();
  const lib = tempDir('paraweb-vss-');
  for (const f of files) {
    const [from, to] = typeof f === 'string' ? [fixture(f), f] : [f[0], f[1]];
    fs.copyFileSync(fs.existsSync(from) ? from : fixture(from), path.join(lib, to));
  }
  if (files.length > 0) await h.run(['add', lib]);
  const senders = new SenderTable();
  const clock = opts.virtual ? new VirtualClock() : undefined;
  const rec = new RecordingSender(clock);
  senders.add(rec);
  for (const s of opts.senders ?? []) senders.add(s);
  const vss = new Vss({
    afs: h.afs,
    senders,
    announceTimeMs: opts.announceTimeMs ?? 0,
    clock,
    mounts: opts.mounts,
    mountSinks: opts.mountSinks,
    feeder: opts.feeder,
  });
  vss.start();
  h.services.vss = vss;
  h.services.senders = senders;
  h.services.status = vss;
  return {
    h,
    lib,
    vss,
    senders,
    rec,
    until: (check, ms, what) =>
      clock ? clock.until(check, ms, what, () => settle(vss)) : until(check, ms, what),
    sleep: (ms) => (clock ? clock.advance(ms, () => settle(vss)) : sleep(ms)),
    async close() {
      vss.close();
      for (const s of senders.all()) await s.stop();
      await h.close();
      fs.rmSync(lib, { recursive: true, force: true });
    },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` holds (every 10 ms, at most `ms`). */
export async function until(check: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** How long afs may take to choose and read a next file while the virtual clock waits. */
const REAL_WAIT_MS = 20_000;

/**
 * Lets the real work run (afs reading a file, database writes): a turn of the event loop, and
 * while afs chooses the next file, as long as it takes, so that on the virtual clock reading a
 * file takes no time at all and the stream is the same on every run.
 */
async function settle(vss: Vss): Promise<void> {
  await nextTurn();
  await nextTurn();
  const end = Date.now() + REAL_WAIT_MS;
  while (vss.choosing) {
    if (Date.now() > end) throw new Error('afs did not choose the next file in time');
    await sleep(1);
  }
}

/** status item value by name */
export function item(vss: Vss, name: string): string | undefined {
  return vss.items().find(([n]) => n === name)?.[1];
}
