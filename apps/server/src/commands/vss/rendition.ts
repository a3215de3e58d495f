// The rendition command: the live mounts' renditions (renditions/). `make` renders ahead for a mood,
// a playlist or the whole library (a job with progress, cancelled by its signal or `rendition
// cancel`), `ls` and `rm` look at and drop cache entries, `status` shows the queue, the cache and
// the failures. Looking needs AFS_READ; making, dropping and cancelling also AFS_WRITE.
import { z } from 'zod';
import { ParaError } from '../../errors.js';
import type { CacheEntry, RenditionStatus, WarmProgress } from '../../renditions/index.js';
import { fitsRecord } from '../../renditions/index.js';
import { PERMS, permBits } from '../perms.js';
import { defineCommand, type Services } from '../types.js';

const SUBCOMMANDS = ['make', 'ls', 'rm', 'status', 'cancel'] as const;
const WRITING = new Set(['make', 'rm', 'cancel']);

export interface RenditionEntryView {
  path: string;
  hash: string;
  codec: string;
  profile: string;
  bytes: number;
  /** the source's integrated loudness, LUFS */
  loudness: number | null;
  /** ms since the epoch */
  lastUse: number;
}

export type RenditionOutput =
  | { sub: 'make'; spec: string; progress: WarmProgress }
  | { sub: 'ls'; entries: RenditionEntryView[] }
  | { sub: 'rm'; removed: RenditionEntryView[] }
  | { sub: 'status'; status: RenditionStatus }
  | { sub: 'cancel'; cancelled: boolean };

function view(e: CacheEntry): RenditionEntryView {
  return {
    path: e.meta.path,
    hash: e.meta.hash,
    codec: e.meta.codec,
    profile: e.meta.profile,
    bytes: e.size,
    loudness: e.meta.loudness ?? null,
    lastUse: e.lastUse,
  };
}

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;
const when = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const lufs = (v: number | null | undefined): string =>
  v === null || v === undefined ? '-' : `${v.toFixed(1)} LUFS`;

function renderStatus(s: RenditionStatus): string {
  const running = s.queue.filter((j) => j.state === 'running').length;
  const lines = [
    `jobs: ${running} running, ${s.queue.length - running} queued (at most ${s.parallel} at once)`,
    `cache: ${s.cache.entries} entries, ${mb(s.cache.bytes)} of ${mb(s.cache.limitBytes)} (${s.cache.dir})`,
    `made since start: ${s.made}`,
  ];
  if (s.warming) {
    const w = s.warming;
    lines.push(`make: ${w.done}/${w.total} done (${w.cached} cached before, ${w.failed} failed)`);
  }
  for (const j of s.queue)
    lines.push(`${j.state}\t${j.codec}\t${j.urgent ? 'stream' : 'make'}\t${j.path}`);
  for (const f of s.failures)
    lines.push(`failed\t${f.codec}\t${f.at === 0 ? '' : when(f.at)}\t${f.path}: ${f.reason}`);
  return `${lines.join('\n')}\n`;
}

function entryLine(e: RenditionEntryView): string {
  return `${when(e.lastUse)}\t${e.codec}\t${mb(e.bytes)}\t${lufs(e.loudness)}\t${e.path}\n`;
}

function storeOf(services: Services): NonNullable<Services['renditions']> {
  if (!services.renditions)
    throw new ParaError('E_UNSUPPORTED', 'rendition: no live mounts in this process');
  return services.renditions;
}

export const renditionCommand = defineCommand({
  name: 'rendition',
  summary: 'make, list and drop the live mounts\u2019 renditions',
  synopsis: 'rendition make [m/<mood>|p/<playlist>] | ls | rm <pattern> | status | cancel',
  description:
    'A rendition is a file encoded once by ffmpeg for a live mount (/live.mp3, /live.aac, ' +
    '/live.opus) whose codec it is not in, levelled to the loudness target and cached. ' +
    'make renders ahead for every file of a mood or playlist (all files without one), with ' +
    'progress; cancel stops it. ls lists the cache (last use, mount, size, loudness, file), ' +
    'rm drops the entries whose path matches a pattern, status shows the queue, the cache and ' +
    'the failures. ls and status need AFS_READ; make, rm and cancel also AFS_WRITE.',
  perms: permBits('AFS_READ'),
  kind: 'mutation',
  options: [],
  input: z.object({
    args: z
      .array(z.string())
      .min(1, 'rendition: make, ls, rm, status or cancel')
      .refine((a) => (SUBCOMMANDS as readonly string[]).includes(a[0]!), {
        message: 'rendition: the subcommand is make, ls, rm, status or cancel',
      }),
  }),
  async run(ctx, input): Promise<RenditionOutput> {
    const [sub, ...rest] = input.args as [(typeof SUBCOMMANDS)[number], ...string[]];
    if (WRITING.has(sub) && (ctx.user.perms & PERMS.AFS_WRITE) === 0)
      throw new ParaError('E_PERMISSION', `permission denied: rendition ${sub} needs AFS_WRITE`);
    const max = sub === 'rm' ? 1 : sub === 'make' ? 1 : 0;
    if (rest.length > max || (sub === 'rm' && rest.length === 0))
      throw new ParaError(
        'E_SYNTAX',
        `rendition ${sub}: ${sub === 'rm' ? 'one pattern' : sub === 'make' ? 'at most one m/<mood> or p/<playlist>' : 'no arguments'}`,
      );
    const store = storeOf(ctx.services);
    switch (sub) {
      case 'make': {
        const spec = rest[0] ?? 'dummy';
        const files = await ctx.services.afs.filesOf(spec, ctx.signal);
        let shown = -1;
        const progress = await store
          .warmUp(
            files.map((f) => ({
              hash: f.hash,
              path: f.path,
              durationMs: f.durationMs,
              fits: (p) => fitsRecord(f, p),
            })),
            ctx.signal,
            (p) => {
              ctx.progress?.(p);
              const tenth = p.total === 0 ? 10 : Math.floor((p.done * 10) / p.total);
              if (ctx.live && tenth !== shown) {
                shown = tenth;
                ctx.log(`${p.done}/${p.total} done, ${p.failed} failed`);
              }
            },
          )
          .catch((err: unknown) => {
            const msg = err instanceof Error ? err.message : String(err);
            throw new ParaError(
              ctx.signal.aborted || /cancelled/.test(msg) ? 'E_CANCELLED' : 'E_INVALID',
              msg,
            );
          });
        return { sub, spec, progress };
      }
      case 'ls':
        return {
          sub,
          entries: (await store.entries()).map(view).sort((a, b) => b.lastUse - a.lastUse),
        };
      case 'rm':
        return { sub, removed: (await store.remove(rest[0]!)).map(view) };
      case 'status':
        return { sub, status: await store.status() };
      case 'cancel':
        return { sub, cancelled: store.cancelWarm() };
    }
  },
  render(out) {
    switch (out.sub) {
      case 'make': {
        const p = out.progress;
        return `${out.spec}: ${p.total} renditions, ${p.done - p.cached - p.failed} made, ${p.cached} cached before, ${p.failed} failed\n`;
      }
      case 'ls':
        return out.entries.map(entryLine).join('');
      case 'rm':
        return `${out.removed.length} removed\n${out.removed.map(entryLine).join('')}`;
      case 'status':
        return renderStatus(out.status);
      case 'cancel':
        return out.cancelled ? 'rendition make cancelled\n' : 'no rendition make running\n';
    }
  },
  failure: (out) =>
    out.sub === 'make' && out.progress.failed > 0
      ? `${out.progress.failed} renditions failed (rendition status says why)`
      : undefined,
});
