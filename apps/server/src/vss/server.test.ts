// para_server as a process streams: --autoplay starts the stream, the HTTP sender serves it,
// SIGTERM shuts down with a listener connected; --http-no-autostart leaves the port closed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { tempDir } from '../../test/db.js';
import { fixture } from '../../test/fixtures.js';
import { ADMIN, freePort, run, startServer, waitFor } from '../../test/spawn.js';
import { listen } from '../senders/http/test-client.js';
import { until } from './test-util.js';

describe('para_server streams', () => {
  const dir = tempDir('paraweb-stream-');
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function serverArgs(db: string, httpPort: number, extra: string[]): Promise<string[]> {
    return [
      '--afs-database-dir',
      db,
      '--api-port',
      String(await freePort()),
      '--api-listen-address',
      '127.0.0.1',
      '--port',
      String(await freePort()),
      '--listen-address',
      '127.0.0.1',
      '--http-port',
      String(httpPort),
      '--http-listen-address',
      '127.0.0.1',
      ...extra,
    ];
  }

  test('--autoplay: the HTTP port streams the library; SIGTERM ends cleanly', async () => {
    const lib = path.join(dir, 'lib');
    fs.mkdirSync(lib);
    for (const f of ['cbr128.mp3', 'notags.mp3']) fs.copyFileSync(fixture(f), path.join(lib, f));
    const db = path.join(dir, 'db');
    assert.equal((await run(ADMIN, ['--afs-database-dir', db, 'add', lib])).code, 0);
    const port = await freePort();
    const srv = startServer(
      await serverArgs(db, port, [
        '--autoplay',
        '--autoplay-delay',
        '200',
        '--announce-time',
        '100',
      ]),
    );
    try {
      await waitFor(
        () =>
          new Promise((resolve) => {
            const s = net.connect(port, '127.0.0.1', () => resolve(true));
            s.on('error', () => resolve(false));
            s.on('connect', () => s.destroy());
          }),
      );
      const c = listen(port);
      await until(() => c.bodyBytes > 16_000, 8000, 'audio');
      assert.equal(c.headers.get('content-type'), 'audio/mpeg');
      srv.child.kill('SIGTERM');
      assert.equal(await srv.exited, 0, srv.stderr());
      await c.closed;
    } finally {
      srv.child.kill('SIGKILL');
    }
  });

  test('--http-no-autostart: no HTTP port', async () => {
    const db = path.join(dir, 'db2');
    const port = await freePort();
    const apiArgs = await serverArgs(db, port, ['--http-no-autostart']);
    const apiPort = apiArgs[apiArgs.indexOf('--api-port') + 1]!;
    const srv = startServer(apiArgs);
    try {
      await waitFor(async () => (await fetch(`http://127.0.0.1:${apiPort}/health`)).ok);
      const refused = await new Promise<boolean>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => {
          s.destroy();
          resolve(false);
        });
        s.on('error', () => resolve(true));
      });
      assert.ok(refused);
      srv.child.kill('SIGTERM');
      assert.equal(await srv.exited, 0, srv.stderr());
    } finally {
      srv.child.kill('SIGKILL');
    }
  });
});
