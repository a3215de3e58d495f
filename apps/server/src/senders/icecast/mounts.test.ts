// An Icecast target that sends a live mount (?from=live.mp3, ?from=live.opus) to a real icecast2:
// Icecast's listeners decode it across file changes (one file skipped on the mount: silence), the
// Opus mount as one Ogg stream; a target naming a mount that is off is refused.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { tempDir } from '../../../test/db.js';
import type { MountProfile } from '../mounts/types.js';
import { MP3_MOUNT, OPUS_MOUNT, makeTone, toneLibrary } from '../mounts/test-media.js';
import { streaming, until } from '../../vss/test-util.js';
import { IcecastSender } from './sender.js';
import type { Icecast } from './test-helpers.js';
import { decode, eventually, icyListen, startIcecast } from './test-helpers.js';

let ice: Icecast;
let dir: string;
before(async () => {
  ice = await startIcecast();
  dir = tempDir('paraweb-icecast-mounts-');
});
after(async () => {
  await ice?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function relay(
  files: string[],
  mount: MountProfile,
  target: string,
): Promise<() => Promise<void>> {
  const icecast = new IcecastSender({ targets: [target], backoffMs: 500, mounts: [mount] });
  const s = await streaming(
    files.map((f): [string, string] => [f, f.split('/').at(-1)!]),
    { senders: [icecast], mounts: [mount] },
  );
  await icecast.start();
  await s.h.run(['play']);
  return () => s.close();
}

describe('icecast targets carrying a live mount', () => {
  test('?from=live.mp3: Icecast listeners decode across file changes, titles follow', async () => {
    const files = toneLibrary(dir, 'mp3', 2, 3);
    files.push(makeTone(dir, { name: 'skip.flac', seconds: 3, title: 'skipped' }));
    const close = await relay(files, MP3_MOUNT, `${ice.target('/radio.mp3')}?from=live.mp3`);
    try {
      await eventually(
        async () => (await ice.mounts()).find((m) => m.mount === '/radio.mp3'),
        15_000,
        'the mount',
      );
      const icy = icyListen(ice.port, '/radio.mp3');
      const d = await decode(`http://127.0.0.1:${ice.port}/radio.mp3`, 7);
      assert.equal(d.stderr, '');
      assert.equal(d.code, 0);
      await until(() => icy.titles.length >= 2, 10_000, 'two titles');
      icy.close();
    } finally {
      await close();
    }
  });

  test('?from=live.opus: one Ogg stream that Icecast relays across file changes', async () => {
    const files = toneLibrary(dir, 'opus', 2, 3);
    const close = await relay(files, OPUS_MOUNT, `${ice.target('/radio.opus')}?from=live.opus`);
    try {
      const m = await eventually(
        async () => (await ice.mounts()).find((x) => x.mount === '/radio.opus'),
        15_000,
        'the mount',
      );
      assert.equal(m.contentType, 'audio/ogg');
      const d = await decode(`http://127.0.0.1:${ice.port}/radio.opus`, 7);
      assert.equal(d.stderr, '');
      assert.equal(d.code, 0);
    } finally {
      await close();
    }
  });

  test('a target naming a live mount that is off is refused at boot', () => {
    assert.throws(
      () =>
        new IcecastSender({
          targets: [`${ice.target('/x.aac')}?from=live.aac`],
          mounts: [MP3_MOUNT],
        }),
      /live mount \/live\.aac is off/,
    );
  });
});
