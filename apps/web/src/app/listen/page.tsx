// /listen: the public station, no login (outside the (admin) group, so no login redirect).
import type { Metadata } from 'next';
import { earlyNowPlayingScript } from '@/lib/early-nowplaying';
import { runtimeUrls } from '@/lib/config';
import { ListenPage } from '@/components/station';

export const metadata: Metadata = { title: 'Listen', description: 'Listen to the station' };

export default function Page() {
  const urls = runtimeUrls();
  return (
    <>
      {/* asks for the station's view while the bundles load (lib/early-nowplaying.ts) */}
      <script
        dangerouslySetInnerHTML={{ __html: earlyNowPlayingScript(urls.apiUrl, urls.apiPort) }}
      />
      <ListenPage />
    </>
  );
}
