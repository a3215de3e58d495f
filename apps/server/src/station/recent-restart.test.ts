// The last plays of /api/nowplaying survive a restart: a real server streams three short files,
// stops (SIGTERM), starts again on the same database, and its first answer lists the earlier
// plays with their start times, read from the play history table the audience writes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { tempDir } from '../../test/db.js';
import { ADMIN, freePort, run, startServer, waitFor } from '../../test/spawn.js';
import type { PublicNowPlaying } from './index.js';

const servers: ReturnType<typeof startServer>[] = [];
after(() => {
  for (const s of servers) s.child.kill('SIGKILL');
});

test('the last plays and their start times survive a restart', async () => {
  const dir = tempDir('paraweb-recent-restart-');
  const lib = path.join(dir, 'lib');
  fs.mkdirSync(lib);
  for (const [i, freq] of [440, 660, 880].entries()) {
    execFileSync('ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi'],
      ...['-i', `sine=frequency=${freq}:duration=1.5`, '-ac', '1', '-ar', '22050', '-b:a', '32k'],
      ...[
        '-metadata',
        `title=Tone ${i}`,
        '-metadata',
        'artist=Restart',
        path.join(lib, `t${i}.mp3`),
      ],
    ]);
  }
  const db = path.join(dir, 'db');
  assert.equal((await run(ADMIN, ['--afs-database-dir', db, 'add', lib])).code, 0);
  const apiPort = await freePort();
  const args = [
    ...['--afs-database-dir', db, '--user-list', path.join(dir, 'users')],
    ...['--api-port', String(apiPort), '--api-listen-address', '127.0.0.1'],
    ...['--port', String(await freePort()), '--listen-address', '127.0.0.1'],
    ...['--http-port', String(await freePort()), '--http-listen-address', '127.0.0.1'],
    ...['--autoplay', '--announce-time', '0'],
  ];
  const nowPlaying = async (): Promise<PublicNowPlaying> => {
    const res = await fetch(`http://127.0.0.1:${apiPort}/api/nowplaying`);
    assert.equal(res.status, 200);
    return (await res.json()) as PublicNowPlaying;
  };

  const first = startServer(args);
  servers.push(first);
  await waitFor(async () => (await fetch(`http://127.0.0.1:${apiPort}/healthz`)).ok, 60_000);
  let before: PublicNowPlaying | undefined;
  await waitFor(async () => (before = await nowPlaying()).recent.length >= 2, 30_000);
  first.child.kill('SIGTERM');
  assert.equal(await first.exited, 0, first.stderr());
  const earlier = before!.recent;
  assert.ok(earlier.every((p) => /^Tone \d$/.test(p.title) && p.artist === 'Restart'));

  const second = startServer(args);
  servers.push(second);
  await waitFor(async () => (await fetch(`http://127.0.0.1:${apiPort}/healthz`)).ok, 60_000);
  const after = (await nowPlaying()).recent;
  assert.ok(after.length <= 20);
  // every play of the first run is listed, once, with its start time (the history has the
  // stream thread's moment, the feed the status's: within a second of each other)
  for (const p of earlier) {
    const same = after.filter(
      (q) => q.title === p.title && Math.abs(q.startedAt - p.startedAt) < 1500,
    );
    assert.equal(same.length, 1, `${p.title} at ${p.startedAt}: ${JSON.stringify(after)}`);
  }
  // newest first, and the plays of this run (if any began yet) come before the earlier ones
  for (let i = 1; i < after.length; i++) assert.ok(after[i - 1]!.startedAt >= after[i]!.startedAt);
  assert.doesNotMatch(JSON.stringify(after), /t\d\.mp3|lib/);
  second.child.kill('SIGTERM');
  assert.equal(await second.exited, 0, second.stderr());
});
