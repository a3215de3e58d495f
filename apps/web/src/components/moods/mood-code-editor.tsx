'use client';
// The CodeMirror 6 editor of mood definitions: highlighting of the mood language and the
// server's error shown at its position (underline, gutter marker). Loaded on the client only.
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, keymap, lineNumbers } from '@codemirror/view';
import { useEffect, useEffectEvent, useRef, useState } from 'react';
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
  const [editable] = useState(() => new Compartment());
  const [attrs] = useState(() => new Compartment());
  const { label, describedBy, readOnly } = props;
  // the latest props, read by the editor made once below
  const onDocChange = useEffectEvent((text: string) => props.onChange(text));
  const initialState = useEffectEvent(() =>
    EditorState.create({
      doc: props.value,
      extensions: [
        lineNumbers(),
        history(),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        EditorView.lineWrapping,
        lintGutter(),
        moodHighlighter,
        moodTheme,
        editable.of(EditorView.editable.of(!readOnly)),
        attrs.of(contentAttributes({ label, describedBy, readOnly })),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) onDocChange(u.state.doc.toString());
        }),
      ],
    }),
  );

  // created once; the effects below keep it in step with the props
  useEffect(() => {
    if (!host.current) return;
    const v = new EditorView({ parent: host.current, state: initialState() });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
  }, []);

  useEffect(() => {
    const v = view.current;
    if (!v || v.state.doc.toString() === props.value) return;
    v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: props.value } });
  }, [props.value]);

  useEffect(() => {
    view.current?.dispatch({
      effects: [
        editable.reconfigure(EditorView.editable.of(!readOnly)),
        attrs.reconfigure(contentAttributes({ label, describedBy, readOnly })),
      ],
    });
  }, [editable, attrs, readOnly, label, describedBy]);

  // a new error is placed once; CodeMirror then maps it through further edits
  const { line, column, message } = props.error ?? {};
  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const text = v.state.doc.toString();
    const diagnostics: Diagnostic[] = [];
    if (line !== undefined && column !== undefined && message !== undefined) {
      const from = errorOffset(text, line, column);
      const to = Math.min(from + 1, text.length);
      diagnostics.push({ from, to, severity: 'error', message });
    }
    v.dispatch(setDiagnostics(v.state, diagnostics));
  }, [line, column, message]);

  return <div ref={host} data-testid="mood-editor" />;
}

function contentAttributes(p: Pick<MoodCodeEditorProps, 'label' | 'describedBy' | 'readOnly'>) {
  return EditorView.contentAttributes.of({
    'aria-label': p.label,
    'aria-multiline': 'true',
    ...(p.describedBy ? { 'aria-describedby': p.describedBy } : {}),
    ...(p.readOnly ? { 'aria-readonly': 'true' } : {}),
  });
}
