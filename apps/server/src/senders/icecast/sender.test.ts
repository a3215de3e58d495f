// The Icecast sender driven by the real vss against a real icecast2 (apt): the mount appears, its
// listeners decode the audio, the ICY title follows the files, a change of content type restarts
// the source, a wrong password is reported without a crash, and `sender icecast off` disconnects.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fixture } from '../../../test/fixtures.js';
import { freePort } from '../../../test/spawn.js';
import type { Streaming } from '../../vss/test-util.js';
import { sleep, streaming, until } from '../../vss/test-util.js';
import { fixtureStream } from '../udp/test-helpers.js';
import { IcecastSender } from './sender.js';
import type { Icecast, IcecastMount } from './test-helpers.js';
import { decode, eventually, icyListen, makeAudio, startIcecast } from './test-helpers.js';

let ice: Icecast;
let media: string;
before(async () => {
  ice = await startIcecast();
  media = fs.mkdtempSync(path.join(os.tmpdir(), 'paraweb-icecast-media-'));
  makeAudio(media, 'long.ogg', { artist: 'Ogg Artist', title: 'Ogg Song' }, 20);
  makeAudio(media, 'long.mp3', { artist: 'Mp3 Artist', title: 'Mp3 Song' }, 20);
});
after(async () => {
  await ice?.stop();
  if (media) fs.rmSync(media, { recursive: true, force: true });
});

/** the mount as Icecast lists it, once `ok` holds for it */
function mountWhen(
  mount: string,
  ok: (m: IcecastMount) => boolean,
  what: string,
): Promise<IcecastMount> {
  return eventually(
    async () => (await ice.mounts()).find((m) => m.mount === mount && ok(m)),
    15_000,
    what,
  );
}

async function mountGone(mount: string, what: string): Promise<void> {
  await eventually(
    async () => ((await ice.mounts()).some((m) => m.mount === mount) ? undefined : true),
    15_000,
    what,
  );
}

async function withSender(
  files: (string | [string, string])[],
  targets: string[],
  fn: (s: Streaming, icecast: IcecastSender) => Promise<void>,
): Promise<void> {
  const icecast = new IcecastSender({ targets, backoffMs: 500 });
  const s = await streaming(files, { senders: [icecast] });
  try {
    await icecast.start();
    await s.h.run(['play']);
    await fn(s, icecast);
  } finally {
    await s.close();
  }
}

const title = (s: Streaming): string => s.rec.files().at(-1)?.title ?? '';

