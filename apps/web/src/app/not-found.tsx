// An address the dashboard does not have: say so and offer the way back.
import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="page" id="main">
      <section className="alert" role="alert">
        <h2>No such page</h2>
        <p>
          This address is not part of the paraweb dashboard. <Link href="/">Go to now playing</Link>
          .
        </p>
      </section>
    </main>
  );
}
