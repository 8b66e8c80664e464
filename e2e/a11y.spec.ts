/**
 * No serious or critical accessibility violations (axe) on each main screen: the empty page, the loaded
 * timeline with the detail pane open, the filter help, the transcript, the shortcuts dialog and the
 * explanation of an unusable file.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { join } from 'node:path';
import { readLog, SAMPLE_DIR, textLog } from './helpers/app-page';
import { expect, test } from './helpers/fixtures';

async function seriousViolations(page: Page): Promise<string[]> {
  const res = await new AxeBuilder({ page }).analyze();
  return res.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

test('every main screen passes axe without serious violations', async ({ app }) => {
  test.setTimeout(120_000);
  const page = app.page;
  await app.open();
  expect(await seriousViolations(page), 'empty page').toEqual([]);

  await app.dropLog(readLog(join(SAMPLE_DIR, 'msnp12-cal-offline-713.log')));
  await app.waitForReady();
  await page.keyboard.press('e');
  await expect(app.detail()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('timeline.png') });
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
});
