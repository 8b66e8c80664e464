/**
 * No serious or critical accessibility violations (axe) on each main screen: the empty page, the loaded
 * timeline with the detail pane open, the filter help, the transcript, the shortcuts dialog and the
 * explanation of an unusable file.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { join } from 'node:path';
import { AppPage, readLog, SAMPLE_DIR, textLog } from './helpers/app-page';
import { expect, test } from './helpers/fixtures';

async function seriousViolations(page: Page): Promise<string[]> {
  const res = await new AxeBuilder({ page }).analyze();
  return res.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`every main screen passes axe without serious violations (${scheme} colour scheme)`, async ({ app }) => {
    await checkEveryScreen(app, scheme);
  });
}

async function checkEveryScreen(app: AppPage, scheme: 'light' | 'dark'): Promise<void> {
  test.setTimeout(120_000);
  const page = app.page;
  // axe checks text contrast in the colours the page resolves: both schemes are held to it.
  await page.emulateMedia({ colorScheme: scheme });
  await app.open();
  expect(await seriousViolations(page), 'empty page').toEqual([]);

  await app.dropLog(readLog(join(SAMPLE_DIR, 'msnp12-cal-offline-713.log')));
  await app.waitForReady();
  await page.keyboard.press('e');
  await expect(app.detail()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath(`timeline-${scheme}.png`) });
  expect(await seriousViolations(page), 'timeline + detail').toEqual([]);

  await page.getByTestId('filter-help-button').click();
  expect(await seriousViolations(page), 'filter help').toEqual([]);
  await page.getByTestId('filter-help-button').click();

  await page.getByTestId('tab-transcript').click();
  await expect(page.getByTestId('transcript')).toBeVisible();
  expect(await seriousViolations(page), 'transcript').toEqual([]);

  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts-dialog')).toBeVisible();
  expect(await seriousViolations(page), 'shortcuts').toEqual([]);
  await page.keyboard.press('Escape');

  await app.dropLog(textLog('notes.txt', 'nothing to see\nhere at all\n'));
  await expect(page.getByTestId('input-problem')).toBeVisible();
  expect(await seriousViolations(page), 'explanation screen').toEqual([]);
}

/** The distinct colours the overview strip's canvas painted opaque, as `r,g,b` strings. */
async function canvasColours(page: Page): Promise<string[]> {
  return page.getByTestId('overview').locator('canvas').evaluate((c) => {
    const canvas = c as HTMLCanvasElement;
    const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
    const seen = new Set<string>();
    for (let k = 0; k < data.length; k += 4) if ((data[k + 3] ?? 0) === 255) seen.add(`${data[k]},${data[k + 1]},${data[k + 2]}`);
    return [...seen].sort();
  });
}

test('the page follows the system between light and dark, the overview canvas included', async ({ app }) => {
  const page = app.page;
  await page.emulateMedia({ colorScheme: 'light' });
  await app.open();
  await app.dropLog(readLog(join(SAMPLE_DIR, 'msnp9-rate-limit-800.log')));
  await app.waitForReady();
  const background = (): Promise<string> => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(await background()).toBe('rgb(255, 255, 255)');
  const light = await canvasColours(page);
  // Density bars and the 800s' error marks.
  expect(light).toEqual(expect.arrayContaining(['154,163,178', '198,40,40']));

  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await background()).toBe('rgb(22, 25, 31)');
  // The canvas is painted again in the dark palette, without reloading the log.
  await expect.poll(() => canvasColours(page)).toEqual(expect.arrayContaining(['93,102,118', '255,107,97']));
  expect(await canvasColours(page)).not.toContain('154,163,178');
});

test('the view tabs are one Tab stop; arrow keys, Home and End move between them', async ({ app }) => {
  const page = app.page;
  await app.open();
  await app.dropLog(readLog(join(SAMPLE_DIR, 'escargot-server-sign-ins.log')));
  await app.waitForReady();
  const tabs = page.getByRole('tab');
  await expect(tabs).toHaveText(['Timeline', 'Transcript (follow one connection)', /^Findings \(\d+\)$/, /^Accounts \(3\)$/]);
  // Only the selected tab is in the Tab order.
  expect(await tabs.evaluateAll((els) => els.map((el) => (el as HTMLElement).tabIndex))).toEqual([0, -1, -1, -1]);
  await tabs.nth(0).focus();
  await page.keyboard.press('ArrowRight');
  await expect(tabs.nth(1)).toBeFocused();
  await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('transcript')).toBeVisible();
  await page.keyboard.press('End');
  await expect(tabs.nth(3)).toBeFocused();
  await expect(page.getByTestId('accounts-view')).toBeVisible();
  expect(new URL(page.url()).hash.startsWith('#/accounts')).toBe(true);
  await page.keyboard.press('ArrowRight');
  await expect(tabs.nth(0)).toBeFocused();
  await expect(tabs.nth(0)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Home');
  await expect(tabs.nth(0)).toBeFocused();
  expect(await tabs.evaluateAll((els) => els.map((el) => (el as HTMLElement).tabIndex))).toEqual([0, -1, -1, -1]);
  // The Accounts table passes axe too.
  await page.keyboard.press('End');
  expect(await seriousViolations(page), 'accounts').toEqual([]);
});

