// The rows of "Up next": the next plays in order. A mood with fewer files than rows names a file
// more than once (and the file playing now may come again): such a row says after how many other
// plays it comes again, instead of repeating the file's score.

export interface UpcomingRow {
  path: string;
  /** other files played between the previous play of this file (or now) and this one */
  again?: number;
}

export function upcomingRows(paths: readonly string[], playing: string | undefined): UpcomingRow[] {
  // position -1 is the file playing now
  const last = new Map<string, number>(playing ? [[playing, -1]] : []);
  return paths.map((path, i) => {
    const before = last.get(path);
    last.set(path, i);
    return before === undefined ? { path } : { path, again: i - before - 1 };
  });
}

export function againText(again: number): string {
  if (again === 0) return 'again right after';
  return `again after ${again} other file${again === 1 ? '' : 's'}`;
}
