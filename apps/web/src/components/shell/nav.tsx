'use client';
// The main navigation: one link per admin page; the current one is marked for screen readers too.
import Link from 'next/link';
import { usePathname } from 'next/navigation';

export const PAGES = [
  { href: '/', label: 'Now playing' },
  { href: '/library', label: 'Library' },
  { href: '/moods', label: 'Moods' },
  { href: '/playlists', label: 'Playlists' },
  { href: '/schedule', label: 'Schedule' },
  { href: '/requests', label: 'Requests' },
  { href: '/attributes', label: 'Attributes' },
  { href: '/blobs', label: 'Images & lyrics' },
  { href: '/senders', label: 'Senders' },
  { href: '/audience', label: 'Audience' },
  { href: '/history', label: 'History' },
  { href: '/users', label: 'Users' },
  { href: '/server', label: 'Server' },
  { href: '/player', label: 'Web player' },
  { href: '/station', label: 'Public station' },
] as const;

export function MainNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="main-nav">
      <ul>
        {PAGES.map((p) => {
          const current = p.href === '/' ? pathname === '/' : pathname.startsWith(p.href);
          return (
            <li key={p.href}>
              <Link href={p.href} aria-current={current ? 'page' : undefined}>
                {p.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
