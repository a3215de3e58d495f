// GET /images/:id: an image blob as a picture, for <img> elements (the library's cover column):
// a logged-in user with AFS_READ (session cookie or API token), with the type from its bytes and
// an ETag, so a browser asks again cheaply when a blob was replaced under the same id.
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Afs } from '../../afs/index.js';
import { inspectImage } from '../../afs/index.js';
import { PERMS } from '../../commands/index.js';
import { authenticate, type WebAuth } from '../../web-auth/index.js';

export function registerImageRoute(app: FastifyInstance, afs: () => Afs, auth: WebAuth): void {
  app.get<{ Params: { id: string } }>('/images/:id', async (req, reply) => {
    const who = await authenticate(auth, {
      authorization: req.headers.authorization,
      cookie: req.headers.cookie,
    });
    if (who.kind !== 'user') return reply.code(401).send({ error: 'login required' });
    if ((who.principal.perms & PERMS.AFS_READ) === 0)
      return reply.code(403).send({ error: 'permission denied: images need AFS_READ' });
    const id = /^[1-9]\d{0,9}$/.test(req.params.id) ? Number(req.params.id) : undefined;
    const data = id === undefined ? undefined : await afs().blobs.img.getById(id);
    if (!data) return reply.code(404).send({ error: `no image with id ${req.params.id}` });
    const info = inspectImage(data);
    const etag = `"${crypto.createHash('sha1').update(data).digest('hex')}"`;
    void reply
      .header('cache-control', 'private, no-cache')
      .header('etag', etag)
      .header('x-content-type-options', 'nosniff');
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    // images stored before uploads were checked may be anything: never let them be sniffed
    return reply
      .type(typeof info === 'string' ? 'application/octet-stream' : info.mime)
      .send(Buffer.from(data));
  });
}
