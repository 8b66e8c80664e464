/**
 * Scrolling the timeline: rows are placed inside blocks of the virtualizer (src/ui/timeline/row-blocks.ts), so a
 * scroll that stays inside the same blocks must still bring the rows into view, and the last row must be
 * reachable. Checked by what is under the pointer at the top and the bottom of the table's viewport: a row, never
 * an empty band.
 */
import { generateLogText } from '../bench/generate-log.mjs';
import { join } from 'node:path';
import { readLog, SAMPLE_DIR, textLog } from './helpers/app-page';
import { expect, test } from './helpers/fixtures';
import type { Page } from '@playwright/test';

/** What is drawn just below the header and just above the bottom edge of the scrolled table: row indices or null. */
async function rowsAtEdges(page: Page): Promise<{ top: number | null; bottom: number | null; scrollTop: number }> {
  return page.evaluate(() => {
    const el = document.querySelector<HTMLElement>('[data-testid="table-scroll"]');
    const head = document.querySelector<HTMLElement>('[data-testid="timeline"] thead');
    if (!el || !head) throw new Error('no table');
    const box = el.getBoundingClientRect();
    const at = (y: number): number | null => {
      const tr = document.elementFromPoint(box.left + 20, y)?.closest('tbody tr');
      return tr ? Number(tr.getAttribute('aria-rowindex')) - 2 : null;
    };
    const headBottom = head.getBoundingClientRect().bottom;
    return { top: at(headBottom + 3), bottom: at(box.bottom - 3), scrollTop: el.scrollTop };
  });
}

test('small and large scrolls always show rows, and the last row is reachable', async ({ app, page }) => {
  const { text } = generateLogText({ bytes: 400_000, form: 'libpurple' });
  await app.open();
  await app.dropLog(textLog('scroll.log', text));
  await app.waitForReady();
  const total = Number(await page.getByTestId('result-count').getAttribute('data-total'));
  expect(total).toBeGreaterThan(2000);
  const scroller = page.getByTestId('table-scroll');
  // Steps smaller than a row, a block (32 rows) and a screen, then big jumps.
  for (const step of [7, 30, 30, 250, 700, 5000, 23_000]) {
    await scroller.evaluate((el, dy) => {
      el.scrollTop += dy;
    }, step);
    await expect
      .poll(async () => {
        const edges = await rowsAtEdges(page);
        return edges.top !== null && edges.bottom !== null && edges.bottom >= edges.top;
      })
      .toBe(true);
  }
  await scroller.evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  await expect.poll(async () => (await rowsAtEdges(page)).bottom).toBe(total - 1);
});

/** Where the Status column header sits against the table's scroll box, in px (right edges). */
async function statusHeaderEdge(page: Page): Promise<{ header: number; box: number }> {
  return page.evaluate(() => {
    const box = document.querySelector<HTMLElement>('[data-testid="table-scroll"]')?.getBoundingClientRect();
    const th = [...document.querySelectorAll<HTMLElement>('[data-testid="timeline"] thead th')].find((el) => el.textContent?.startsWith('Status'));
    if (!box || !th) throw new Error('no table');
    return { header: th.getBoundingClientRect().right, box: box.right };
  });
}

test('with the detail pane open every column stays reachable: in view at 1400 px, by scrolling sideways where even the narrow columns do not fit', async ({ app, page }) => {
  await app.open();
  await app.dropLog(readLog(join(SAMPLE_DIR, 'msnp15-login-911.log')));
  await app.waitForReady();
  await page.keyboard.press('e');
  await expect(app.detail()).toBeVisible();
  const wide = await statusHeaderEdge(page);
  expect(wide.header).toBeLessThanOrEqual(wide.box);

  // 640 px: the pane is below the table (e2e/layout.spec.ts covers 800 px and up), and the table's narrow
  // columns (774 px for a log with times) are wider than the window.
  await page.setViewportSize({ width: 640, height: 900 });
  await expect(app.detail()).toBeVisible();
  const narrow = await statusHeaderEdge(page);
  expect(narrow.header).toBeGreaterThan(narrow.box);
  // The table scrolls sideways as far as the Status column's end, and the rows come along with the header.
  await page.getByTestId('table-scroll').evaluate((el) => {
    el.scrollLeft = el.scrollWidth;
  });
  await expect.poll(async () => {
    const e = await statusHeaderEdge(page);
    return e.header <= e.box + 1;
  }).toBe(true);
  const status = page.getByTestId('timeline').getByRole('row').last().getByRole('gridcell').last();
  await expect(status).toBeInViewport();
});
