// Uploads from the browser (issue #19): the tus protocol (@tus/server with its file store) under
// /api/uploads on the API port, resumable after a dropped connection or a reload. Who may upload
// is checked before tus sees the request, so a user without AFS_WRITE has no byte stored; the
// limits (upload-rules.ts) are checked when the upload is created, before its bytes are sent.
// A finished file is moved out of the .partial folder and added by the `add` command as the
// uploader; one that is not audio, or a duplicate, is removed again. Nothing partial is added:
// unfinished files have no audio suffix and live in .partial.
import fs from 'node:fs';
import path from 'node:path';
import type { Server as TusServer, Upload } from '@tus/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PERMS } from '../../commands/index.js';
import { authenticate, bearerToken, CSRF_HEADER } from '../../web-auth/index.js';
import type { ApiServices } from '../web/index.js';
import { runWebCommand } from '../web/index.js';
import type { UploadOptions } from './upload-rules.js';
import { publicLimits, targetPath, UploadQuota, UploadRefusal } from './upload-rules.js';

export const UPLOAD_PATH = '/api/uploads';

/** What the client learns when an upload is complete. */
export type UploadResult =
  | { status: 'added'; path: string }
  | { status: 'duplicate'; of: string }
  | { status: 'not audio'; reason: string };

type Who = { user: string; perms: number };

async function uploader(api: ApiServices, req: FastifyRequest): Promise<Who> {
  const who = await authenticate(api.auth, {
    authorization: req.headers.authorization,
    cookie: req.headers.cookie,
  });
  if (who.kind !== 'user') throw new UploadRefusal(401, 'uploads need a login');
  const need = PERMS.AFS_READ | PERMS.AFS_WRITE;
  if ((who.principal.perms & need) !== need)
    throw new UploadRefusal(403, 'permission denied: uploads need AFS_READ and AFS_WRITE');
  // a cookie alone could come from another site's form: the header proves our page sent it
  if (bearerToken(req.headers.authorization) === undefined && !req.headers[CSRF_HEADER])
    throw new UploadRefusal(403, `uploads need the ${CSRF_HEADER} header`);
  return { user: who.principal.user, perms: who.principal.perms };
}

const refusal = (err: unknown): { status_code: number; body: string } =>
  err instanceof UploadRefusal
    ? { status_code: err.status, body: `${err.message}\n` }
    : { status_code: 500, body: `${err instanceof Error ? err.message : String(err)}\n` };

/** the methods of tus; OPTIONS (CORS preflight) is @fastify/cors's */
const METHODS = ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'] as const;
/** request headers of tus, allowed across origins (the dashboard on its own port) */
export const TUS_HEADERS = [
  'tus-resumable',
  'upload-length',
  'upload-metadata',
  'upload-offset',
  'upload-defer-length',
  'upload-concat',
];

