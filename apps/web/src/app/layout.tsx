// Root layout: page chrome, the theme, and the API URL handed from the web server's environment to the browser.
import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { THEME_SCRIPT } from '@/components/shell/theme-toggle';
import { runtimeUrls } from '@/lib/config';
import { Providers } from './providers';
import './globals.css';

// Render per request so PARAWEB_API_URL and PARAWEB_STREAM_URL are read at run time, not build time.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  // each page names itself: "Library · paraweb"
  title: { default: 'paraweb', template: '%s · paraweb' },
  description: 'Web admin of the paraweb audio streaming appliance',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  colorScheme: 'light dark',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* sets the saved theme before the first paint, so a dark page never flashes light */}
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>
        <Providers {...runtimeUrls()}>{children}</Providers>
      </body>
    </html>
  );
}
