// ICY metadata: the block format, the rhythm per listener, and the titles icecast-parser reads
// from the live stream as the files change.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Parser } from 'icecast-parser';
import { streaming, until } from '../../vss/test-util.js';
import { HttpSender } from './http-sender.js';
import { ICY_METAINT, IcyWriter, icyBlock } from './icy.js';
import { listen } from './test-client.js';

describe('icy blocks', () => {
  test('length byte, StreamTitle, NUL padding to 16', () => {
    const b = icyBlock('A - B');
    const text = "StreamTitle='A - B';";
    assert.equal(b[0], Math.ceil(text.length / 16));
    assert.equal(b.length, 1 + b[0] * 16);
    assert.equal(b.toString('utf8', 1, 1 + text.length), text);
    assert.ok(b.subarray(1 + text.length).every((x) => x === 0));
    const long = icyBlock('é'.repeat(5000));
    assert.equal(long[0], 255, 'a long title is cut to fit');
    assert.doesNotThrow(() =>
      new TextDecoder('utf-8', { fatal: true }).decode(long.subarray(1).filter((x) => x !== 0)),
    );
  });

  test('a block after every 8192 bytes: the title once, then empty ones', () => {
    const w = new IcyWriter();
    const block = icyBlock('T');
    const pieces = w.pieces(new Uint8Array(ICY_METAINT * 2 + 100), 'T', block);
    assert.deepEqual(
      pieces.map((p) => p.length),
      [ICY_METAINT, block.length, ICY_METAINT, 1, 100],
    );
    const more = w.pieces(new Uint8Array(ICY_METAINT - 100), 'U', icyBlock('U'));
    assert.deepEqual(
      more.map((p) => p.length),
      [ICY_METAINT - 100, icyBlock('U').length],
    );
  });
});

test('icecast-parser reads the title of each file as the stream moves on', async () => {
  const http = new HttpSender({ port: 0, listenAddresses: ['127.0.0.1'] });
  // one file with tags, one without (its basename is the title), one with UTF-8 tags
  const s = await streaming(['cbr128.mp3', 'notags.mp3', 'id3v24.mp3'], { senders: [http] });
  try {
    await http.start();
    await s.h.run(['play']);
    await until(() => s.rec.chunks().length > 10, 5000, 'streaming');
    const plain = listen(http.port);
    const titles: string[] = [];
    const parser = new Parser({
      url: `http://127.0.0.1:${http.port}/`,
      keepListen: true,
      notifyOnChangeOnly: true,
      autoUpdate: false,
    });
    parser.on('metadata', (m) => titles.push(m.get('StreamTitle') ?? ''));
    parser.on('stream', (reader) => reader.resume());
    parser.on('error', () => {});
    await until(() => titles.length >= 1, 5000, 'first title');
    const expected = s.rec.files().map((f) => f.title);
    assert.equal(titles[0], expected.at(-1));
    for (let i = 0; i < 2; i++) {
      await s.h.run(['next']);
      await until(() => titles.length >= 2 + i, 8000, `title ${2 + i}`);
    }
    const all = s.rec.files().map((f) => f.title);
    assert.deepEqual(titles, all.slice(-3));
    assert.ok(titles.includes('Test Artist - Test Title'));
    assert.ok(titles.includes('notags.mp3'));
    assert.ok(titles.includes('Test Artist - Ünïcode – “quoted”'));
    // a listener without Icy-MetaData gets plain audio: frame syncs all along, no metadata
    const body = plain.bodyBuffer();
    assert.ok(!body.includes('StreamTitle'));
    plain.close();
  } finally {
    await s.close(); // closing the server is how a keepListen parser stops
  }
});
