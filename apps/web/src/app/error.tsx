'use client';
// The last safety net: a page that throws while rendering shows what happened and a way on,
// never a blank page.
import Link from 'next/link';
import { useEffect } from 'react';
import { errorMessage } from '@/lib/errors';

export default function PageError(props: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  useEffect(() => {
    console.error(props.error);
  }, [props.error]);
  return (
    <main className="page" id="main">
      <section className="alert" role="alert">
        <h2>This page ran into a problem</h2>
        <p>{errorMessage(props.error)}</p>
        <p className="muted small">
          The server may still be fine; try again, or go to another page.
        </p>
        <button type="button" onClick={props.reset}>
          Try again
        </button>{' '}
        <Link href="/">Now playing</Link>
      </section>
    </main>
  );
}