describe('icecast sender on a real icecast2', () => {
  test('mp3: the mount appears, a listener decodes it, the ICY title follows the files', async () => {
    await withSender(['cbr128.mp3', 'notags.mp3'], [ice.target('/live.mp3')], async (s) => {
      const mount = await mountWhen('/live.mp3', () => true, 'the mount');
      assert.equal(mount.contentType, 'audio/mpeg');
      const d = await decode(`http://127.0.0.1:${ice.port}/live.mp3`, 2);
      assert.equal(d.stderr, '');
      assert.equal(d.code, 0);
      const icy = icyListen(ice.port, '/live.mp3');
      try {
        await until(() => icy.titles.length > 0 && icy.titles.at(-1) === title(s), 10_000, 'title');
        assert.equal(icy.status, 200);
        for (let i = 0; i < 2; i++) {
          const files = s.rec.files().length;
          await s.h.run(['next']);
          await until(() => s.rec.files().length > files, 5000, 'the next file');
          await until(() => icy.titles.at(-1) === title(s), 10_000, `title ${title(s)}`);
        }
        assert.ok(icy.titles.includes('Test Artist - Test Title'), icy.titles.join(', '));
        assert.ok(icy.titles.includes('notags.mp3'), icy.titles.join(', '));
        assert.ok(icy.audioBytes > 32_000);
      } finally {
        icy.close();
      }
      const status = (await s.h.run(['sender', 'icecast', 'status'])).text;
      assert.match(status, /^status: on\n/);
      assert.match(status, /state: streaming since .* \(audio\/mpeg\)/);
      assert.match(status, /connections: 1, failures in a row: 0/);
      assert.match(status, /last error: \(none\)/);
      assert.match(status, /title: .* \(accepted\)/);
      assert.ok(Number(/bytes sent: (\d+)/.exec(status)?.[1]) > 32_000, status);
    });
    await mountGone('/live.mp3', 'the mount to go when the server closes');
  });

  test('ogg and mp3: headers first, and a change of content type restarts the source', async () => {
    const files: [string, string][] = [
      [path.join(media, 'long.ogg'), 'long.ogg'],
      [path.join(media, 'long.mp3'), 'long.mp3'],
    ];
    await withSender(files, [ice.target('/mixed')], async (s, icecast) => {
      const types = { ogg: 'audio/ogg', mp3: 'audio/mpeg' } as Record<string, string>;
      for (let i = 0; i < 2; i++) {
        const before = s.rec.files().length;
        if (i > 0) await s.h.run(['next']);
        await until(() => s.rec.files().length > (i > 0 ? before : 0), 5000, 'the next file');
        const file = s.rec.files().at(-1)!;
        const want = types[file.format]!;
        // Icecast lists the new source once the old one is gone
        const mount = await mountWhen('/mixed', (m) => m.contentType === want, want);
        // Icecast's status shows the title of an Ogg Vorbis stream too
        await mountWhen('/mixed', (m) => m.title === file.title, `title ${file.title}`);
        assert.equal(mount.contentType, want);
        // a listener joining mid-file gets the headers from Icecast and decodes without errors
        const d = await decode(`http://127.0.0.1:${ice.port}/mixed`, 2);
        assert.equal(d.stderr, '', `${file.format}: ${d.stderr}`);
        assert.equal(d.code, 0);
      }
      assert.deepEqual(
        s.rec
          .files()
          .map((f) => f.format)
          .sort(),
        ['mp3', 'ogg'],
      );
      assert.equal(icecast.sources[0]!.connects, 2, 'one source connection per content type');
    });
  });

  test('wrong password, Icecast down: the reason in the status, the stream goes on, no tight loop', async () => {
    const down = await freePort();
    const bad = ice.target('/bad.mp3', 'wrong');
    const gone = `icecast://source:x@127.0.0.1:${down}/down.mp3`;
    await withSender(['cbr128.mp3', 'notags.mp3'], [bad, gone], async (s, icecast) => {
      await until(
        () => icecast.sources.every((src) => src.lastError !== undefined),
        10_000,
        'both failing',
      );
      const chunks = s.rec.chunks().length;
      await sleep(3000);
      assert.ok(s.rec.chunks().length > chunks + 50, 'the vss streams on');
      const status = (await s.h.run(['sender', 'icecast', 'status'])).text;
      assert.match(status, /wrong source user or password: Icecast answered "HTTP\/1.0 401/);
      assert.match(status, /ECONNREFUSED/);
      assert.match(status, /state: waiting since .*, retry at /);
      assert.ok(!status.includes('wrong@') && !status.includes(':wrong'), 'no password shown');
      // retries after 0.5, 1, 2 s: a handful of logins in 3.5 s, not hundreds
      const tries = ice
        .errorLog()
        .split('\n')
        .filter((l) => /\/bad\.mp3.*invalid or missing password/.test(l));
      assert.ok(tries.length >= 1 && tries.length <= 6, `${tries.length} login attempts`);
      assert.ok(!(await ice.mounts()).some((m) => m.mount === '/bad.mp3'));
      // the sender still works: a good target added now connects
      assert.equal((await s.h.run(['sender', 'icecast', 'add', ice.target('/good.mp3')])).text, '');
      await mountWhen('/good.mp3', (m) => m.contentType === 'audio/mpeg', 'the good mount');
    });
  });

  test('sender icecast off disconnects the source, on connects again; stop closes it too', async () => {
    await withSender(
      ['cbr128.mp3', 'notags.mp3'],
      [ice.target('/onoff.mp3')],
      async (s, icecast) => {
        await mountWhen('/onoff.mp3', () => true, 'the mount');
        await s.h.run(['sender', 'icecast', 'off']);
        assert.equal(icecast.isOn, false);
        assert.equal(icecast.sources[0]!.state, 'idle');
        await mountGone('/onoff.mp3', 'the mount to go after off');
        assert.match((await s.h.run(['sender', 'icecast', 'status'])).text, /^status: off\n/);
        await s.h.run(['sender', 'icecast', 'on']);
        await mountWhen('/onoff.mp3', () => true, 'the mount after on');
        await s.h.run(['stop']);
        await mountGone('/onoff.mp3', 'the mount to go after stop');
        await s.h.run(['play']);
        await mountWhen('/onoff.mp3', () => true, 'the mount after play');
        // delete names the mount without a login; a malformed add shows the help, changes nothing
        const help = (await s.h.run(['sender', 'icecast', 'add', 'nonsense'])).text;
        assert.match(help, /usage: \{add\|delete\}/);
        await s.h.run(['sender', 'icecast', 'delete', `icecast://127.0.0.1:${ice.port}/onoff.mp3`]);
        await mountGone('/onoff.mp3', 'the mount to go after delete');
        assert.equal(icecast.sources.length, 0);
      },
    );
  });
});

test('flac and wma are not sent: the source closes and the status says why', async () => {
  const { file, chunks } = await fixtureStream(fixture('flac.flac'));
  const icecast = new IcecastSender({ targets: [ice.target('/flac')] });
  await icecast.start();
  try {
    icecast.fileStart(file);
    for (const [index, data] of chunks.slice(0, 20).entries()) {
      icecast.chunk({ index, sent: index, data, dueUs: 0 });
    }
    await sleep(300);
    assert.equal(icecast.sources[0]!.state, 'idle');
    assert.match(
      icecast.status(),
      /stream: flac: not sent \(Icecast 2.4 cannot give the FLAC header/,
    );
    assert.ok(!(await ice.mounts()).some((m) => m.mount === '/flac'));
  } finally {
    await icecast.stop();
  }
});
