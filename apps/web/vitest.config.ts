// Unit tests of the web app's pure logic (timelines, tokenizers): Node, no browser; journeys are
// Playwright's (e2e/), which sees the app only from outside.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
