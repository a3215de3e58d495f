// Root layout: page chrome, and the API URL handed from the web server's environment to the browser.
import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { Providers } from './providers';
import './globals.css';

// Render per request so PARAWEB_API_URL is read when the appliance runs, not when it was built.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'paraweb',
  description: 'Web admin of the paraweb audio streaming appliance',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  colorScheme: 'light dark',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers apiUrl={process.env.PARAWEB_API_URL}>{children}</Providers>
      </body>
    </html>
  );
}
