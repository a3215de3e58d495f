// A file and its mounts' audio cross to the stream thread with their buffers transferred, each
// once: pass-through views share the file's buffer, an Opus mount's packets have their own.
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import { test } from 'node:test';
import { synthetic } from '../../../test/synthetic-rows.js';
import type { MountAudio } from '../../senders/mounts/types.js';
import type { NextFile } from '../file-source.js';
import { transferable } from './transfer.js';

function audio(data: Uint8Array, codec: MountAudio['codec']): MountAudio {
  return {
    codec,
    data,
    chunkTable: Uint32Array.from([0, data.length]),
    chunksTotal: 1,
    chunkTimeUs: 26_122,
    frequency: 44100,
    channels: 2,
    bitrate: 128,
    framing: codec === 'opus' ? 'opus-packets' : 'frames',
    rendered: false,
  };
}

test('the file buffer and the mounts’ own buffers are transferred once each', async () => {
  const data = new Uint8Array(1000).fill(7);
  const packets = new Uint8Array(300).fill(9);
  const next: NextFile = {
    key: 1,
    opened: {
      file: { ...synthetic(1)[0]!, id: 1 },
      previousLastPlayed: 0,
      score: 0,
      data,
      chunkTable: Uint32Array.from([0, 1000]),
      extra: undefined,
      header: undefined,
    },
    mounts: {
      mp3: audio(data.subarray(100), 'mp3'),
      aac: { skipped: 'not AAC' },
      opus: audio(packets, 'opus'),
    },
  };
  const list = transferable(next);
  assert.equal(list.length, 2);
  assert.ok(list.includes(data.buffer) && list.includes(packets.buffer));
  const { port1, port2 } = new MessageChannel();
  const got = new Promise<NextFile>((resolve) => port2.once('message', resolve));
  port1.postMessage(next, list);
  const received = await got;
  port1.close();
  assert.equal(data.byteLength, 0, 'the file buffer moved');
  assert.equal(packets.byteLength, 0, 'the packets moved');
  const mp3 = received.mounts!.mp3 as MountAudio;
  assert.equal(mp3.data.length, 900);
  assert.equal(mp3.data.buffer, received.opened.data.buffer, 'the view still shares the file');
  assert.equal((received.mounts!.opus as MountAudio).data[0], 9);
});
