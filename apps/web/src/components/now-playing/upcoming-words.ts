// What the "Up next" list says about its order. A mood orders files by score; a playlist plays
// in its own order (paraslash gives its entries scores by position only), so there talk of the
// best score would be false.

export function isPlaylistMode(mode: string): boolean {
  return mode.startsWith('p/');
}

export function upcomingNote(mode: string): string {
  if (isPlaylistMode(mode)) return 'A playlist plays in its own order: these are its next files.';
  return (
    'The file with the best score plays next. Files played less often, and longer ago, score ' +
    'higher than the other files of the mood.'
  );
}

/** a selection (afs_mode) in words: "dummy" is paraslash's name for "all files" */
export function modeWords(mode: string): string {
  if (mode === 'dummy') return 'all files';
  if (mode.startsWith('m/')) return `the mood ${mode.slice(2)}`;
  if (isPlaylistMode(mode)) return `the playlist ${mode.slice(2)}`;
  return mode;
}
