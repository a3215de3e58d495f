// Dates for people: "never" for a file never played, whatever paraslash stored; the reader's
// locale decides the format.
import { describe, expect, test } from 'vitest';
import { formatDateTime, formatLastPlayed, formatPlays } from './format';

describe('formatLastPlayed', () => {
  const added = Date.UTC(2025, 5, 1) / 1000;
  const storedForNew = added - 365 * 24 * 3600; // a year before the add

  test('never when the file was never played, even with a stored date', () => {
    expect(formatLastPlayed(0, storedForNew)).toBe('never');
    expect(formatLastPlayed(0, 0)).toBe('never');
  });

  test('the date in the reader locale once played', () => {
    expect(formatLastPlayed(3, added, 'en-US')).toBe(formatDateTime(added * 1000, 'en-US'));
    expect(formatLastPlayed(3, added, 'de-DE')).toBe(formatDateTime(added * 1000, 'de-DE'));
    expect(formatLastPlayed(3, added, 'en-US')).not.toBe(formatLastPlayed(3, added, 'de-DE'));
    expect(formatLastPlayed(3, added, 'en-US')).toMatch(/2025/);
  });
});

describe('formatPlays', () => {
  test('says never played, once, or n times with the date', () => {
    const when = Date.UTC(2025, 0, 2) / 1000;
    expect(formatPlays(0, when)).toBe('never played');
    expect(formatPlays(1, when, 'en-US')).toBe(
      `played once, last ${formatDateTime(when * 1000, 'en-US')}`,
    );
    expect(formatPlays(4, when, 'en-US')).toMatch(/^played 4 times, last .*2025/);
  });
});