test('the overview strip is a slider the keyboard moves: arrows and pages step on from where the table is, Home and End', async ({ app }) => {
  const page = app.page;
  await app.open();
  await app.dropLog(readLog(join(SAMPLE_DIR, 'msnp9-rate-limit-800.log')));
  await app.waitForReady();
  const slider = page.getByRole('slider', { name: /Overview of the whole log/ });
  await slider.focus();
  const value = async (): Promise<number> => Number(await slider.getAttribute('aria-valuenow'));
  await expect(slider).toHaveAttribute('aria-valuetext', /^showing rows 1 to \d+ of 119$/);
  let before = await value();
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('ArrowRight');
    await expect.poll(value).toBeGreaterThan(before);
    before = await value();
  }
  await expect(slider).not.toHaveAttribute('aria-valuetext', /^showing rows 1 to/);
  await page.keyboard.press('ArrowLeft');
  await expect.poll(value).toBeLessThan(before);
  await page.keyboard.press('End');
  await expect(slider).toHaveAttribute('aria-valuenow', '100');
  await expect(slider).toHaveAttribute('aria-valuetext', /to 119 of 119$/);
  await page.keyboard.press('PageUp');
  await expect.poll(value).toBeLessThan(100);
  await page.keyboard.press('Home');
  await expect(slider).toHaveAttribute('aria-valuenow', '0');
  await expect(slider).toHaveAttribute('aria-valuetext', /^showing rows 1 to \d+ of 119$/);
  await page.keyboard.press('PageDown');
  await expect.poll(value).toBeGreaterThan(0);
  await expect(slider).toBeFocused();
});

test('a tiny log has no overview strip: the table gets its height; a longer one keeps it', async ({ app }) => {
  const page = app.page;
  await app.open();
  await app.dropLog(readLog(join(SAMPLE_DIR, 'msnp15-login-911.log')));
  await app.waitForReady();
  await expect(page.locator('.workspace')).toHaveAttribute('data-settled', 'true');
  await expect(page.getByTestId('overview')).toHaveCount(0);
  await expect(page.locator('.overview-placeholder')).toHaveCount(0);
  await app.dropLog(readLog(join(SAMPLE_DIR, 'msnp9-rate-limit-800.log')));
  await expect(page.getByTestId('file-name')).toHaveText('msnp9-rate-limit-800.log');
  await expect(page.getByRole('slider', { name: /Overview of the whole log/ })).toBeVisible();
});

test("the detail pane's transaction: each member's place on one line at the left, its message wrapping beside it", async ({ app }) => {
  const page = app.page;
  await app.open();
  await app.dropLog(readLog(join(SAMPLE_DIR, 'msnp15-login-911.log')));
  await app.waitForReady();
  // The second CVR (line 14): its reply (line 15) is long enough to wrap in the pane.
  await page.locator('[data-testid="timeline"] tbody tr', { hasText: '0x0409' }).nth(1).click();
  const reply = page.getByTestId('jump-to-reply-1');
  await expect(reply).toBeVisible();
  expect(await reply.evaluate((b) => getComputedStyle(b).textAlign)).toBe('left');
  const metas = page.getByTestId('transaction').locator('.txn-meta');
  await expect(metas).toHaveText(['command · line 14 ·', 'reply 1 · line 15 ·']);
  for (const meta of await metas.all()) {
    const box = await meta.evaluate((el) => ({ h: el.getBoundingClientRect().height, line: parseFloat(getComputedStyle(el).lineHeight) || 16 }));
    expect(box.h).toBeLessThan(box.line * 1.5);
  }
  // The reply starts beside its label, not below it.
  const metaBox = await metas.nth(1).boundingBox();
  const replyBox = await reply.boundingBox();
  expect(Math.abs((replyBox?.y ?? 0) - (metaBox?.y ?? 100))).toBeLessThan(4);
  expect(replyBox?.x ?? 0).toBeGreaterThan((metaBox?.x ?? 0) + (metaBox?.width ?? 0) - 1);
});

test('the file name in the header uses the free space, and a name too long for it is cut with the whole name in its title', async ({ app }) => {
  const page = app.page;
  await app.open();
  const name = 'real-01-pright-blog-msnp8-seed.log';
  await app.dropLog(readLog(join(process.cwd(), 'fixtures/msnp/transcript', name)));
  await app.waitForReady();
  const shown = page.getByTestId('file-name');
  await expect(shown).toHaveText(name);
  expect(await shown.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  const long = `${'a-very-long-name-of-a-log-'.repeat(6)}.log`;
  await app.dropLog(textLog(long, '>>> VER 1 MSNP8 CVR0\n<<< VER 1 MSNP8\n'));
  await expect(shown).toHaveText(long);
  expect(await shown.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  await expect(shown).toHaveAttribute('title', long);
  // Cut, it stays on the bar's first line with the format and the buttons.
  const nameBox = await shown.boundingBox();
  const shareBox = await page.getByTestId('share-button').boundingBox();
  expect(Math.abs((nameBox?.y ?? 0) + (nameBox?.height ?? 0) / 2 - ((shareBox?.y ?? 100) + (shareBox?.height ?? 0) / 2))).toBeLessThan(6);
});
