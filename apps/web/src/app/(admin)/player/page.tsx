// Web player: listen to the server's HTTP stream in the browser.
import type { Metadata } from 'next';
import { WebPlayer } from '@/components/player';

export const metadata: Metadata = { title: 'Web player' };

export default function Page() {
  return <WebPlayer />;
}
