// The five commands of each blob table: addX, catX, lsX, rmX, mvX for X = img, lyr, mood, pl.
import { z } from 'zod';
import type { BlobData, BlobKind, BlobTable } from '../../afs/index.js';
import { compileMood } from '../../afs/selection/index.js';
import { ParaError } from '../../errors.js';
import { permBits } from '../perms.js';
import { exactArgs, someArgs } from '../schema.js';
import type { Services } from '../types.js';
import { defineCommand } from '../types.js';
import { UploadGate } from './upload-gate.js';
import { namedListInput, namedListOptions, renderNamed, sortNamed } from './named-list.js';

const WRITE = permBits('AFS_READ', 'AFS_WRITE');
/** uploads larger than this are refused (paraslash bounds them by its shared memory area) */
export const MAX_BLOB_SIZE = 64 * 1024 * 1024;

/** base64 as the structured doors send it (RFC 4648 §4, padded, no white space), decoded once */
export function decodeBase64(text: string, what: string): Buffer {
  let bad = text.length % 4 !== 0;
  for (let i = 0; i < text.length && !bad; i++) {
    const c = text.charCodeAt(i);
    const isAlnum = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    const isPad =
      c === 61 && i >= text.length - 2 && (i === text.length - 1 || text[i + 1] === '=');
    bad = !(isAlnum || c === 43 || c === 47 || isPad);
  }
  if (bad) throw new ParaError('E_INVALID', `${what}: the data is not valid base64`);
  return Buffer.from(text, 'base64');
}

/** one upload at a time, whichever door it comes through (upload-gate.ts) */
const uploads = new UploadGate(1);

const NOUNS: Record<BlobKind, { one: string; many: string }> = {
  img: { one: 'image', many: 'images' },
  lyr: { one: 'lyrics', many: 'lyrics' },
  mood: { one: 'mood', many: 'moods' },
  pl: { one: 'playlist', many: 'playlists' },
};

function blobCommands<K extends BlobKind>(kind: K) {
  const { one, many } = NOUNS[kind];
  const table = (s: Services): BlobTable => s.afs.blobs[kind];
  const add = defineCommand({
    name: `add${kind}`,
    summary: `add or replace a blob of the ${one} table`,
    synopsis: `add${kind} name`,
    description: `The data is read from the client (para_client's standard input). An existing ${one} of that name is replaced and keeps its id.`,
    perms: WRITE,
    kind: 'mutation',
    readsData: true,
    options: [],
    input: z.object({
      args: exactArgs(1, 'name'),
      /** structured doors (tRPC) pass the data here, base64-encoded */
      data: z.string().optional(),
    }),
    async run(ctx, input) {
      const leave = await uploads.enter(ctx.signal);
      try {
        let data: BlobData;
        if (input.data !== undefined) data = decodeBase64(input.data, `add${kind}`);
        else if (ctx.readDataParts) data = await ctx.readDataParts();
        else if (ctx.readData) data = await ctx.readData();
        else throw new ParaError('E_INVALID', `add${kind}: no data`);
        const size = Array.isArray(data) ? data.reduce((n, p) => n + p.length, 0) : data.length;
        if (size > MAX_BLOB_SIZE) throw new ParaError('E_INVALID', `${one} too large`);
        const name = input.args[0]!;
        // a malformed mood is refused with its position and never stored
        if (kind === 'mood') {
          const text = Buffer.concat(Array.isArray(data) ? data : [data]).toString('utf8');
          compileMood(name, text, ctx.services.afs.moodContext());
        }
        // the bytes were made for this upload alone: the writer may take them over
        return await table(ctx.services).add(name, data, true);
      } finally {
        leave();
      }
    },
    render: () => '',
  });
  const cat = defineCommand({
    name: `cat${kind}`,
    summary: `print the content of ${many}`,
    synopsis: `cat${kind} name...`,
    perms: permBits('AFS_READ'),
    kind: 'query',
    binaryOutput: true,
    options: [],
    input: z.object({ args: someArgs('name') }),
    async run({ services }, input) {
      const parts: { name: string; data: string }[] = [];
      for (const name of input.args) {
        parts.push({ name, data: Buffer.from(await table(services).get(name)).toString('base64') });
      }
      return { blobs: parts };
    },
    // raw bytes as latin1, so the TCP door can send them unchanged
    render: (out) =>
      out.blobs.map((b) => Buffer.from(b.data, 'base64').toString('latin1')).join(''),
  });
  const ls = defineCommand({
    name: `ls${kind}`,
    summary: `list ${many}`,
    synopsis: `ls${kind} [-i] [-l] [-r] [pattern...]`,
    perms: permBits('AFS_READ'),
    kind: 'query',
    options: namedListOptions('id'),
    input: namedListInput,
    run({ services }, input) {
      return Promise.resolve({ blobs: sortNamed(table(services).list(input.args), input) });
    },
    render: (out, input) => renderNamed(out.blobs, input),
  });
  const rm = defineCommand({
    name: `rm${kind}`,
    summary: `remove ${many}`,
    synopsis: `rm${kind} pattern...`,
    perms: WRITE,
    kind: 'mutation',
    options: [],
    input: z.object({ args: someArgs('pattern') }),
    async run({ services }, input) {
      // the schedule's moods and playlists stay until no entry uses them
      const used = table(services)
        .list(input.args)
        .flatMap((b) =>
          (services.schedule?.usesOf(kind, b.name) ?? []).map((u) => `${b.name}: ${u}`),
        );
      if (used.length > 0)
        throw new ParaError('E_INVALID', `rm${kind}: used by the schedule: ${used.join('; ')}`);
      return { removed: await table(services).remove(input.args) };
    },
    render: () => '',
  });
  const mv = defineCommand({
    name: `mv${kind}`,
    summary: `rename a blob of the ${one} table`,
    synopsis: `mv${kind} old new`,
    perms: WRITE,
    kind: 'mutation',
    options: [],
    input: z.object({ args: exactArgs(2, 'old new') }),
    async run({ services }, input) {
      const [oldName, newName] = input.args as [string, string];
      await table(services).rename(oldName, newName);
      return { oldName, newName };
    },
    render: () => '',
  });
  return [add, cat, ls, rm, mv] as const;
}

export const blobCommandList = [
  ...blobCommands('img'),
  ...blobCommands('lyr'),
  ...blobCommands('mood'),
  ...blobCommands('pl'),
] as const;
