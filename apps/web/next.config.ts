// Next.js settings for the web admin; the API URL is read at request time, not baked in here.
import type { NextConfig } from 'next';

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // the workspace package of constants shared with the server, compiled with the app's targets
  transpilePackages: ['@paraweb/contracts'],
  // a second build directory lets two builds (e.g. two developers' e2e runs) live side by side
  ...(process.env.NEXT_DIST_DIR ? { distDir: process.env.NEXT_DIST_DIR } : {}),
};

export default config;
