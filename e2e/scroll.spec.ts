/**
 * Scrolling the timeline: rows are placed inside blocks of the virtualizer (src/ui/timeline/row-blocks.ts), so a
 * scroll that stays inside the same blocks must still bring the rows into view, and the last row must be
 * reachable. Checked by what is under the pointer at the top and the bottom of the table's viewport: a row, never
 * an empty band.
 */
import { generateLogText } from '../bench/generate-log.mjs';
import { textLog } from './helpers/app-page';
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
