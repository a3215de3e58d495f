// The audience: listeners now and over time, top files, players, sessions, CSV exports.
import type { Metadata } from 'next';
import { AudiencePage } from '@/components/audience';

export const metadata: Metadata = { title: 'Audience' };

export default function Page() {
  return <AudiencePage />;
}
