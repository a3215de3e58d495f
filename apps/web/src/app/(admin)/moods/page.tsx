// Moods: write, check, preview, save and select the definitions of admissible files.
import type { Metadata } from 'next';
import { MoodsPage } from '@/components/moods';

export const metadata: Metadata = { title: 'Moods' };

export default function Page() {
  return <MoodsPage />;
}
