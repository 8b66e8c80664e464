import { defineConfig } from '@playwright/test';

// PW_PORT lets several checkouts/sessions run e2e at once without sharing a server or a build folder.
const PORT = Number(process.env.PW_PORT ?? 4173);
const OUT_DIR = PORT === 4173 ? 'dist' : `dist-${PORT}`;
// Debian's Chromium: Playwright cannot download its own browser on these machines.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: PORT === 4173 ? 'test-results' : `test-results-${PORT}`,
  // Room for a loaded 2-core CI machine: under load the multi-context tests took 50-57 s of a 60 s budget. A test
  // that hangs still fails, and every wait inside a test keeps its own 15 s limit.
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1, // 2-core machine: one browser at a time
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: process.env.PW_REPORT ?? 'reports/e2e.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    launchOptions: {
      executablePath: CHROMIUM,
      args: ['--disable-quic', '--disable-gpu', '--no-sandbox'],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: `npx vite build --logLevel error --outDir ${OUT_DIR} && npx vite preview --outDir ${OUT_DIR} --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
