// /listen: the public station, no login (outside the (admin) group, so no login redirect).
import type { Metadata } from 'next';
import { ListenPage } from '@/components/station';

export const metadata: Metadata = { title: 'Listen', description: 'Listen to the station' };

export default function Page() {
  return <ListenPage />;
}
