// Highlighting of the mood language as CodeMirror decorations, and the editor's theme, both in
// the page's CSS variables so light and dark themes work.
import { RangeSetBuilder } from '@codemirror/state';
import {
  Decoration,
  EditorView,
  ViewPlugin,
  type DecorationSet,
  type ViewUpdate,
} from '@codemirror/view';
import styles from './moods.module.css';
import { moodTokens, type MoodTokenKind } from './mood-tokens';

const MARKS: Record<MoodTokenKind, Decoration> = {
  comment: Decoration.mark({ class: styles.tokComment }),
  string: Decoration.mark({ class: styles.tokString }),
  number: Decoration.mark({ class: styles.tokNumber }),
  keyword: Decoration.mark({ class: styles.tokKeyword }),
  constant: Decoration.mark({ class: styles.tokNumber }),
  function: Decoration.mark({ class: styles.tokFunction }),
  operator: Decoration.mark({ class: styles.tokOperator }),
  pattern: Decoration.mark({ class: styles.tokPattern }),
  invalid: Decoration.mark({ class: styles.tokInvalid }),
};

function decorate(view: EditorView): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  // moods are a few lines: tokenizing the whole text on each change costs nothing
  for (const t of moodTokens(view.state.doc.toString())) builder.add(t.from, t.to, MARKS[t.kind]);
  return builder.finish();
}

export const moodHighlighter = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = decorate(view);
    }
    update(u: ViewUpdate) {
      if (u.docChanged) this.decorations = decorate(u.view);
    }
  },
  { decorations: (p) => p.decorations },
);

export const moodTheme = EditorView.theme({
  '&': {
    backgroundColor: 'var(--bg)',
    color: 'var(--text)',
    border: '1px solid var(--border)',
    borderRadius: '8px',
    minHeight: '9rem',
  },
  '&.cm-focused': { outline: '3px solid var(--accent)', outlineOffset: '1px' },
  '.cm-content': {
    caretColor: 'var(--text)',
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
    minHeight: '9rem',
  },
  '.cm-cursor': { borderLeftColor: 'var(--text)' },
  '.cm-gutters': {
    backgroundColor: 'var(--surface)',
    color: 'var(--muted)',
    border: 'none',
    borderRadius: '8px 0 0 8px',
  },
  '.cm-tooltip': {
    backgroundColor: 'var(--surface)',
    color: 'var(--text)',
    border: '1px solid var(--border)',
  },
  '.cm-selectionBackground, &.cm-focused .cm-selectionBackground': {
    backgroundColor: 'color-mix(in srgb, var(--accent) 30%, transparent) !important',
  },
});
