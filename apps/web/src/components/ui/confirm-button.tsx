'use client';
// A destructive button that asks once more inline (no browser dialog), so keyboard, screen reader
// and phone users all see what they are about to do.
import { useState } from 'react';

export function ConfirmButton(props: {
  /** the button's text, e.g. "Delete" */
  label: string;
  /** the question, e.g. "Delete mood rock?" */
  question: string;
  onConfirm: () => void;
  /** called when the question opens (e.g. to fetch a count the question names) */
  onAsk?: () => void;
  /** called when the question is closed without confirming */
  onCancel?: () => void;
  /** the question is not complete yet (onAsk is fetching what it names): no yes for now */
  waiting?: boolean;
  disabled?: boolean;
  title?: string;
  busy?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button
        type="button"
        className="danger"
        onClick={() => {
          setAsking(true);
          props.onAsk?.();
        }}
        disabled={props.disabled || props.busy}
        title={props.title}
      >
        {props.busy ? 'Working…' : props.label}
      </button>
    );
  return (
    <span role="group" aria-label={props.question} className="confirm">
      <span>{props.question}</span>{' '}
      <button
        type="button"
        className="danger"
        autoFocus
        disabled={props.waiting}
        onClick={() => {
          setAsking(false);
          props.onConfirm();
        }}
      >
        Yes, {props.label.toLowerCase()}
      </button>{' '}
      <button
        type="button"
        className="quiet"
        onClick={() => {
          setAsking(false);
          props.onCancel?.();
        }}
      >
        Cancel
      </button>
    </span>
  );
}
