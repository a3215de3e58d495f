// The order of stream sources and the fallback between them.
import { expect, test } from 'vitest';
import { nextSourceIndex, streamSources, withRelay } from './stream-sources';

test('HLS first where the browser plays it, then /live.mp3, then /', () => {
  expect(streamSources('http://radio:8000/', 'hlsjs')).toEqual([
    { kind: 'hls', url: 'http://radio:8000/hls/live.m3u8' },
    { kind: 'http', url: 'http://radio:8000/live.mp3' },
    { kind: 'http', url: 'http://radio:8000/' },
  ]);
  expect(streamSources('http://radio:8000/', 'none').map((s) => s.url)).toEqual([
    'http://radio:8000/live.mp3',
    'http://radio:8000/',
  ]);
  expect(streamSources('https://example.org/radio/', 'native')[0]?.url).toBe(
    'https://example.org/radio/hls/live.m3u8',
  );
});

test('a stream URL that names one stream is played alone', () => {
  expect(streamSources('https://cdn.example.org/stream.ogg', 'hlsjs')).toEqual([
    { kind: 'http', url: 'https://cdn.example.org/stream.ogg' },
  ]);
});

test('the relay /api/stream named comes first, this server after it', () => {
  const own = streamSources('http://radio:8000/', 'none');
  expect(withRelay('http://relay1:8000/live.mp3', own, 'none')).toEqual([
    { kind: 'http', url: 'http://relay1:8000/live.mp3' },
    ...own,
  ]);
  expect(withRelay('https://cache.example/hls/live.m3u8', own, 'hlsjs')[0]).toEqual({
    kind: 'hls',
    url: 'https://cache.example/hls/live.m3u8',
  });
  // a browser without HLS skips a cache's playlist; no relay healthy: this server's own
  expect(withRelay('https://cache.example/hls/live.m3u8', own, 'none')).toEqual(own);
  expect(withRelay(null, own, 'hlsjs')).toEqual(own);
});

test('a source that never played gives way to the next; one that played is tried again', () => {
  expect(nextSourceIndex(0, 3, false)).toEqual({ index: 1, wrapped: false });
  expect(nextSourceIndex(2, 3, false)).toEqual({ index: 0, wrapped: true });
  expect(nextSourceIndex(1, 3, true)).toEqual({ index: 1, wrapped: true });
});
