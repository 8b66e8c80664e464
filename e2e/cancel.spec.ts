/**
 * A large parse shows its progress (file name, bar, Cancel), keeps the page responsive, and Cancel really stops
 * it: the app returns to where it was at once, and the next log loads normally.
 */
import { join } from 'node:path';
import { readLog, SAMPLE_DIR } from './helpers/app-page';
import { expect, test } from './helpers/fixtures';

test('cancel during a large parse', async ({ app }) => {
  test.setTimeout(120_000);
  const page = app.page;
  await app.open();
  // ~1.2M lines, ~45 MB: long enough to be cancelled mid-way on any machine.
  await app.dropGenerated('huge.log', 600_000);
  const progress = page.getByTestId('load-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toContainText('huge.log');
  await expect(app.root).toHaveAttribute('data-state', 'loading');
  // The main thread stays free while the worker parses: a timer fires on time.
  const lateness = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const t0 = performance.now();
        setTimeout(() => resolve(performance.now() - t0 - 50), 50);
      }),
  );
  expect(lateness).toBeLessThan(200);
  const t0 = Date.now();
  await page.getByTestId('cancel-load').click();
  await expect(app.root).toHaveAttribute('data-state', 'empty');
  expect(Date.now() - t0).toBeLessThan(3000);
  await expect(progress).toHaveCount(0);
  await expect(page.getByTestId('empty-page')).toBeVisible();
  // The cancelled parse leaves nothing behind: the next log loads and nothing of huge.log shows up later.
  await app.dropLog(readLog(join(SAMPLE_DIR, 'msnp12-cal-offline-713.log')));
  await app.waitForReady();
  await page.waitForTimeout(1000);
  await expect(page.getByTestId('file-name')).toHaveText('msnp12-cal-offline-713.log');
});

test('a large log that is not cancelled ends in a usable table', async ({ app }) => {
  test.setTimeout(180_000);
  await app.open();
  await app.dropGenerated('big.log', 50_000);
  await app.waitForReady();
  expect(await app.counts()).toEqual({ shown: 100_000, total: 100_000 });
  await app.chip('2xx').click();
  await expect.poll(async () => (await app.counts()).shown).toBe(50_000);
  await app.page.keyboard.press('e');
  await expect(app.detail()).toHaveAttribute('data-event-id', '1');
  await app.page.getByTestId('overview').click({ position: { x: 600, y: 20 } });
  await expect(app.rows().first()).not.toHaveAttribute('data-event-id', '1');
});
