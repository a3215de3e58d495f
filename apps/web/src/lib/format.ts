// How the dashboard writes dates and counts for people: one format everywhere, in the reader's
// own locale (the browser's), never a hard-coded one.

const DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

/** a date and time in the reader's locale; `locale` only for tests */
export function formatDateTime(when: Date | string | number, locale?: string): string {
  return new Intl.DateTimeFormat(locale, DATE_TIME).format(new Date(when));
}

/** a time of day (log lines), in the reader's locale */
export function formatTime(when: Date | string | number, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: 'medium' }).format(new Date(when));
}

/**
 * When a file was last played. A file never played keeps paraslash's stored last_played, set a
 * year before it was added (docs/paraslash/afs.md §4): that is no date a person should read.
 */
export function formatLastPlayed(numPlayed: number, unixSeconds: number, locale?: string): string {
  return numPlayed > 0 && unixSeconds > 0 ? formatDateTime(unixSeconds * 1000, locale) : 'never';
}

/** a count with the reader's digit grouping */
export function formatCount(n: number, locale?: string): string {
  return n.toLocaleString(locale);
}

/** a file's play history in words: "never played" or "played 3 times, last Jun 1, 2025, 10:00" */
export function formatPlays(numPlayed: number, unixSeconds: number, locale?: string): string {
  if (numPlayed === 0) return 'never played';
  const times = numPlayed === 1 ? 'once' : `${numPlayed} times`;
  return `played ${times}, last ${formatLastPlayed(numPlayed, unixSeconds, locale)}`;
}
