// Test helper: audio file rows without files behind them, for the library views (written through
// the real store with insertMany).
import type { NewAudioFile } from '../src/afs/audio-file-store.js';

/** synthetic rows under /synthetic/: artist "Artist <i % 5>" except every 7th (no artist) */
export function synthetic(count: number): (NewAudioFile & { loudness: number | null })[] {
  return Array.from({ length: count }, (_, i) => ({
    path: `/synthetic/d${i % 3}/t${String(i).padStart(3, '0')}.mp3`,
    hash: `f${i.toString(16).padStart(39, '0')}`,
    size: 1000,
    lastPlayed: 1_000_000 + i,
    attributes: 0n,
    numPlayed: (i * 7) % 11,
    imageId: 0,
    lyricsId: 0,
    amp: 0,
    loudness: null,
    format: i % 4 === 0 ? 1 : 0,
    secondsTotal: 10 + i,
    durationMs: (10 + i) * 1000,
    chunksTotal: 1,
    chunkTimeUs: 26122,
    bitrate: 128,
    frequency: 44100,
    channels: 2,
    headerLen: 0,
    maxChunkSize: 418,
    techinfo: '',
    artist: i % 7 === 0 ? '' : `${i % 2 ? 'artist' : 'Artist'} ${i % 5}`,
    title: `Title ${i}`,
    year: i % 5 === 0 ? '' : String(2000 - (i % 13)),
    album: i === 42 ? 'Needle Album' : `Album ${i % 4}`,
    comment: '',
    chunkTable: new Uint32Array([0, 418]),
  }));
}
