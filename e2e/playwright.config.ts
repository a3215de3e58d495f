// Black-box tests of the built server and web app in Debian's Chromium (Playwright never downloads one).
import { defineConfig, devices } from '@playwright/test';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const e2eDir = path.dirname(fileURLToPath(import.meta.url));
const repoDir = path.dirname(e2eDir);
const webDir = path.join(repoDir, 'apps/web');

import {
  API_PORT,
  COMMAND_PORT,
  DEAD_API_URL,
  RELAY_PORT,
  RELAY2_PORT,
  STREAM_PORT,
  WEB_NO_API_PORT,
  WEB_PORT,
} from './tests/support/ports.js';

/**
 * A fresh database directory per run. The runner loads this file again in each worker; workers
 * inherit the environment, so only the first load creates (and prunes) directories.
 */
function runDataDir(): string {
  const inherited = process.env.PARAWEB_E2E_DATA_DIR;
  if (inherited) return inherited;
  const base = path.join(e2eDir, `.data${RUN_SUFFIX}`);
  fs.rmSync(base, { recursive: true, force: true }); // keep only the latest run's data
  fs.mkdirSync(base, { recursive: true });
  const dir = fs.mkdtempSync(path.join(base, 'run-'));
  process.env.PARAWEB_E2E_DATA_DIR = dir;
  return dir;
}

/** a run with shifted ports keeps its files apart too */
const RUN_SUFFIX = process.env.PARAWEB_E2E_PORT_OFFSET
  ? `-${process.env.PARAWEB_E2E_PORT_OFFSET}`
  : '';

/**
 * The journeys that listen in real time (a minute of audio, file changes, reconnects): they
 * mostly wait. `npm test` runs them in a run of their own beside the others, each run with its
 * own server, web app, ports and database (PARAWEB_E2E_PART, PARAWEB_E2E_PORT_OFFSET;
 * scripts/test.sh), which took the browser step from ~8 to ~4.5 minutes on two cores.
 */
const LISTENING = /(listen|player|live-mount|stream-audio|hls-failover)\.spec\.ts$/;
const PART = process.env.PARAWEB_E2E_PART; // 'listening' | 'others' | unset: every spec

/** the specs the phone project runs (see projects below) */
const PHONE_JOURNEYS = /(layout|listen)\.spec\.ts$/;

const quote = (arg: string) => JSON.stringify(arg);
// next is hoisted to the root node_modules; run its bin with node so no npx wrapper is orphaned.
const nextBin = createRequire(path.join(webDir, 'package.json')).resolve('next/dist/bin/next');
const nextStart = (port: number) => `node ${quote(nextBin)} start -p ${port} -H 127.0.0.1`;
const shutdown = { signal: 'SIGTERM', timeout: 5_000 } as const;

export default defineConfig({
  testDir: './tests',
  ...(PART === 'listening' ? { testMatch: LISTENING } : {}),
  ...(PART === 'others' ? { testIgnore: LISTENING } : {}),
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 30_000,
  outputDir: `test-results${RUN_SUFFIX}`,
  reporter: [['list'], ['html', { open: 'never', outputFolder: `playwright-report${RUN_SUFFIX}` }]],
  use: {
    baseURL: `http://127.0.0.1:${WEB_PORT}`,
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // No --user-data-dir: Playwright makes a fresh profile itself and rejects that flag.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--autoplay-policy=no-user-gesture-required',
      ],
    },
  },
  projects: [
    { name: 'desktop', use: { viewport: { width: 1280, height: 800 } } },
    {
      name: 'phone',
      // At phone width: every page's layout (layout.spec visits each one) and the listener's
      // journey (/listen, /embed). The operator's journeys (editors, uploads, the web player's
      // audio checks) run at desktop width only; their components are the same at both widths,
      // and running them twice cost ~3 minutes of `npm test` (issue #14.11: under 15 minutes).
      // (a project's own testMatch wins over the part's: the listening part keeps /listen only)
      testMatch: PART === 'listening' ? /listen\.spec\.ts$/ : PHONE_JOURNEYS,
      use: {
        viewport: devices['Pixel 7'].viewport,
        deviceScaleFactor: devices['Pixel 7'].deviceScaleFactor,
        isMobile: true,
        hasTouch: true,
      },
    },
  ],
  webServer: [
    {
      name: 'server',
      // users admin/guest with passwords and a music folder (scripts/start-server.sh, support.ts)
      command:
        `bash e2e/scripts/start-server.sh ${quote(runDataDir())}` +
        ` --api-port ${API_PORT} --port ${COMMAND_PORT} --http-port ${STREAM_PORT} --loglevel warning` +
        // browser uploads (upload.spec.ts)
        ` --upload-dir ${quote(path.join(runDataDir(), 'uploads'))}` +
        // relays that run only during relays.spec.ts (unhealthy otherwise: /listen plays this server)
        ` --relay e2e=http://127.0.0.1:${RELAY_PORT}/live.mp3` +
        ` --relay e2e2=http://127.0.0.1:${RELAY2_PORT}/live.mp3 --relay-interval 1`,
      cwd: repoDir,
      url: `http://127.0.0.1:${API_PORT}/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
      gracefulShutdown: shutdown,
    },
    {
      name: 'web',
      command: nextStart(WEB_PORT),
      cwd: webDir,
      url: `http://127.0.0.1:${WEB_PORT}`,
      env: { PARAWEB_API_URL: `http://127.0.0.1:${API_PORT}`, NEXT_TELEMETRY_DISABLED: '1' },
      reuseExistingServer: false,
      timeout: 60_000,
      gracefulShutdown: shutdown,
    },
    {
      name: 'web-no-api',
      command: nextStart(WEB_NO_API_PORT),
      cwd: webDir,
      url: `http://127.0.0.1:${WEB_NO_API_PORT}`,
      env: { PARAWEB_API_URL: DEAD_API_URL, NEXT_TELEMETRY_DISABLED: '1' },
      reuseExistingServer: false,
      timeout: 60_000,
      gracefulShutdown: shutdown,
    },
  ],
});
