// A short reference of the mood language (docs/paraslash/moods.md §2), folded away until asked for.
import { MOOD_KEYWORDS } from './mood-tokens';
import styles from './moods.module.css';

export function MoodHelp() {
  return (
    <details className={styles.panel}>
      <summary>The mood language</summary>
      <p className="small">
        A mood is one expression; a file is admissible when it is true. <code>#</code> starts a
        comment.
      </p>
      <ul className="small">
        <li>
          Compare numbers: <code>year &gt;= 1970 &amp;&amp; num_played &lt; 10</code>
        </li>
        <li>
          Strings: <code>artist == &quot;Basalt&quot;</code>, a regular expression{' '}
          <code>title =~ /tide/i</code>, a wildcard <code>path =| |/music/jazz/*|</code>
        </li>
        <li>
          Attributes: <code>is_set(&quot;rock&quot;) &amp;&amp; !is_set(&quot;live&quot;)</code>
        </li>
        <li>
          Combine with <code>&amp;&amp;</code>, <code>||</code>, <code>!</code> and parentheses.
        </li>
        <li>
          <code># paraweb: artist-separation 3</code> keeps one artist from playing again within 3
          files.
        </li>
      </ul>
      <p className="small">
        Keywords:{' '}
        {MOOD_KEYWORDS.map((k, i) => (
          <span key={k}>
            {i > 0 ? ', ' : ''}
            <code>{k}</code>
          </span>
        ))}
        , <code>true</code>, <code>false</code>, <code>is_set(&quot;name&quot;)</code>.
      </p>
    </details>
  );
}
