// kill -9 of a real server with listeners: the sessions written before it survive, at most the
// last flush (2 s) plus one report (1 s) is lost, and the next start ends the sessions the crash
// left open at the last mark.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { tempDir } from '../../test/db.js';
import { fixture } from '../../test/fixtures.js';
import { ADMIN, freePort, run, startServer, waitFor } from '../../test/spawn.js';
import { openDatabase } from '../db/index.js';
import { listen, type StreamClient } from '../senders/http/test-client.js';
import { sleep } from '../vss/test-util.js';

const servers: ReturnType<typeof startServer>[] = [];
after(() => {
  for (const s of servers) s.child.kill('SIGKILL');
});

test('kill -9 loses at most the last batch of listener sessions', async () => {
  const dir = tempDir('paraweb-kill9-audience-');
  const lib = path.join(dir, 'lib');
  fs.mkdirSync(lib);
  fs.copyFileSync(fixture('cbr128.mp3'), path.join(lib, 'a.mp3'));
  const db = path.join(dir, 'db');
  assert.equal((await run(ADMIN, ['--afs-database-dir', db, 'add', lib])).code, 0);
  const apiPort = await freePort();
  const httpPort = await freePort();
  const args = [
    '--afs-database-dir',
    db,
    '--api-port',
    String(apiPort),
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
    '--autoplay',
    '--announce-time',
    '0',
  ];
  const metrics = async (): Promise<string> =>
    (await fetch(`http://127.0.0.1:${apiPort}/metrics`)).text();
  const listeners = async (): Promise<number> =>
    Number(/^paraweb_listeners\{output="http"\} (\d+)$/m.exec(await metrics())?.[1] ?? -1);
  let srv = startServer(args);
  servers.push(srv);
  await waitFor(async () => (await fetch(`http://127.0.0.1:${apiPort}/healthz`)).ok, 60_000);
  const clients: StreamClient[] = [];
  for (let i = 0; i < 10; i++) clients.push(listen(httpPort));
  await waitFor(async () => (await listeners()) === 10, 15_000);
  await sleep(3000); // a flush has written them
  for (const c of clients.slice(0, 5)) c.close();
  await waitFor(async () => (await listeners()) === 5, 5000);
  await sleep(3500); // the closes are written too
  const killedAt = Date.now();
  srv.child.kill('SIGKILL');
  await srv.exited;
  for (const c of clients) c.close();

  const url = `file:${path.join(db, 'paraweb.db')}`;
  let d = await openDatabase(url);
  const rows = await d.prisma.listenerSession.findMany();
  const mark = await d.prisma.audienceMark.findUnique({ where: { id: 1 } });
  await d.close();
  assert.equal(rows.length, 10, 'every session was written');
  assert.equal(rows.filter((r) => r.endReason === 'client').length, 5);
  assert.equal(rows.filter((r) => r.endedAt === null).length, 5);
  const lostMs = killedAt - mark!.at.getTime();
  assert.ok(lostMs <= 3500, `the last mark was ${lostMs} ms before the kill`);

  srv = startServer(args);
  servers.push(srv);
  await waitFor(async () => (await fetch(`http://127.0.0.1:${apiPort}/healthz`)).ok, 60_000);
  srv.child.kill('SIGTERM');
  assert.equal(await srv.exited, 0, srv.stderr());
  d = await openDatabase(url);
  const after = await d.prisma.listenerSession.findMany({ where: { endReason: 'server_stopped' } });
  await d.close();
  assert.equal(after.length, 5, 'the sessions the crash left open are ended');
  for (const r of after) assert.equal(r.endedAt?.getTime(), mark!.at.getTime());
  fs.rmSync(dir, { recursive: true, force: true });
});
