/**
 * The `test` every UI spec uses: it opens the app page object and watches every request the page makes for the
 * whole test; anything not to the app's own origin fails the test (logs must never leave the browser). Page
 * errors fail it too.
 */
import { test as base, expect } from '@playwright/test';
import { AppPage } from './app-page';

interface Fixtures {
  readonly app: AppPage;
  readonly foreignRequests: string[];
}

export const test = base.extend<Fixtures>({
  foreignRequests: async ({ page, baseURL }, use) => {
    const origin = new URL(baseURL ?? 'http://127.0.0.1').origin;
    const foreign: string[] = [];
    page.on('request', (req) => {
      const url = req.url();
      // data:/blob: URLs are in-page, not network.
      if (url.startsWith('data:') || url.startsWith('blob:')) return;
      if (new URL(url).origin !== origin) foreign.push(url);
    });
    await use(foreign);
    expect(foreign, 'requests outside the app origin').toEqual([]);
  },
  app: async ({ page, foreignRequests }, use) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    void foreignRequests; // make sure the request watcher is installed for every test
    await use(new AppPage(page));
    expect(pageErrors, 'uncaught page errors').toEqual([]);
  },
});

export { expect };
