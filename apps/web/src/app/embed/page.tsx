// /embed: the small public player for an <iframe> on another site (frame-ancestors: src/proxy.ts).
import type { Metadata } from 'next';
import { earlyNowPlayingScript } from '@/lib/early-nowplaying';
import { runtimeUrls } from '@/lib/config';
import { EmbedPlayer } from '@/components/station';

export const metadata: Metadata = { title: 'Player' };

export default function Page() {
  const urls = runtimeUrls();
  return (
    <>
      {/* asks for the station's view while the bundles load (lib/early-nowplaying.ts) */}
      <script
        dangerouslySetInnerHTML={{ __html: earlyNowPlayingScript(urls.apiUrl, urls.apiPort) }}
      />
      <EmbedPlayer />
    </>
  );
}
