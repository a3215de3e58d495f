// Public station: the settings of /listen, /embed and /api/nowplaying, and the embed snippet.
import type { Metadata } from 'next';
import { StationSettingsPage } from '@/components/station';

export const metadata: Metadata = { title: 'Public station' };

export default function Page() {
  return <StationSettingsPage />;
}