export function registerUploads(
  app: FastifyInstance,
  api: ApiServices,
  opts: UploadOptions | undefined,
  /** the API's origin rule (the dashboard's origin may send cookies) */
  originOk: (req: FastifyRequest) => boolean,
): void {
  const off = (_req: FastifyRequest, reply: FastifyReply): FastifyReply =>
    reply.code(404).send({ error: 'uploads are off: the server has no --upload-dir' });
  if (!opts) {
    app.route({ method: [...METHODS], url: UPLOAD_PATH, handler: off });
    app.route({ method: [...METHODS], url: `${UPLOAD_PATH}/*`, handler: off });
    return;
  }
  const partial = path.join(opts.dir, '.partial');
  fs.mkdirSync(partial, { recursive: true });
  const quota = new UploadQuota(opts, api.services.afs.db);
  /** the user of each request tus handles, checked before it got there */
  const users = new WeakMap<object, Who>();
  const whoOf = (req: { runtime?: { node?: { req: object } } }): Who | undefined => {
    const raw = req.runtime?.node?.req;
    return raw ? users.get(raw) : undefined;
  };

  const finish = async (who: Who, upload: Upload): Promise<UploadResult> => {
    const staged = path.join(partial, upload.id);
    const meta = upload.metadata ?? {};
    const target = targetPath(opts, who.user, meta.filename ?? upload.id, meta.relativePath);
    await fs.promises.rename(staged, target);
    await fs.promises.rm(`${staged}.json`, { force: true });
    const lines: string[] = [];
    const reply = await runWebCommand(
      api,
      api.commands.lookup('add'),
      { name: who.user, perms: who.perms },
      { args: [target] },
      { onLog: (l) => lines.push(l) },
    ).catch((err: unknown) => ({
      output: undefined,
      failure: err instanceof Error ? err.message : String(err),
    }));
    const out = reply.output as { added?: number; duplicates?: number } | undefined;
    if (out?.added === 1) return { status: 'added', path: target };
    await fs.promises.rm(target, { force: true });
    const dup = lines.map((l) => /: duplicate of (.*), not added$/.exec(l)?.[1]).find(Boolean);
    if (out?.duplicates === 1 && dup) return { status: 'duplicate', of: dup };
    return { status: 'not audio', reason: reply.failure ?? lines.join('; ') };
  };

  /** tus and its file store, loaded at the first upload: an idle server does not hold their
   * code (~3 MB of heap; docs/streaming.md §8) */
  const makeTus = async (): Promise<TusServer> => {
    const [{ Server }, { FileStore }] = await Promise.all([
      import('@tus/server'),
      import('@tus/file-store'),
    ]);
    const store = new FileStore({ directory: partial });
    return new Server({
      path: UPLOAD_PATH,
      datastore: store,
      relativeLocation: true,
      maxSize: opts.maxBytes,
      respectForwardedHeaders: false,
      // the origin was checked before tus saw the request (handle)
      allowedOrigins: () => true,
      allowedCredentials: true,
      async onIncomingRequest(req, id) {
        const who = whoOf(req);
        if (!who) throw new UploadRefusal(401, 'uploads need a login');
        if (req.method === 'POST') return;
        // an upload continues only for the user who started it
        const upload = await store.getUpload(id).catch(() => undefined);
        if (!upload || upload.metadata?.uploader !== who.user)
          throw new UploadRefusal(404, 'no such upload');
        // cancelled: what was not sent no longer counts against the day's limit
        if (req.method === 'DELETE')
          await quota.release(who.user, (upload.size ?? 0) - upload.offset);
      },
      async onUploadCreate(req, upload) {
        const who = whoOf(req)!;
        // throws an UploadRefusal: tus answers with its status and line
        await quota.admit(who.user, upload.metadata?.filename, upload.size);
        return { metadata: { ...upload.metadata, uploader: who.user } };
      },
      async onUploadFinish(req, upload) {
        const result = await finish(whoOf(req)!, upload);
        return {
          status_code: 200,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(result),
        };
      },
    });
  };
  let tus: Promise<TusServer> | undefined;

  app.get(`${UPLOAD_PATH}/limits`, async (req, reply) => {
    let who: Who;
    try {
      who = await uploader(api, req);
    } catch (err) {
      const r = refusal(err);
      return reply.code(r.status_code).send({ error: r.body.trim() });
    }
    return { ...publicLimits(opts), usedToday: await quota.usedToday(who.user) };
  });
  // the bytes stay in the request for tus: no body parser reads them
  app.addContentTypeParser('application/offset+octet-stream', (_req, _payload, done) => done(null));
  const handle = async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    try {
      if (!originOk(req)) throw new UploadRefusal(403, `origin ${req.headers.origin} not allowed`);
      users.set(req.raw, await uploader(api, req));
    } catch (err) {
      const r = refusal(err);
      // refused before tus reads a byte; the connection closes, so a client does not send more
      void reply
        .code(r.status_code)
        .header('connection', 'close')
        .header('tus-resumable', '1.0.0')
        .send(r.body);
      return;
    }
    const server = await (tus ??= makeTus());
    reply.hijack();
    await server.handle(req.raw, reply.raw);
  };
  app.route({ method: [...METHODS], url: UPLOAD_PATH, handler: handle });
  app.route({ method: [...METHODS], url: `${UPLOAD_PATH}/*`, handler: handle });
}
