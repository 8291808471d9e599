import { defineConfig, devices } from '@playwright/test';

// Debian's Chromium (installed by `make test`); Playwright's own browser download cannot work here.
const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];
const port = 3100;
// The empty organisation's server, and the password its administrator is created with.
const emptyPort = 3101;
export const emptyAdminPassword = 'quan-tri-tinh-2025';
// Lets the offline tests cut the service worker's requests too (see tests/offline-helpers.ts).
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'vi-VN',
    launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], channel: undefined }, testMatch: /desktop\/.*\.spec\.ts/ },
    { name: 'mobile', use: { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true }, testMatch: /mobile\/.*\.spec\.ts/ },
    // The offline and board tests change the data: they run after the read-only projects.
    { name: 'offline', use: { viewport: { width: 1366, height: 900 } }, testMatch: /offline\/.*\.spec\.ts/, dependencies: ['desktop', 'mobile'] },
    { name: 'live', use: { viewport: { width: 1366, height: 900 } }, testMatch: /live\/.*\.spec\.ts/, dependencies: ['offline'] },
    { name: 'board', use: { viewport: { width: 1366, height: 900 } }, testMatch: /board\/.*\.spec\.ts/, dependencies: ['live'] },
    // The 2025 reorganisation changes the tree itself: last of all on the demo data.
    { name: 'reform', use: { viewport: { width: 1366, height: 900 } }, testMatch: /reform\/.*\.spec\.ts/, dependencies: ['board'] },
    // An organisation that starts from an empty database: its own server, without the demo data.
    { name: 'setup', use: { viewport: { width: 1366, height: 900 }, baseURL: `http://127.0.0.1:${emptyPort}` }, testMatch: /setup\/.*\.spec\.ts/ },
  ],
  // Fresh databases for every run — one with the demo data, one empty with only the administrator
  // made by `server create-admin` —; the server is the debug build of `make e2e`.
  webServer: [
    {
      command: 'rm -rf target/e2e && mkdir -p target/e2e && target/debug/server',
      cwd: '..',
      url: `http://127.0.0.1:${port}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        DATABASE_URL: 'sqlite:target/e2e/branchboard.db',
        LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
        LEPTOS_SITE_ROOT: 'target/site',
        RUST_LOG: 'warn',
      },
    },
    {
      command: `rm -rf target/e2e-empty && mkdir -p target/e2e-empty && printf '%s\\n' '${emptyAdminPassword}' | target/debug/server create-admin quantri && target/debug/server`,
      cwd: '..',
      url: `http://127.0.0.1:${emptyPort}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        DATABASE_URL: 'sqlite:target/e2e-empty/branchboard.db',
        BRANCHBOARD_DEMO_DATA: 'false',
        LEPTOS_SITE_ADDR: `127.0.0.1:${emptyPort}`,
        LEPTOS_SITE_ROOT: 'target/site',
        RUST_LOG: 'warn',
      },
    },
  ],
});
