// request: the request queue (issue #20) for operators: queue a file (it plays after the current
// one, before the mode's choice), list, reject (rm), reorder (mv), approve listeners' requests.
import { z } from 'zod';
import { ParaError } from '../../errors.js';
import type { RequestQueue, SongRequestView } from '../../requests/index.js';
import { permBits } from '../perms.js';
import type { Services } from '../types.js';
import { defineCommand } from '../types.js';

/** requests played or rejected that every answer carries (the dashboard's history) */
const RECENT = 20;
const SUBCOMMANDS = ['add', 'ls', 'rm', 'mv', 'approve'] as const;

function queueOf(services: Services): RequestQueue {
  if (!services.requests) throw new ParaError('E_UNSUPPORTED', 'request: not available here');
  return services.requests;
}

function ids(words: readonly string[]): number[] {
  if (words.length === 0) throw new ParaError('E_INVALID', 'request: <id>... needed');
  return words.map((w) => {
    const n = Number(w);
    if (!Number.isInteger(n) || n <= 0) throw new ParaError('E_INVALID', `not a request id: ${w}`);
    return n;
  });
}

export const requestCommand = defineCommand({
  name: 'request',
  summary: '(paraweb) the request queue: files that play next, before the mode chooses',
  synopsis: 'request add <path>... | ls | rm <id>... | mv <id> <place> | approve <id>...',
  description:
    "add queues files (an operator's requests skip the listeners' rules); ls lists the waiting requests (queued in play order, then those waiting for approval); rm rejects; mv moves a request to a place in its list; approve queues a listener's request.",
  perms: permBits('AFS_READ', 'AFS_WRITE'),
  kind: 'mutation',
  options: [],
  input: z.object({
    args: z
      .array(z.string().max(4096))
      .min(1, `a subcommand is needed: ${SUBCOMMANDS.join(', ')}`)
      .max(1000),
  }),
  async run({ services, user }, input) {
    const q = queueOf(services);
    const [sub, ...rest] = input.args;
    switch (sub) {
      case 'add': {
        if (rest.length === 0) throw new ParaError('E_INVALID', 'request add: <path>... needed');
        const files = rest.map((p) => {
          const f = services.afs.files.getByPath(p);
          if (!f) throw new ParaError('E_NOT_FOUND', `no such audio file: ${p}`);
          return f;
        });
        for (const f of files) await q.add(f.id, `user:${user.name}`);
        break;
      }
      case 'ls':
        if (rest.length > 0) throw new ParaError('E_INVALID', 'request ls: no arguments');
        break;
      case 'rm':
        await q.reject(ids(rest));
        break;
      case 'mv': {
        const [id, place] = ids(rest);
        if (rest.length !== 2 || place === undefined)
          throw new ParaError('E_INVALID', 'request mv: <id> <place> needed');
        await q.move(id!, place);
        break;
      }
      case 'approve':
        for (const id of ids(rest)) await q.approve(id);
        break;
      default:
        throw new ParaError(
          'E_INVALID',
          `request: unknown subcommand ${sub ?? ''}; use ${SUBCOMMANDS.join(', ')}`,
        );
    }
    const end = services.vss?.currentEndsAtMs();
    const file = (r: SongRequestView) => {
      const f = services.afs.files.get(r.fileId);
      return {
        ...r,
        path: f?.path ?? `#${r.fileId}`,
        title: f?.title ?? '',
        artist: f?.artist ?? '',
        durationMs: f?.durationMs ?? 0,
      };
    };
    return {
      sub,
      autoApprove: q.opts.autoApprove,
      waiting: q.waiting().map((r) => ({ ...file(r), eta: q.eta(r.id, end) })),
      /** the last requests played or rejected, newest first, with the listeners when it started */
      recent: q
        .history()
        .sort((x, y) => (y.playedAt ?? y.createdAt) - (x.playedAt ?? x.createdAt) || y.id - x.id)
        .slice(0, RECENT)
        .map(file),
    };
  },
  render: (out) =>
    out.sub === 'ls' ? out.waiting.map((r) => `${line(r)}\t${r.path}\n`).join('') : '',
});

function line(r: SongRequestView & { eta: number | undefined }): string {
  const eta = r.eta === undefined ? '' : new Date(r.eta).toISOString().slice(11, 19);
  return `${r.id}\t${r.status}\t${r.source}\t${eta}`;
}
