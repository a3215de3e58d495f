// The request command and queue on a real stream and SQLite file: a queued file plays after the
// current one, before the mode's choice, in order; listeners' requests obey the rules; the queue
// survives a restart (a second queue opened on the same database).
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { RequestQueue } from '../../requests/index.js';
import type { RequestQueueOptions } from '../../requests/index.js';
import type { Streaming } from '../../vss/test-util.js';
import { streaming, until } from '../../vss/test-util.js';

const OPTS: RequestQueueOptions = {
  attribute: 'requestable',
  autoApprove: false,
  intervalMin: 10,
  repeatMin: 60,
  maxPending: 5,
};

describe('request queue', () => {
  let s: Streaming;
  let q: RequestQueue;
  const p = (f: string): string => path.join(s.lib, f);
  const played = (): string[] => s.rec.files().map((f) => path.basename(f.path));
  before(async () => {
    s = await streaming(['cbr128.mp3', 'vbr.mp3', 'id3v1.mp3', 'mono22.mp3', 'notags.mp3']);
    await s.h.run(['addatt', 'requestable']);
    await s.h.run(['setatt', 'requestable+', p('mono22.mp3'), p('notags.mp3'), p('id3v1.mp3')]);
    // the mode plays only cbr128 and vbr: a requested file is plainly not the mode's choice
    await s.h.run(['addpl', 'two'], {
      data: new TextEncoder().encode(`${p('cbr128.mp3')}\n${p('vbr.mp3')}\n`),
    });
    await s.h.run(['select', 'p/two']);
    q = await RequestQueue.open(s.h.tdb.db, s.h.afs, OPTS);
    s.h.services.requests = q;
    s.h.afs.setNextFilePolicy({ front: () => q.front(), unplayable: (id) => q.unplayable(id) });
  });
  after(async () => {
    await s.close();
  });

  test('operators queue files; they play after the current file, in order, then the mode', async () => {
    await s.h.run(['play']);
    await until(() => played().length >= 1, 5000, 'the first file');
    const first = played().length;
    await s.h.run(['request', 'add', p('mono22.mp3'), p('notags.mp3')]);
    // reorder: notags first
    const ls = (await s.h.run(['request', 'ls'])).text.trim().split('\n');
    assert.equal(ls.length, 2);
    const [a, b] = ls.map((l) => Number(l.split('\t')[0]));
    assert.match(ls[0]!, /\tqueued\tuser:test\t\d\d:\d\d:\d\d\t.*mono22\.mp3$/);
    await s.h.run(['request', 'mv', String(b), '1']);
    await s.h.run(['next']);
    await until(() => played().length >= first + 3, 20_000, 'two requests and the mode');
    assert.deepEqual(played().slice(first, first + 2), ['notags.mp3', 'mono22.mp3']);
    assert.match(played()[first + 2]!, /^(cbr128|vbr)\.mp3$/);
    await until(() => q.get(a!).status === 'played', 5000, 'the request marked played');
    assert.equal(q.get(b!).status, 'played');
    assert.equal(q.get(b!).listeners, undefined); // no listener count source in this test
    assert.equal((await s.h.run(['request', 'ls'])).text, '');
    // what the dashboard reads (tRPC): the mode, and the requests played with their files
    const out = (await s.h.runInput('request', { args: ['ls'] })).output as {
      autoApprove: boolean;
      waiting: unknown[];
      recent: { id: number; status: string; path: string; durationMs: number }[];
    };
    assert.equal(out.autoApprove, false);
    assert.deepEqual(out.waiting, []);
    assert.deepEqual(
      out.recent.slice(0, 2).map((r) => [r.id, r.status, path.basename(r.path)]),
      [
        [a, 'played', 'mono22.mp3'],
        [b, 'played', 'notags.mp3'],
      ],
    );
    assert.equal(out.recent[0]!.durationMs, s.h.afs.files.getByPath(p('mono22.mp3'))!.durationMs);
  });

  test("listeners' requests obey the rules and wait for approval", async () => {
    const notReq = s.h.afs.files.getByPath(p('vbr.mp3'))!.id;
    await assert.rejects(q.add(notReq, 'listener:l1', '10.0.0.1'), /this file cannot be requested/);
    const played = s.h.afs.files.getByPath(p('mono22.mp3'))!.id;
    await assert.rejects(q.add(played, 'listener:l1', '10.0.0.1'), /played in the last 60 minutes/);
    const id3 = s.h.afs.files.getByPath(p('id3v1.mp3'))!.id;
    const r = await q.add(id3, 'listener:l1', '10.0.0.1');
    assert.equal(r.status, 'pending');
    await assert.rejects(q.add(id3, 'listener:l2', '10.0.0.2'), /requested already/);
    await assert.rejects(
      q.add(id3, 'listener:l1', '10.0.0.3'),
      /one request per 10 minutes from you; try again in 10 minutes/,
    );
    await assert.rejects(q.add(99_999, 'listener:l3', '10.0.0.4'), /no such file/);
    assert.deepEqual(q.front(), []); // pending: not played before approval
    // its estimate: as if approved now (nothing is queued before it)
    assert.equal(q.eta(r.id, 5000), 5000);
    await s.h.run(['request', 'approve', String(r.id)]);
    assert.deepEqual(q.front(), [{ id: id3, request: r.id }]);
  });

  test('the queue survives a restart; bad input is refused and changes nothing', async () => {
    const again = await RequestQueue.open(s.h.tdb.db, s.h.afs, OPTS);
    assert.deepEqual(again.waiting(), q.waiting());
    assert.equal(again.waiting().length, 1);
    assert.match((await s.h.fail(['request', 'rm', 'x'])).message, /not a request id: x/);
    assert.match(
      (await s.h.fail(['request', 'add', '/no/such.mp3'])).message,
      /no such audio file/,
    );
    assert.match((await s.h.fail(['request', 'frob'])).message, /unknown subcommand frob/);
    assert.match((await s.h.fail(['request', 'approve', '99'])).message, /no such request: 99/);
    assert.equal(q.waiting().length, 1);
    await s.h.run(['request', 'rm', String(q.waiting()[0]!.id)]);
    assert.equal(q.waiting().length, 0);
    assert.equal(q.history().at(-1)!.status, 'rejected');
  });
});
