// testhook (issue #17): one test event to every --webhook-url, no retries; each URL's outcome.
import { z } from 'zod';
import { ParaError } from '../../errors.js';
import { permBits } from '../perms.js';
import { noArgs } from '../schema.js';
import { defineCommand } from '../types.js';

export const testhookCommand = defineCommand({
  name: 'testhook',
  summary: 'post a test event to every webhook URL and show what each answered',
  synopsis: 'testhook',
  perms: permBits('VSS_WRITE'),
  kind: 'mutation',
  options: [],
  input: z.object({ args: noArgs }),
  async run({ services }) {
    const hooks = services.webhooks;
    if (!hooks) throw new ParaError('E_UNSUPPORTED', 'testhook: only a running para_server posts');
    if (!hooks.configured)
      throw new ParaError('E_INVALID', 'testhook: no webhook configured (--webhook-url)');
    return { results: await hooks.test() };
  },
  render: ({ results }) =>
    results.map((r) => `${r.url}: ${r.ok ? 'ok' : 'failed'} (${r.detail})\n`).join(''),
  failure: ({ results }) => {
    const bad = results.filter((r) => !r.ok).length;
    return bad > 0 ? `testhook: ${bad} of ${results.length} webhooks failed` : undefined;
  },
});
