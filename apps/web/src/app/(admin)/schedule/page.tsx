// Schedule: moods and playlists by the clock, as a week calendar (issue #20).
import type { Metadata } from 'next';
import { SchedulePage } from '@/components/schedule';

export const metadata: Metadata = { title: 'Schedule' };

export default function Page() {
  return <SchedulePage />;
}
