// Which paths afs accepts (docs/paraslash/afs.md §4.1, extended): a path must come back unchanged from `ls`,
// `stat` and a playlist, which are line-based and trim their lines. So no newline (paraslash's
// own rule), no other control character, no white space at the end, and valid UTF-8.

/** Why `p` cannot be an audio file's path, or undefined if it can. */
export function pathProblem(p: string): string | undefined {
  if (p.includes('\n')) return 'the name contains a newline';
  // eslint-disable-next-line no-control-regex -- control characters are what is looked for
  const control = /[\u0000-\u001f\u007f]/.exec(p);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase();
    return `the name contains a control character (U+${code})`;
  }
  if (p.trimEnd() !== p) return 'the name ends in white space';
  if (p.includes('\uFFFD')) return 'the name is not valid UTF-8';
  return undefined;
}

/** A directory entry's name as a string, or undefined when its bytes are not valid UTF-8. */
export function utf8Name(raw: Buffer): string | undefined {
  const name = raw.toString('utf8');
  return Buffer.byteLength(name) === raw.length && Buffer.from(name).equals(raw) ? name : undefined;
}

/** How a refused path is reported: what is wrong and why it matters. */
export const refusal = (problem: string): string =>
  `${problem}; not added (ls, stat and playlists could not name it)`;
