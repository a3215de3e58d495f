// Two server processes (two Afs instances, each on a connection of its own, no Redis between
// them) change one file at the same moment, 20 times over, on SQLite and PostgreSQL: setatt from
// both, a play against setatt, touch from both. Every change lands in the database (written as
// changes: bits set, counters incremented), none is lost to the other's whole-row write.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { freshDatabase, DB_KINDS } from '../../../test/db.js';
import { synthetic } from '../../../test/synthetic-rows.js';
import { Afs } from '../../afs/index.js';
import { openDatabase, type Database } from '../../db/index.js';
import { ALL_PERMS, buildCommandTable, PARAWEB_VERSION, runInput } from '../index.js';

const TRIALS = 20;
const commands = buildCommandTable();

/** runs a command as para_admin would, on one process's tables */
function run(afs: Afs, name: string, args: string[]): Promise<unknown> {
  return runInput(
    commands.lookup(name),
    {
      services: { afs, server: { version: PARAWEB_VERSION, startedAt: new Date() } },
      user: { name: 'admin', perms: ALL_PERMS },
      log: () => {},
      signal: new AbortController().signal,
    },
    { args },
  );
}

async function row(db: Database, id: number): Promise<{ attributes: bigint; numPlayed: number }> {
  const rows = await db.prisma.$queryRawUnsafe<
    { attributes: bigint | number; numPlayed: number }[]
  >(`SELECT "attributes", "numPlayed" FROM "AudioFile" WHERE id = ${id}`);
  return { attributes: BigInt(rows[0]!.attributes), numPlayed: Number(rows[0]!.numPlayed) };
}

for (const kind of DB_KINDS) {
  describe(`two processes write one file at once (${kind})`, () => {
    test(`${TRIALS} trials each of setatt + setatt, play + setatt, touch + touch: nothing lost`, async () => {
      const tdb = await freshDatabase(kind);
      const a = await Afs.open(tdb.db);
      await a.files.insertMany(synthetic(1));
      await a.attributes.add(['x', 'y']);
      const bDb = await openDatabase(tdb.url);
      const b = await Afs.open(bDb);
      const file = [...a.files.all()][0]!;
      const x = 1n << BigInt(a.attributes.bit('x')!);
      const y = 1n << BigInt(a.attributes.bit('y')!);
      const lost: string[] = [];
      try {
        for (let i = 0; i < TRIALS; i++) {
          let before = await row(tdb.db, file.id);
          await Promise.all([
            run(a, 'setatt', ['x+', file.path]),
            run(b, 'setatt', ['y+', file.path]),
          ]);
          let after = await row(tdb.db, file.id);
          if ((after.attributes & (x | y)) !== (x | y)) lost.push(`trial ${i}: setatt + setatt`);

          // a play counted by one process while the other clears both bits
          before = after;
          await Promise.all([
            a.commitPlay({ file: a.files.get(file.id)! }),
            run(b, 'setatt', ['x-', 'y-', file.path]),
          ]);
          after = await row(tdb.db, file.id);
          if (after.numPlayed !== before.numPlayed + 1) lost.push(`trial ${i}: play`);
          if ((after.attributes & (x | y)) !== 0n) lost.push(`trial ${i}: setatt against a play`);

          before = after;
          await Promise.all([run(a, 'touch', [file.path]), run(b, 'touch', [file.path])]);
          after = await row(tdb.db, file.id);
          if (after.numPlayed !== before.numPlayed + 2) lost.push(`trial ${i}: touch + touch`);
        }
        assert.deepEqual(lost, []);
        // and each process's memory took the row as the database returned it
        await run(a, 'touch', [file.path]);
        assert.equal(a.files.get(file.id)!.numPlayed, (await row(tdb.db, file.id)).numPlayed);
      } finally {
        await b.close();
        await bDb.close();
        await a.close();
        await tdb.drop();
      }
    });
  });
}
