// The UDP sender driven by the real vss: play, jmp and a gapless change of file reach a receiver
// on 127.0.0.1 as exactly the chunks the vss handed out, file by file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { streaming, until } from '../../vss/test-util.js';
import { UdpSender } from './sender.js';
import { concat, listen } from './test-helpers.js';

test('vss -> udp sender -> receiver: every file byte-identical to the chunks sent', async () => {
  const rx = await listen();
  const udp = new UdpSender({
    targets: [`127.0.0.1:${rx.port}`],
    defaultPort: 8000,
    headerIntervalMs: 300,
    ttl: 1,
    mcastIface: undefined,
  });
  const s = await streaming(['cbr128.mp3', 'vorbis.ogg'], { senders: [udp] });
  try {
    await udp.start();
    await s.h.run(['play']);
    // jump near the end of each file so the test takes about a second per file
    for (let file = 1; file <= 2; file++) {
      await until(
        () => s.rec.files().length === file && s.rec.chunks().length > 0,
        10_000,
        `file ${file}`,
      );
      await s.h.run(['jmp', '85']);
    }
    await rx.eof(2);
    // what the vss handed out, split at each file start; a receiver whose file does not start at
    // chunk 0 (jmp before the first chunk) gets the header first
    const sent: Uint8Array[][] = [];
    let header: Uint8Array | undefined;
    for (const e of s.rec.events) {
      if (e.kind === 'file') {
        sent.push([]);
        header = e.file.header;
      } else if (e.kind === 'chunk') {
        const file = sent.at(-1)!;
        if (file.length === 0 && e.chunk.index > 0 && header) file.push(header);
        file.push(e.chunk.data);
      }
    }
    const formats = s.rec.files().map((f) => f.format);
    assert.deepEqual([...formats.slice(0, 2)].sort(), ['mp3', 'ogg']);
    for (let i = 0; i < 2; i++) {
      assert.ok(s.rec.breaks().includes('repos'));
      assert.deepEqual(rx.files[i], concat(sent[i]!), `file ${i + 1} (${formats[i]})`);
    }
    assert.equal(rx.receiver.stats.groupsLost, 0);
  } finally {
    await s.close();
    await rx.close();
  }
});
