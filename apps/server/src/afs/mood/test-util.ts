// Fixtures shared by the mood tests: a file record with defaults and an attribute table.
import type { MoodContext, MoodFile } from './ast.js';

/** Attribute names in bit order. */
export const ATTRIBUTES = ['rock', 'live', 'jazz', 'favorite'] as const;

export function bits(...names: (typeof ATTRIBUTES)[number][]): bigint {
  let mask = 0n;
  for (const n of names) mask |= 1n << BigInt(ATTRIBUTES.indexOf(n));
  return mask;
}

export const ctx: MoodContext = {
  attributeBit: (name) => {
    const i = (ATTRIBUTES as readonly string[]).indexOf(name);
    return i < 0 ? undefined : i;
  },
  // 2025-06-01, so that v1 two-digit years have a fixed window
  now: () => Date.UTC(2025, 5, 1) / 1000,
};

export function file(over: Partial<MoodFile> = {}): MoodFile {
  return {
    path: '/music/jazz/coltrane/giant-steps.mp3',
    attributes: 0n,
    numPlayed: 0,
    imageId: 0,
    lyricsId: 0,
    format: 0,
    bitrate: 128,
    frequency: 44100,
    channels: 2,
    secondsTotal: 300,
    artist: 'John Coltrane',
    title: 'Giant Steps',
    year: '1960',
    album: 'Giant Steps',
    comment: '',
    ...over,
  };
}
