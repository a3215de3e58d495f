// The play history: what played when, with its listeners and why.
import type { Metadata } from 'next';
import { HistoryPage } from '@/components/audience';

export const metadata: Metadata = { title: 'History' };

export default function Page() {
  return <HistoryPage />;
}
