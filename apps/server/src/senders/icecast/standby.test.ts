// --icecast-standby-target against a real icecast2 (issue #21): a node that does not lead pushes
// the standby mount with silence in real time and never connects its main target; leading, it
// pushes the main target with its stream and leaves the standby mount once that streams; a
// stopped leader holds the standby mount again. Bad standby targets are refused at boot.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { tempDir } from '../../../test/db.js';
import { MP3_MOUNT, OPUS_MOUNT, toneLibrary } from '../mounts/test-media.js';
import { streaming } from '../../vss/test-util.js';
import { IcecastSender } from './sender.js';
import type { Icecast } from './test-helpers.js';
import { eventually, startIcecast } from './test-helpers.js';

let ice: Icecast;
let dir: string;
before(async () => {
  ice = await startIcecast();
  dir = tempDir('paraweb-icecast-standby-');
});
after(async () => {
  await ice?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const has = async (mount: string): Promise<boolean> =>
  (await ice.mounts()).some((m) => m.mount === mount);
/** the bytes the standby push has sent, from `sender icecast status` */
const standbySent = (s: IcecastSender): number =>
  Number(/standby targets[^]*?bytes sent: (\d+)/.exec(s.status())?.[1]);

describe('icecast standby targets', () => {
  test('a standby target needs ?from= naming a mount that is on, and a mount of its own', () => {
    const make = (standby: string): IcecastSender =>
      new IcecastSender({
        targets: [`${ice.target('/main.mp3')}?from=live.mp3`],
        standbyTargets: [standby],
        mounts: [MP3_MOUNT],
      });
    assert.throws(() => make(ice.target('/s.mp3')), /must name the live mount/);
    assert.throws(() => make(`${ice.target('/s.aac')}?from=live.aac`), /live\.aac is off/);
    assert.throws(() => make(`${ice.target('/main.mp3')}?from=live.mp3`), /already a target/);
    assert.throws(() => make('icecast://nopassword/x'), /--icecast-standby-target/);
  });

  test('standby: silence in real time, no main mount; leading: the main mount, then the standby mount left', async () => {
    const icecast = new IcecastSender({
      targets: [`${ice.target('/main.mp3')}?from=live.mp3`],
      standbyTargets: [`${ice.target('/standby.mp3')}?from=live.mp3`],
      backoffMs: 200,
      mounts: [MP3_MOUNT],
    });
    const files = toneLibrary(dir, 'mp3', 2, 4);
    const s = await streaming(
      files.map((f): [string, string] => [f, f.split('/').at(-1)!]),
      { senders: [icecast], mounts: [MP3_MOUNT] },
    );
    try {
      await icecast.start();
      icecast.lead(false);
      await eventually(async () => (await has('/standby.mp3')) || undefined, 10_000, 'standby');
      // what Icecast's listeners get there decodes as silence
      const d = await promisify(execFile)('ffmpeg', [
        ...['-nostdin', '-hide_banner', '-i', `http://127.0.0.1:${ice.port}/standby.mp3`],
        ...['-t', '2', '-af', 'volumedetect', '-f', 'null', '-'],
      ]);
      const max = /max_volume: (\S+) dB/.exec(d.stderr)?.[1];
      assert.ok(max === '-inf' || Number(max) < -80, `max volume ${max} dB`);
      // in real time: 128 kbit/s (16,000 bytes a second), not faster
      const b0 = standbySent(icecast);
      await sleep(2000);
      const rate = (standbySent(icecast) - b0) / 2;
      assert.ok(rate > 14_000 && rate < 18_000, `${rate} bytes/s`);
      // the stream plays, but a standby never connects its main target
      await s.h.run(['play']);
      await sleep(1500);
      assert.equal(await has('/main.mp3'), false);
      assert.match(icecast.status(), /\/main\.mp3\?from=live\.mp3:\n {2}state: idle/);
      // leading: the main target connects with the stream; the standby mount goes 1 s later
      const t0 = Date.now();
      icecast.lead(true);
      await eventually(async () => (await has('/main.mp3')) || undefined, 5000, 'main');
      await eventually(async () => !(await has('/standby.mp3')) || undefined, 5000, 'left');
      assert.ok(Date.now() - t0 >= 1000, 'the standby mount is kept while the main one starts');
      // a stopped leader holds the standby mount again (Icecast keeps its listeners)
      await s.h.run(['stop']);
      await eventually(async () => (await has('/standby.mp3')) || undefined, 5000, 'again');
      assert.equal(await has('/main.mp3'), false);
      // losing the lead while playing: the main mount is left at once
      await s.h.run(['play']);
      await eventually(async () => (await has('/main.mp3')) || undefined, 5000, 'main again');
      icecast.lead(false);
      await eventually(async () => !(await has('/main.mp3')) || undefined, 3000, 'main left');
      await sleep(1000);
      assert.equal(await has('/main.mp3'), false, 'not connected again while still playing');
      await icecast.stop();
      await eventually(async () => !(await has('/standby.mp3')) || undefined, 5000, 'off');
    } finally {
      await s.close();
    }
  });

  test('an Opus standby mount: one Ogg stream of silence that decodes without errors', async () => {
    const icecast = new IcecastSender({
      targets: [],
      standbyTargets: [`${ice.target('/standby.opus')}?from=live.opus`],
      mounts: [OPUS_MOUNT],
    });
    await icecast.start();
    try {
      icecast.lead(false);
      await eventually(async () => (await has('/standby.opus')) || undefined, 10_000, 'standby');
      const d = await promisify(execFile)('ffmpeg', [
        ...['-nostdin', '-hide_banner', '-i'],
        `http://127.0.0.1:${ice.port}/standby.opus`,
        ...['-t', '2', '-af', 'volumedetect', '-f', 'null', '-'],
      ]);
      assert.doesNotMatch(d.stderr, /error|invalid/i);
      assert.match(d.stderr, /Audio: opus, 48000 Hz, stereo/);
      const max = /max_volume: (\S+) dB/.exec(d.stderr)?.[1];
      assert.ok(max === '-inf' || Number(max) < -80, `max volume ${max} dB`);
    } finally {
      await icecast.stop();
    }
  });
});
