import { describe, expect, it } from 'vitest';
import { againText, upcomingRows } from './upcoming-rows';

describe('upcomingRows', () => {
  it('distinct files: no repeats', () => {
    expect(upcomingRows(['/a', '/b', '/c'], '/p')).toEqual([
      { path: '/a' },
      { path: '/b' },
      { path: '/c' },
    ]);
  });

  it('a mood of three files: five plays name two of them twice, and the playing one', () => {
    // playing /p; then /a, /b, /p again, /a again, /b again
    expect(upcomingRows(['/a', '/b', '/p', '/a', '/b'], '/p')).toEqual([
      { path: '/a' },
      { path: '/b' },
      { path: '/p', again: 2 },
      { path: '/a', again: 2 },
      { path: '/b', again: 2 },
    ]);
  });

  it('one file only: each row is the same file, right after', () => {
    expect(upcomingRows(['/p', '/p'], '/p')).toEqual([
      { path: '/p', again: 0 },
      { path: '/p', again: 0 },
    ]);
  });

  it('nothing playing', () => {
    expect(upcomingRows(['/a', '/a'], undefined)).toEqual([
      { path: '/a' },
      { path: '/a', again: 0 },
    ]);
  });
});

describe('againText', () => {
  it('says how many other files come between', () => {
    expect(againText(0)).toBe('again right after');
    expect(againText(1)).toBe('again after 1 other file');
    expect(againText(2)).toBe('again after 2 other files');
  });
});
