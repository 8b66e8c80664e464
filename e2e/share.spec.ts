/**
 * Sharing: a report link made from a filtered view with a selected error opens the same view in a fresh
 * browser context; tampered, newer-version and decompression-bomb links get a message; a report file
 * downloads and opens again when dropped; the Markdown summary exports, redacted; and no request leaves the
 * app's origin (the log travels in the fragment and in blobs only). Also the link-size probe that the link
 * limit in `src/state/share/link-limits.ts` rests on.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { deflateSync } from 'fflate';
import type { Browser, Page } from '@playwright/test';
import { AppPage, readLog, SAMPLE_DIR } from './helpers/app-page';
import { BROWSER_URL_LIMIT } from '../src/state/share/link-limits';
import { expect, test } from './helpers/fixtures';

const SAMPLE = join(SAMPLE_DIR, 'msnp12-cal-offline-713.log');
const CHAT_SAMPLE = join(SAMPLE_DIR, 'msnp15-login-and-chat.log');
const ADDRESS = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

function hashParams(url: string): URLSearchParams {
  const hash = new URL(url).hash;
  return new URLSearchParams(hash.slice(hash.indexOf('?') + 1));
}

/** A page in a new, empty browser context (a "fresh profile"), with its off-origin requests recorded. */
async function freshPage(browser: Browser, baseURL: string | undefined): Promise<{ page: Page; foreign: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const origin = new URL(baseURL ?? 'http://127.0.0.1').origin;
  const foreign: string[] = [];
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin) foreign.push(u);
  });
  return { page, foreign, close: () => context.close() };
}

async function openFilteredErrorView(app: AppPage): Promise<void> {
  await app.open();
  await app.pickLog(readLog(SAMPLE));
  await app.waitForReady();
  await app.chip('7xx').click();
  await expect.poll(async () => (await app.counts()).shown).toBeGreaterThan(0);
  await app.rows().first().click();
  await expect.poll(() => hashParams(app.page.url()).get('sel')).not.toBeNull();
}

async function openShareDialog(page: Page): Promise<void> {
  await page.locator('body').press('s');
  await expect(page.getByTestId('share-dialog')).toBeVisible();
  await expect(page.getByTestId('report-link-text')).toHaveValue(/report=1\./);
}

