// The one search rule of the dashboard, said next to every box that searches audio files (the
// library, a playlist's "add files", attaching images and lyrics). The server matches it
// (apps/server/src/library/search.ts); this wording must stay true to that file.

export const SEARCH_RULE =
  'Every word must occur somewhere in the path, artist, title, album, year or comment; case and ' +
  'accents do not count ("bjork" finds Björk). With * or ? the text is a wildcard that matches a ' +
  'whole path or tag ("*.flac", "*/jazz/*").';

/** the rule as a hint; give the input `aria-describedby={id}` */
export function SearchRule(props: { id: string }) {
  return (
    <p id={props.id} className="small muted search-rule">
      {SEARCH_RULE}
    </p>
  );
}
