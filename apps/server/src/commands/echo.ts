// Bounded echoes of what a user typed: an error names what it is about, but 500,000 paths must
// not come back as a 10 MB message (a few are shown, then the count).

const MAX_CHARS = 200;
const MAX_ITEMS = 3;

/** one typed word, cut after MAX_CHARS characters (the length is said) */
export function clip(text: string): string {
  return text.length <= MAX_CHARS
    ? text
    : `${text.slice(0, MAX_CHARS)}... (${text.length} characters)`;
}

/** "a b c", or "a b c ... (500000 patterns)" when there are more than a few */
export function fewOf(items: readonly string[], noun: string): string {
  const shown = items.slice(0, MAX_ITEMS).map(clip).join(' ');
  return items.length <= MAX_ITEMS ? shown : `${shown} ... (${items.length} ${noun}s)`;
}

/** "x: why; y: why", the first few of many, then how many more */
export function firstReasons(items: readonly { path: string; reason: string }[]): string {
  const shown = items.slice(0, MAX_ITEMS).map((e) => `${clip(e.path)}: ${e.reason}`);
  const more = items.length - shown.length;
  return shown.join('; ') + (more > 0 ? `; and ${more} more` : '');
}
