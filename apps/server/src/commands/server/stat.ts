// stat: the live status, pushed as a complete dump on every change (docs/paraslash/status.md §1).
import { z } from 'zod';
import { ParaError } from '../../errors.js';
import { renderHuman, renderParserFriendly } from '../../status/items.js';
import { permBits } from '../perms.js';
import { flag, int, noArgs } from '../schema.js';
import { defineCommand } from '../types.js';

/** paraslash's stat handlers sleep at most this long between dumps */
export const STAT_REFRESH_MS = 50_000;

export const statCommand = defineCommand({
  name: 'stat',
  summary: 'print status information, and again on every change',
  synopsis: 'stat [-n num] [-p]',
  description:
    'Prints the status items of the stream and of the current audio file, then a complete dump again after every change (and at least every 50 seconds). Without -n (or with -n 0) it runs until the client closes the connection; where output cannot come while it runs (a web request), it prints one dump.',
  perms: permBits('VSS_READ'),
  kind: 'query',
  options: [
    {
      key: 'num',
      short: 'n',
      long: 'num',
      arg: 'required',
      help: 'exit after num dumps (0: never)',
    },
    {
      key: 'parserFriendly',
      short: 'p',
      long: 'parser-friendly',
      arg: 'none',
      help: 'size-prefixed output with numeric item ids',
    },
  ],
  input: z.object({ num: int(0, 0x7fffffff).default(0), parserFriendly: flag, args: noArgs }),
  async run(ctx, input) {
    const feed = ctx.services.status;
    if (!feed) throw new ParaError('E_UNSUPPORTED', 'stat: no status available here');
    const render = input.parserFriendly ? renderParserFriendly : renderHuman;
    // a web request cannot take an endless answer: one dump there unless -n asks for more
    const num = input.num === 0 && !ctx.live ? 1 : input.num;
    let dirty: boolean;
    let wake: (() => void) | undefined;
    const unsubscribe = feed.subscribe(() => {
      dirty = true;
      wake?.();
    });
    const onAbort = (): void => wake?.();
    ctx.signal.addEventListener('abort', onAbort);
    try {
      for (let sent = 1; ; sent++) {
        dirty = false;
        const dump = render(feed.items());
        // log() sends a line and adds its newline back; each dump is one piece of output
        if (dump !== '') ctx.log(dump.endsWith('\n') ? dump.slice(0, -1) : dump);
        if (num > 0 && sent >= num) return { dumps: sent };
        if (!dirty && !ctx.signal.aborted) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, STAT_REFRESH_MS);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = undefined;
        }
        if (ctx.signal.aborted) throw new ParaError('E_CANCELLED', 'stat: connection closed');
      }
    } finally {
      unsubscribe();
      ctx.signal.removeEventListener('abort', onAbort);
    }
  },
  render: () => '',
});
