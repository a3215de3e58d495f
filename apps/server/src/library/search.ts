// The one search rule of the dashboard (library search, playlist "add files", attaching images
// and lyrics): case and accents do not count; every word must occur somewhere in the path,
// artist, title, album, year or comment; a text with '*' or '?' is one wildcard pattern that
// must match a whole path or tag. The wording shown next to each search box is in
// docs/web.md ("Searching"); keep the two together.
import type { AudioFileRecord } from '../afs/index.js';
import { compileWildcard, PatternError } from '../afs/patterns/index.js';
import { ParaError } from '../errors.js';

const MARKS = /\p{M}+/gu;

/** Lowercase without accents ("Björk" and "BJORK" both give "bjork"). */
export function fold(s: string): string {
  // NFD splits "ö" into "o" and a combining mark; NFKD also turns ligatures into letters
  return s.normalize('NFKD').replace(MARKS, '').toLowerCase();
}

/** The searchable fields of a file, folded and joined by newlines (a tag holds no newline). */
export function searchText(f: AudioFileRecord): string {
  return fold(`${f.path}\n${f.artist}\n${f.title}\n${f.album}\n${f.year}\n${f.comment}`);
}

/** Compiles a search text into a test over `searchText()` values; undefined for a blank one. */
export function compileSearch(query: string): ((text: string) => boolean) | undefined {
  const q = fold(query.trim());
  if (q === '') return undefined;
  if (/[*?]/.test(q)) {
    // the wildcard engine runs in linear time (RE2), so no pattern can stall the library
    let glob: ReturnType<typeof compileWildcard>;
    try {
      glob = compileWildcard(q, { noescape: true });
    } catch (e) {
      if (!(e instanceof PatternError)) throw e;
      throw new ParaError('E_SYNTAX', `invalid search pattern: ${e.message}`);
    }
    return (text) => text.split('\n').some((field) => glob.test(field));
  }
  const words = q.split(/\s+/);
  return (text) => words.every((w) => text.includes(w));
}
