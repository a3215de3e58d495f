// Test helpers for the streaming side: a library of fixture files in a fresh database, a vss on
// it, and a sender that records what the vss hands it and when.
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../test/db.js';
import { fixture } from '../../test/fixtures.js';
import type { Harness } from '../../test/harness.js';
import { harness } from '../../test/harness.js';
import { SenderTable } from '../senders/index.js';
import type { Sender, StreamBreak, StreamChunk, StreamFile } from '../senders/index.js';
import { nowUs } from './clock.js';
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

  fileStart(file: StreamFile): void {
    this.events.push({ kind: 'file', file, atUs: nowUs() });
  }
  chunk(chunk: StreamChunk): void {
    this.events.push({ kind: 'chunk', chunk, atUs: nowUs() });
  }
  streamBreak(reason: StreamBreak): void {
    this.events.push({ kind: 'break', reason, atUs: nowUs() });
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
  close(): Promise<void>;
}

/**
 * A database with `files` (fixture names, or [name, path in the library] to copy under another
 * name) added, and a vss with a recording sender. `extra` senders join the table.
 */
export async function streaming(
  files: (string | [string, string])[],
  opts: { announceTimeMs?: number; senders?: Sender[] } = {},
): Promise<Streaming> {
  const h = await harness();
  const lib = tempDir('paraweb-vss-');
  for (const f of files) {
    const [from, to] = typeof f === 'string' ? [fixture(f), f] : [f[0], f[1]];
    fs.copyFileSync(fs.existsSync(from) ? from : fixture(from), path.join(lib, to));
  }
  if (files.length > 0) await h.run(['add', lib]);
  const senders = new SenderTable();
  const rec = new RecordingSender();
  senders.add(rec);
  for (const s of opts.senders ?? []) senders.add(s);
  const vss = new Vss({ afs: h.afs, senders, announceTimeMs: opts.announceTimeMs ?? 0 });
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

/** status item value by name */
export function item(vss: Vss, name: string): string | undefined {
  return vss.items().find(([n]) => n === name)?.[1];
}
