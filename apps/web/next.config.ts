// Next.js settings for the web admin; the API URL is read at request time, not baked in here.
import type { NextConfig } from 'next';

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
};

export default config;
