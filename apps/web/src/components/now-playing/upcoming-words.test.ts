// The "Up next" note: a playlist plays in order, a mood by score.
import { describe, expect, test } from 'vitest';
import { isPlaylistMode, modeWords, upcomingNote } from './upcoming-words';

describe('upcomingNote', () => {
  test('a playlist says it plays in order, never "best score"', () => {
    expect(isPlaylistMode('p/party')).toBe(true);
    expect(upcomingNote('p/party')).toMatch(/plays in its own order/);
    expect(upcomingNote('p/party')).not.toMatch(/score|best/);
  });
  test('a mood says the best score plays next', () => {
    expect(isPlaylistMode('m/rock')).toBe(false);
    expect(upcomingNote('m/rock')).toMatch(/best score plays next/);
  });
});

describe('modeWords', () => {
  test('dummy is all files; moods and playlists by name', () => {
    expect(modeWords('dummy')).toBe('all files');
    expect(modeWords('m/rock')).toBe('the mood rock');
    expect(modeWords('p/party')).toBe('the playlist party');
  });
});