test('a report link reopens the same filtered view with the selected error in a fresh context', async ({ app, page, browser, baseURL }) => {
  await openFilteredErrorView(app);
  const senderCounts = await app.counts();
  const senderDetail = await app.detail().innerText();
  await openShareDialog(page);
  const unnamed = await page.getByTestId('report-link-text').inputValue();
  await page.getByTestId('share-name').fill('CAL keeps failing');
  await page.getByTestId('share-note').fill('Look at the 713 after the 217s.');
  await expect(page.getByTestId('share-manifest')).toContainText('replaced');
  // The link is rebuilt once typing pauses: it then carries the name and note.
  await expect(page.getByTestId('report-link-text')).not.toHaveValue(unnamed);
  const link = await page.getByTestId('report-link-text').inputValue();
  const shownLength = Number(await page.getByTestId('report-link-length').getAttribute('data-length'));
  expect(shownLength).toBe(link.length);
  expect(link).not.toMatch(ADDRESS);
  await page.getByTestId('share-preview').locator('summary').click();
  const axe = await new AxeBuilder({ page }).include('[data-testid="share-dialog"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  const fresh = await freshPage(browser, baseURL);
  const app2 = new AppPage(fresh.page);
  await fresh.page.goto(link);
  await app2.waitForReady();
  await expect(fresh.page.getByTestId('report-name')).toHaveText('CAL keeps failing');
  await expect(fresh.page.getByTestId('report-note')).toHaveText('Look at the 713 after the 217s.');
  await expect(fresh.page.getByTestId('report-manifest')).toContainText('replaced');
  expect(await app2.counts()).toEqual(senderCounts);
  const sent = hashParams(link);
  const got = hashParams(fresh.page.url());
  for (const key of ['err', 'sel', 'q', 'tab']) expect(got.get(key), key).toBe(sent.get(key));
  expect(new URL(fresh.page.url()).hash.split('?')[0]).toBe(new URL(link).hash.split('?')[0]);
  // The address bar keeps the whole report: the recipient can pass the same link on.
  expect(got.get('report')).toBe(sent.get('report'));
  await expect(app2.detail()).toBeVisible();
  // The same event in detail; only the addresses differ (the recipient sees pseudonyms).
  const masked = (t: string): string => t.replace(ADDRESS, '<address>');
  expect(masked(await app2.detail().innerText())).toBe(masked(senderDetail));
  expect(await app2.detail().innerText()).not.toBe(senderDetail);
  expect(fresh.foreign).toEqual([]);
  await fresh.close();
});

test('tampered, newer-version and compressed-bomb links get a message, never a crash', async ({ app, page, browser, baseURL }) => {
  await openFilteredErrorView(app);
  await openShareDialog(page);
  const link = await page.getByTestId('report-link-text').inputValue();
  const token = hashParams(link).get('report') ?? '';
  const mid = Math.floor(token.length / 2);
  const flip = token.charAt(mid) === 'A' ? 'B' : 'A';
  const tampered = link.replace(token, token.slice(0, mid) + flip + token.slice(mid + 1));
  const truncated = link.slice(0, link.length - 40);
  const newer = link.replace('report=1.', 'report=7.');
  const zeros = new Uint8Array(48 * 1024 * 1024);
  const bombData = Buffer.from(deflateSync(zeros, { level: 9 })).toString('base64url');
  const bomb = `${new URL(link).origin}${new URL(link).pathname}#/timeline?v=1&report=1.00000000.${bombData}`;
  expect(bomb.length).toBeLessThan(100_000);
  const cases: [string, RegExp][] = [
    [tampered, /damaged/],
    [truncated, /damaged/],
    [newer, /newer version/],
    [bomb, /more than 32 MB/],
  ];
  for (const [url, message] of cases) {
    const fresh = await freshPage(browser, baseURL);
    const errors: string[] = [];
    fresh.page.on('pageerror', (e) => errors.push(String(e)));
    await fresh.page.goto(url);
    await expect(fresh.page.getByTestId('report-problem')).toContainText(message);
    await expect(fresh.page.getByTestId('app-root')).toHaveAttribute('data-state', 'empty');
    expect(errors).toEqual([]);
    expect(fresh.foreign).toEqual([]);
    await fresh.close();
  }
});

test('a downloaded report file opens again when dropped, with its view', async ({ app, page, browser, baseURL }) => {
  await openFilteredErrorView(app);
  await openShareDialog(page);
  const unnamed = await page.getByTestId('report-link-text').inputValue();
  await page.getByTestId('share-name').fill('report file round trip');
  await expect(page.getByTestId('report-link-text')).not.toHaveValue(unnamed);
  const sent = hashParams(await page.getByTestId('report-link-text').inputValue());
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-report').click()]);
  expect(download.suggestedFilename()).toBe('report-file-round-trip.msnp-report');
  const bytes = readFileSync(await download.path());
  expect(bytes.toString('utf8')).not.toMatch(ADDRESS);

  const fresh = await freshPage(browser, baseURL);
  const app2 = new AppPage(fresh.page);
  await app2.open();
  await app2.dropLog({ name: download.suggestedFilename(), bytes });
  await app2.waitForReady();
  await expect(fresh.page.getByTestId('report-name')).toHaveText('report file round trip');
  await expect(fresh.page.getByTestId('report-manifest')).toContainText('report');
  const got = hashParams(fresh.page.url());
  for (const key of ['err', 'sel']) expect(got.get(key), key).toBe(sent.get(key));
  expect(fresh.foreign).toEqual([]);
  await fresh.close();
});

test('the Markdown summary exports with the verdict, quoted redacted evidence and the report link', async ({ app, page }) => {
  const requests: string[] = [];
  await app.open();
  await app.pickLog(readLog(CHAT_SAMPLE));
  await app.waitForReady();
  page.on('request', (r) => requests.push(r.url()));
  await openShareDialog(page);
  const [md] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-markdown').click()]);
  const text = readFileSync(await md.path(), 'utf8');
  expect(text).toContain('**Verdict:**');
  expect(text).toMatch(/## Findings \(\d+\)/);
  expect(text).toContain('## Redaction');
  expect(text).toMatch(/\[Open the full report\]\(http:\/\/127\.0\.0\.1:\d+\/#\/timeline\?.*report=1\./);
  const originals = new Set(readFileSync(CHAT_SAMPLE, 'utf8').match(ADDRESS) ?? []);
  expect(originals.size).toBeGreaterThan(0);
  for (const a of originals) expect(text, a).not.toContain(a);
  const [log] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-redacted-log').click()]);
  const redacted = readFileSync(await log.path(), 'utf8');
  for (const a of originals) expect(redacted, a).not.toContain(a);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const rows = readFileSync(await csv.path(), 'utf8').trim().split('\r\n');
  expect(rows.length - 2).toBe((await app.counts()).shown); // minus the comment line and the header
  // Everything the share flow did stayed in the page: not one request after the log was loaded.
  expect(requests).toEqual([]);
});

test('a view link asks for the file, restores the view, and warns when another file is dropped', async ({ app, page, browser, baseURL }) => {
  await openFilteredErrorView(app);
  await openShareDialog(page);
  const viewLink = await page.getByTestId('view-link-text').inputValue();
  expect(viewLink).not.toContain('report=');
  const sent = hashParams(viewLink);
  expect(sent.get('log')).toMatch(/^[0-9a-f]{8}$/);

  const fresh = await freshPage(browser, baseURL);
  const app2 = new AppPage(fresh.page);
  await fresh.page.goto(viewLink);
  await expect(fresh.page.getByTestId('need-file')).toBeVisible();
  await app2.pickLog(readLog(SAMPLE));
  await app2.waitForReady();
  for (const key of ['err', 'sel', 'log']) expect(hashParams(fresh.page.url()).get(key), key).toBe(sent.get(key));
  await expect(app2.detail()).toBeVisible();
  await fresh.close();

  const other = await freshPage(browser, baseURL);
  const app3 = new AppPage(other.page);
  await other.page.goto(viewLink);
  await app3.pickLog(readLog(CHAT_SAMPLE));
  await app3.waitForReady();
  await expect(other.page.getByTestId('notice-log-mismatch')).toBeVisible();
  expect(hashParams(other.page.url()).get('err')).toBe(sent.get('err'));
  expect(other.foreign).toEqual([]);
  await other.close();
});

test('link-size probe: links up to the longest the app offers open intact in Chromium', async ({ browser, baseURL }) => {
  // Opening a URL near 2 MiB takes many seconds on a loaded machine, hence the room. Lengths above the app's own
  // limit are not probed here: they assert nothing, and their history is in link-limits.ts.
  test.setTimeout(150_000);
  const sizes = [2_000, 32_000, 64 * 1024, 512 * 1024, BROWSER_URL_LIMIT];
  const results: { length: number; opened: boolean }[] = [];
  for (const size of sizes) {
    const fresh = await freshPage(browser, baseURL);
    const base = `${baseURL ?? ''}/#/timeline?v=1&probe=`;
    const url = base + 'x'.repeat(Math.max(0, size - base.length));
    let opened = false;
    try {
      await fresh.page.goto(url, { timeout: 25_000 });
      opened = (await fresh.page.evaluate(() => window.location.href.length)) === url.length;
    } catch {
      opened = false;
    }
    results.push({ length: url.length, opened });
    await fresh.close();
  }
  mkdirSync('reports', { recursive: true });
  writeFileSync('reports/link-size-probe.json', `${JSON.stringify(results, null, 1)}\n`);
  expect(results.map((r) => r.length).at(-1)).toBe(BROWSER_URL_LIMIT);
  for (const r of results) expect(r.opened, `${r.length}`).toBe(true);
});

test("opening another link in the same tab replaces the previous link's notices", async ({ app, page }) => {
  await app.open('#/timeline?v=1&log=078a3ab1&report=1.a7e302f1.AAAAgarbage');
  await expect(page.getByTestId('report-problem')).toContainText('This report link is damaged');
  await page.evaluate(() => {
    window.location.hash = '#/timeline?v=99&log=zz';
  });
  await expect(page.getByTestId('notice-url')).toHaveText([
    /newer version \(v99\)/,
    /Ignored log=zz/,
  ]);
  await expect(page.getByTestId('report-problem')).toHaveCount(0);
  await page.evaluate(() => {
    window.location.hash = '#/nonsense';
  });
  await expect(page.getByTestId('notice-url')).toHaveText([/There is no “nonsense” view/]);
});

test('a view link made on a bundled sample names the sample and opens it in one click, with the view', async ({ app, page }) => {
  await app.open('#/timeline?v=1&log=078a3ab1&q=code:713');
  const notice = page.getByTestId('need-file');
  await expect(notice).toContainText('This view was made on the bundled sample “Calling an offline contact (217, then 713)”');
  await expect(notice).not.toContainText('open the same file again');
  await notice.getByRole('button', { name: 'Open the sample “Calling an offline contact (217, then 713)”' }).click();
  await app.waitForReady();
  await expect(page.getByTestId('file-name')).toHaveText('msnp12-cal-offline-713.log');
  await expect(app.queryBox()).toHaveValue('code:713');
  await expect.poll(async () => (await app.counts()).shown).toBe(1);
  await expect(page.getByTestId('notice-log-mismatch')).toHaveCount(0);
});

test('a forced format travels in the report link and the view link: the recipient reads the log the same way', async ({ app, page, browser, baseURL }) => {
  // Detected as the documentation style (12 messages); read as a bare transcript it has 5 and another verdict.
  const log = readLog(join(process.cwd(), 'fixtures/msnp/doc/inline-messages.log'));
  await app.open();
  await app.pickLog(log);
  await app.waitForReady();
  expect((await app.counts()).total).toBe(12);
  await page.getByTestId('dialect-select').selectOption('transcript');
  await expect.poll(async () => (await app.counts()).total).toBe(5);
  await expect.poll(() => hashParams(page.url()).get('fmt')).toBe('transcript');
  const senderVerdict = await page.getByTestId('verdict').innerText();
  await openShareDialog(page);
  const link = await page.getByTestId('report-link-text').inputValue();
  const viewLink = await page.getByTestId('view-link-text').inputValue();
  expect(hashParams(link).get('fmt')).toBe('transcript');
  expect(hashParams(viewLink).get('fmt')).toBe('transcript');

  const fresh = await freshPage(browser, baseURL);
  const app2 = new AppPage(fresh.page);
  await fresh.page.goto(link);
  await app2.waitForReady();
  await expect(fresh.page.getByTestId('dialect-select')).toHaveValue('transcript');
  expect((await app2.counts()).total).toBe(5);
  await expect(fresh.page.getByTestId('verdict')).toHaveText(senderVerdict);
  expect(hashParams(fresh.page.url()).get('fmt')).toBe('transcript');
  expect(fresh.foreign).toEqual([]);
  await fresh.close();

  const viewer = await freshPage(browser, baseURL);
  const app3 = new AppPage(viewer.page);
  await viewer.page.goto(viewLink);
  await app3.pickLog(log);
  await app3.waitForReady();
  await expect(viewer.page.getByTestId('dialect-select')).toHaveValue('transcript');
  expect((await app3.counts()).total).toBe(5);
  // Back to detection: the link loses its fmt= and the log is read as detected again.
  await viewer.page.getByTestId('dialect-select').selectOption('');
  await expect.poll(async () => (await app3.counts()).total).toBe(12);
  expect(hashParams(viewer.page.url()).get('fmt')).toBeNull();
  await viewer.close();
});

test('a link with an unknown format gives a plain notice and detects the format', async ({ app, page }) => {
  await app.open('#/timeline?v=1&fmt=msnp-klingon');
  await expect(page.getByTestId('notice-url')).toHaveText([/“msnp-klingon”, a format this version does not know; the format is detected instead/]);
  await app.pickLog(readLog(join(process.cwd(), 'fixtures/msnp/doc/inline-messages.log')));
  await app.waitForReady();
  expect((await app.counts()).total).toBe(12);
  await expect(page.getByTestId('dialect-select')).toHaveValue('');
});
