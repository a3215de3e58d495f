// Folders watched through `watch` stay watched after a restart (stored in the database: SQLite
// and PostgreSQL), beside those of --afs-watch; `unwatch` forgets them; one gone while the server
// was down is shown as unavailable and can be retried or removed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, test } from 'node:test';
import type { Services } from '../../commands/index.js';
import { ALL_PERMS, buildCommandTable, PARAWEB_VERSION, runArgv } from '../../commands/index.js';
import { migrate, openDatabase } from '../../db/index.js';
import { DB_KINDS, freshDatabaseUrl, tempDir } from '../../../test/db.js';
import { audioSet } from '../../../test/watch-set.js';
import { Afs } from '../afs.js';
import { FolderWatch } from './index.js';

async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const t = Date.now();
  while (!cond()) {
    if (Date.now() - t > ms) assert.fail(`not within ${ms} ms: ${what}`);
    await sleep(25);
  }
}

/** One "server": the database opened anew, the table read from it, the watcher started. */
async function boot(url: string, options: string[]) {
  const db = await openDatabase(url);
  await migrate(db);
  const afs = await Afs.open(db);
  const warnings: string[] = [];
  const watch = new FolderWatch(afs, {
    roots: options,
    settleMs: 200,
    scanIntervalMs: 600_000,
    graceSeconds: 3600,
    scanOnly: false,
    log: { info: () => {}, warn: (m) => warnings.push(m) },
  });
  const services: Services = {
    afs,
    watch,
    server: { version: PARAWEB_VERSION, startedAt: new Date() },
  };
  const table = buildCommandTable();
  await watch.start();
  return {
    afs,
    watch,
    warnings,
    run: (argv: string[], user = 'alice') =>
      runArgv(
        table,
        {
          services,
          user: { name: user, perms: ALL_PERMS },
          log: () => {},
          signal: new AbortController().signal,
        },
        argv,
      ),
    async stop() {
      await watch.close();
      await afs.close();
      await db.close();
    },
  };
}

for (const kind of DB_KINDS) {
  describe(`watched folders across a restart (${kind})`, () => {
    const dir = tempDir('paraweb-roots-');
    let cleanup: (() => Promise<void>) | undefined;
    after(async () => {
      await cleanup?.();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    test('watch is stored, --afs-watch is not; unwatch forgets; a lost folder is shown', async () => {
      const fresh = await freshDatabaseUrl(kind);
      cleanup = () => fresh.cleanup();
      const set = audioSet();
      const copy = (i: number, to: string): string => {
        const p = path.join(to, set.names[i]!);
        fs.copyFileSync(path.join(set.dir, set.names[i]!), p);
        return p;
      };
      const opt = path.join(dir, 'opt');
      const dash = path.join(dir, 'dash');
      const lost = path.join(dir, 'lost');
      for (const d of [opt, dash, lost]) fs.mkdirSync(d);

      let s = await boot(fresh.url, [opt]);
      const r = await s.run(['watch', dash, lost]);
      assert.match(r.text, new RegExp(`watching ${dash}: kernel events`));
      const roots = s.watch.status().roots;
      assert.deepEqual(
        roots.map((x) => [x.path, x.source, x.addedBy]),
        [
          [opt, 'option', undefined],
          [dash, 'watch', 'alice'],
          [lost, 'watch', 'alice'],
        ],
      );
      assert.match(
        (await s.run(['watched'])).text,
        new RegExp(`${dash}: kernel events \\(watch by alice\\)`),
      );
      await s.stop();

      // while the server is down: a file arrives, a watched folder goes away
      const early = copy(0, dash);
      fs.rmSync(lost, { recursive: true });
      // started again without the option: its folder is no longer watched, the stored ones are
      s = await boot(fresh.url, []);
      try {
        const after1 = s.watch.status().roots;
        assert.deepEqual(
          after1.map((x) => [x.path, x.source, x.mode]),
          [
            [dash, 'watch', 'kernel'],
            [lost, 'watch', 'unavailable'],
          ],
        );
        assert.match(after1[1]!.error ?? '', /no such file or directory|ENOENT/);
        assert.match((await s.run(['watched'])).text, new RegExp(`${lost}: unavailable`));
        await until(() => s.afs.files.getByPath(early) !== undefined, 10_000, 'added at start');
        const late = copy(1, dash);
        await until(() => s.afs.files.getByPath(late) !== undefined, 10_000, 'added after start');
        // a file in the option's folder, no longer watched, stays out
        copy(2, opt);
        // the lost folder is back: watch tries it again
        fs.mkdirSync(lost);
        await s.run(['watch', lost]);
        assert.equal(s.watch.status().roots[1]!.mode, 'kernel');
        // forgotten for good
        assert.match(
          (await s.run(['unwatch', lost])).text,
          new RegExp(`no longer watching ${lost}\n`),
        );
        await s.watch.idle();
        assert.equal(s.afs.files.getByPath(path.join(opt, set.names[2]!)), undefined);
      } finally {
        await s.stop();
      }

      s = await boot(fresh.url, [opt]);
      try {
        assert.deepEqual(
          s.watch.status().roots.map((x) => x.path),
          [opt, dash],
        );
        // unwatch of an option's folder lasts until the restart, and says so
        assert.match(
          (await s.run(['unwatch', opt])).text,
          /until the restart: --afs-watch names it/,
        );
        await assert.rejects(s.run(['unwatch', lost]), /is not watched/);
      } finally {
        await s.stop();
      }
    });
  });
}
