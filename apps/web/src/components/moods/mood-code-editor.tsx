'use client';
// The CodeMirror 6 editor of mood definitions: highlighting of the mood language and the
// server's error shown at its position (underline, gutter marker). Loaded on the client only.
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, keymap, lineNumbers } from '@codemirror/view';
import { useEffect, useRef } from 'react';
import { errorOffset, type MoodError } from './mood-error';
import { moodHighlighter, moodTheme } from './mood-highlight';

export interface MoodCodeEditorProps {
  value: string;
  onChange: (value: string) => void;
  error: MoodError | null;
  label: string;
  describedBy?: string;
  readOnly?: boolean;
}

export default function MoodCodeEditor(props: MoodCodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  const editable = useRef(new Compartment());
  const attrs = useRef(new Compartment());

  useEffect(() => {
    if (!host.current) return;
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: props.value,
        extensions: [
          lineNumbers(),
          history(),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          EditorView.lineWrapping,
          lintGutter(),
          moodHighlighter,
          moodTheme,
          editable.current.of(EditorView.editable.of(!props.readOnly)),
          attrs.current.of(contentAttributes(props)),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) onChange.current(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // created once; the effects below keep it in step with the props
  }, []);

  useEffect(() => {
    const v = view.current;
    if (!v || v.state.doc.toString() === props.value) return;
    v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: props.value } });
  }, [props.value]);

  useEffect(() => {
    view.current?.dispatch({
      effects: [
        editable.current.reconfigure(EditorView.editable.of(!props.readOnly)),
        attrs.current.reconfigure(contentAttributes(props)),
      ],
    });
  }, [props.readOnly, props.label, props.describedBy]);

  // a new error is placed once; CodeMirror then maps it through further edits
  const e = props.error;
  const errorKey = e ? `${e.line}:${e.column}:${e.message}` : '';
  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const text = v.state.doc.toString();
    const diagnostics: Diagnostic[] = [];
    if (e && e.line !== undefined && e.column !== undefined) {
      const from = errorOffset(text, e.line, e.column);
      const to = Math.min(from + 1, text.length);
      diagnostics.push({ from, to, severity: 'error', message: e.message });
    }
    v.dispatch(setDiagnostics(v.state, diagnostics));
  }, [errorKey]);

  return <div ref={host} data-testid="mood-editor" />;
}

function contentAttributes(p: MoodCodeEditorProps) {
  return EditorView.contentAttributes.of({
    'aria-label': p.label,
    'aria-multiline': 'true',
    ...(p.describedBy ? { 'aria-describedby': p.describedBy } : {}),
    ...(p.readOnly ? { 'aria-readonly': 'true' } : {}),
  });
}
