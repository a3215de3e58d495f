// Requests: the queue that plays before the mode's choice, with approve, reject and reorder.
import type { Metadata } from 'next';
import { RequestsPage } from '@/components/requests';

export const metadata: Metadata = { title: 'Requests' };

export default function Page() {
  return <RequestsPage />;
}
