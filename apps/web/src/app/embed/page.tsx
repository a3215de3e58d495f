// /embed: the small public player for an <iframe> on another site (frame-ancestors: src/proxy.ts).
import type { Metadata } from 'next';
import { EmbedPlayer } from '@/components/station';

export const metadata: Metadata = { title: 'Player' };

export default function Page() {
  return <EmbedPlayer />;
}
