// The server's complaint about the mood text, under the editor: the line in question with a
// caret under the column, as compilers print it, and the message.
import type { MoodError } from './mood-error';
import styles from './moods.module.css';

export function MoodErrorLine(props: { error: MoodError | null; text: string; id: string }) {
  const e = props.error;
  return (
    <div aria-live="polite">
      {e ? (
        <div className={styles.errorLine} id={props.id} data-testid="mood-error">
          <strong>
            {e.line !== undefined ? `Line ${e.line}, column ${e.column}: ` : ''}
            {e.message}
          </strong>
          {e.line !== undefined && e.column !== undefined ? (
            <pre className={styles.caret} aria-hidden="true">
              {props.text.split('\n')[e.line - 1] ?? ''}
              {'\n'}
              {' '.repeat(Math.max(e.column - 1, 0))}^
            </pre>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
