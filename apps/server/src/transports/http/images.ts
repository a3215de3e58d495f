// GET /images/:id: an image blob as a picture, for <img> elements (the library's cover column):
// a logged-in user with AFS_READ (session cookie or API token), with the type from its bytes and
// an ETag, so a browser asks again cheaply when a blob was replaced under the same id.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../commands/index.js';
import { PERMS, readImageFile } from '../../commands/index.js';
import { authenticate, type WebAuth } from '../../web-auth/index.js';

export function registerImageRoute(
  app: FastifyInstance,
  afs: () => Services['afs'],
  auth: WebAuth,
): void {
  app.get<{ Params: { id: string } }>('/images/:id', async (req, reply) => {
    const who = await authenticate(auth, {
      authorization: req.headers.authorization,
      cookie: req.headers.cookie,
    });
    if (who.kind !== 'user') return reply.code(401).send({ error: 'login required' });
    if ((who.principal.perms & PERMS.AFS_READ) === 0)
      return reply.code(403).send({ error: 'permission denied: images need AFS_READ' });
    const id = /^[1-9]\d{0,9}$/.test(req.params.id) ? Number(req.params.id) : undefined;
    const image = id === undefined ? undefined : await readImageFile(afs(), id);
    if (!image) return reply.code(404).send({ error: `no image with id ${req.params.id}` });
    const { etag } = image;
    void reply
      .header('cache-control', 'private, no-cache')
      .header('etag', etag)
      .header('x-content-type-options', 'nosniff');
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    // images stored before uploads were checked may be anything: never let them be sniffed
    return reply.type(image.mime).send(Readable.from(image.pieces, { objectMode: false }));
  });
}
