// select tells the live status at once: afs_mode is pushed to subscribers, not a minute later.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Streaming } from '../../vss/test-util.js';
import { item, streaming, until } from '../../vss/test-util.js';

describe('select and the status feed', () => {
  let s: Streaming;
  before(async () => {
    s = await streaming(['cbr128.mp3', 'vbr.mp3']);
  });
  after(async () => {
    await s.close();
  });

  test('a select notifies subscribers with the new afs_mode', async () => {
    let calls = 0;
    const off = s.vss.subscribe(() => calls++);
    try {
      const path = [...s.h.afs.files.all()][0]!.path;
      await s.h.run(['addpl', 'one'], { data: new TextEncoder().encode(`${path}\n`) });
      const before = calls;
      await s.h.run(['select', 'p/one']);
      await until(() => calls > before, 5_000, 'a status notification');
      assert.equal(item(s.vss, 'afs_mode'), 'p/one');
    } finally {
      off();
    }
  });

  test('a failed select notifies too (the mode fell back)', async () => {
    let calls = 0;
    const off = s.vss.subscribe(() => calls++);
    try {
      const err = await s.h.fail(['select', 'm/no-such-mood']);
      assert.match(err.message, /no such mood/);
      await until(() => calls > 0, 5_000, 'a status notification');
      assert.equal(item(s.vss, 'afs_mode'), 'p/one');
    } finally {
      off();
    }
  });
});
