// A readable error box for a failed call, with an optional retry button.
import { errorMessage } from '@/lib/errors';

export function ErrorAlert(props: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
  retrying?: boolean;
}) {
  return (
    <section className="alert" role="alert">
      {props.title ? <h2>{props.title}</h2> : null}
      <p>{errorMessage(props.error)}</p>
      {props.onRetry ? (
        <button type="button" onClick={props.onRetry} disabled={props.retrying}>
          {props.retrying ? 'Retrying…' : 'Try again'}
        </button>
      ) : null}
    </section>
  );
}
