// The senders: listeners, on/off, targets and access lists.
import type { Metadata } from 'next';
import { SendersPage } from '@/components/senders';

export const metadata: Metadata = { title: 'Senders' };

export default function Page() {
  return <SendersPage />;
}
