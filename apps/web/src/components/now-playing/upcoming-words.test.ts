// The "Up next" note: a playlist plays in order, a mood by score.
import { describe, expect, test } from 'vitest';
import { isPlaylistMode, upcomingNote } from './upcoming-words';

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
