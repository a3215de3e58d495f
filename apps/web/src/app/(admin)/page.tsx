// The home page: what is playing now, live.
import type { Metadata } from 'next';
import { NowPlaying } from '@/components/now-playing';

export const metadata: Metadata = { title: 'Now playing' };

export default function HomePage() {
  return <NowPlaying />;
}
