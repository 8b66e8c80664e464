/**
 * The workspace's layout by window width, measured with real geometry: under 1200 px the detail pane goes below
 * the table (app.css), and the table's columns take their narrow widths (timeline/columns.tsx), so a selected
 * row is read whole, Status column included, without scrolling sideways, and the pane never covers it.
 */
import { join } from 'node:path';
import { parseLog } from '../src/msnp/parse-log';
import { readLog, SAMPLE_DIR } from './helpers/app-page';
import { expect, test } from './helpers/fixtures';
import type { Locator, Page } from '@playwright/test';

const RATE = readLog(join(SAMPLE_DIR, 'msnp9-rate-limit-800.log'));

interface Rect {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** The part of the table's scroll box rows are seen in (below the sticky header, inside the scrollbars). */
async function rowsViewport(page: Page): Promise<Rect & { readonly sideways: number; readonly scrollLeft: number }> {
  return page.getByTestId('table-scroll').evaluate((el) => {
    const box = el.getBoundingClientRect();
    const head = el.querySelector('thead')?.getBoundingClientRect();
    return {
      left: box.left,
      top: head?.bottom ?? box.top,
      right: box.left + el.clientWidth,
      bottom: box.top + el.clientHeight,
      // How far the table could scroll sideways: 0 when every column fits.
      sideways: el.scrollWidth - el.clientWidth,
      scrollLeft: el.scrollLeft,
    };
  });
}

async function rectOf(target: Locator): Promise<Rect> {
  const b = await target.boundingBox();
  if (b === null) throw new Error('not rendered');
  return { left: b.x, top: b.y, right: b.x + b.width, bottom: b.y + b.height };
}

function expectInside(inner: Rect, outer: Rect, what: string): void {
  expect(inner.left, `${what}: left`).toBeGreaterThanOrEqual(outer.left - 0.5);
  expect(inner.top, `${what}: top`).toBeGreaterThanOrEqual(outer.top - 0.5);
  expect(inner.right, `${what}: right`).toBeLessThanOrEqual(outer.right + 0.5);
  expect(inner.bottom, `${what}: bottom`).toBeLessThanOrEqual(outer.bottom + 0.5);
}

/** Nothing is drawn over the element: what the page shows at its centre is the element or inside it. */
async function expectOnTop(target: Locator, what: string): Promise<void> {
  const onTop = await target.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return hit !== null && el.contains(hit);
  });
  expect(onTop, `${what} is not covered`).toBe(true);
}

/** The selected row's Status cell and the pane's heading are both wholly in view, and the table does not scroll sideways. */
async function expectRowAndPaneReadable(page: Page): Promise<void> {
  const viewport = page.viewportSize();
  if (viewport === null) throw new Error('no viewport');
  const screen: Rect = { left: 0, top: 0, right: viewport.width, bottom: viewport.height };
  const rows = await rowsViewport(page);
  expect(rows.sideways, 'the table has no columns beyond its right edge').toBeLessThanOrEqual(0);
  expect(rows.scrollLeft).toBe(0);
  const status = page.locator('[data-testid="timeline"] tbody tr[aria-selected="true"] td').last();
  await expect(status).toHaveCount(1);
  const statusRect = await rectOf(status);
  expect(statusRect.right - statusRect.left, 'the Status cell has room for its text').toBeGreaterThanOrEqual(190);
  expectInside(statusRect, rows, 'Status cell in the rows viewport');
  expectInside(statusRect, screen, 'Status cell on screen');
  await expectOnTop(status, 'the Status cell');
  const heading = page.getByTestId('detail-pane').getByRole('heading', { level: 2 });
  const headingRect = await rectOf(heading);
  expectInside(headingRect, screen, "pane's heading on screen");
  await expectOnTop(heading, "the pane's heading");
}

test('at 800 × 700 a selected error row is read whole, Status column included, with the details below it', async ({ app, page }) => {
  await page.setViewportSize({ width: 800, height: 700 });
  await app.open();
  await page.getByTestId('sample-login-failed').click();
  await app.waitForReady();
  const error = page.locator('[data-testid="timeline"] tbody tr.is-error').first();
  const id = await error.getAttribute('data-event-id');
  await error.click();
  await expect(app.detail()).toHaveAttribute('data-event-id', id ?? '');
  await expect(error).toHaveAttribute('aria-selected', 'true');
  await expect(app.detail()).toContainText('911');
  await expectRowAndPaneReadable(page);
  // The pane is below the table, as wide as the window, and each has a fair share of the height.
  const table = await rectOf(page.getByTestId('table-scroll'));
  const pane = await rectOf(app.detail());
  expect(pane.top).toBeGreaterThanOrEqual(table.bottom - 1);
  expect(pane.right - pane.left).toBeGreaterThan(780);
  expect(table.bottom - table.top).toBeGreaterThanOrEqual(90); // the header and at least 3 rows
  expect(pane.bottom - pane.top).toBeGreaterThanOrEqual(140);
  // The selection is in the URL, as at any width.
  expect(new URL(page.url()).hash).toContain(`sel=${id}`);
});

test('at 800 px the keyboard still walks the table and the pane, and the selected row stays above the pane', async ({ app, page }) => {
  await page.setViewportSize({ width: 800, height: 700 });
  await app.open();
  await app.dropLog(RATE);
  await app.waitForReady();
  // Error to error with e: each selected row is scrolled into the table's half, whole and uncovered.
  for (let k = 0; k < 4; k++) {
    await page.keyboard.press('e');
    await expect(app.detail()).toBeVisible();
    await expectRowAndPaneReadable(page);
  }
  const selected = page.locator('[data-testid="timeline"] tbody tr[aria-selected="true"]');
  const id = await selected.getAttribute('data-event-id');
  await page.keyboard.press('Escape'); // the details close, focus goes back to the row
  await expect(app.detail()).toHaveCount(0);
  await expect(selected).toBeFocused();
  // With the pane closed the table has the whole height: put the row at its very bottom, where the pane will open.
  await page.getByTestId('table-scroll').evaluate((el, rowId) => {
    const row = el.querySelector<HTMLElement>(`tr[data-event-id="${rowId}"]`);
    if (row) el.scrollTop += row.getBoundingClientRect().bottom - el.getBoundingClientRect().bottom;
  }, id);
  await page.keyboard.press('Enter');
  await expect(app.detail()).toBeFocused();
  await expect(app.detail()).toHaveAttribute('data-event-id', id ?? '');
  await expect.poll(async () => {
    const rows = await rowsViewport(page);
    const row = await rectOf(selected);
    return row.top >= rows.top - 0.5 && row.bottom <= rows.bottom + 0.5;
  }, { message: 'the row the pane opened for is scrolled above it' }).toBe(true);
  await expectRowAndPaneReadable(page);
  await page.keyboard.press('Escape');
  await expect(selected).toBeFocused();
  // The table is still one Tab stop whose arrow keys move the selection.
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('[data-testid="timeline"] tbody tr[aria-selected="true"]')).not.toHaveAttribute('data-event-id', id ?? '');
  await expect(page.locator('[data-testid="timeline"] tbody tr[tabindex="0"]')).toHaveCount(1);
});

test('at 1280 px the pane stays beside the table, and the selected row is still read whole', async ({ app, page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await app.open();
  await page.getByTestId('sample-login-failed').click();
  await app.waitForReady();
  await page.locator('[data-testid="timeline"] tbody tr.is-error').first().click();
  await expect(app.detail()).toBeVisible();
  const table = await rectOf(page.getByTestId('table-scroll'));
  const pane = await rectOf(app.detail());
  expect(pane.left, 'the pane starts where the table ends').toBeGreaterThanOrEqual(table.right - 1);
  expect(pane.right).toBeLessThanOrEqual(1280.5);
  expect(Math.min(pane.bottom, table.bottom) - Math.max(pane.top, table.top), 'side by side').toBeGreaterThan(200);
  await expectRowAndPaneReadable(page);
});

/** The transcript's scroll box, inside its scrollbars. */
async function transcriptViewport(page: Page): Promise<Rect> {
  return page.getByTestId('transcript').getByRole('listbox').evaluate((el) => {
    const box = el.getBoundingClientRect();
    return { left: box.left, top: box.top, right: box.left + el.clientWidth, bottom: box.top + el.clientHeight };
  });
}

async function expectInTranscriptView(page: Page, line: Locator, what: string): Promise<void> {
  await expect
    .poll(async () => {
      const [view, row] = [await transcriptViewport(page), await rectOf(line)];
      return row.top >= view.top - 0.5 && row.bottom <= view.bottom + 0.5;
    }, { message: what })
    .toBe(true);
}

test('at 800 × 700 the transcript scrolls the selected message into view, with the pane open or closed, and leaves focus alone', async ({ app, page }) => {
  await page.setViewportSize({ width: 800, height: 700 });
  // The sample's longest connection (its NS: 57 messages) and two messages far down on it.
  const r = parseLog(new Uint8Array(RATE.bytes), {});
  const conn = [...r.connections].sort((a, b) => b.eventCount - a.eventCount)[0];
  const onIt = r.events.filter((e) => e.connection === conn?.id);
  const [last, before] = [onIt.at(-1), onIt.at(-3)];
  if (conn === undefined || last === undefined || before === undefined || onIt.length < 40) throw new Error('the sample is too short to scroll');
  await app.open(`#/transcript?v=1&tc=${conn.id}&sel=${before.id}`);
  await app.dropLog(RATE);
  await app.waitForReady();
  const transcript = page.getByTestId('transcript');
  const selected = transcript.locator('.transcript-line[aria-selected="true"]');
  // A sel= link: the pane opens below and the message, near the end of the connection, is scrolled to above it.
  await expect(app.detail()).toHaveAttribute('data-event-id', String(before.id));
  await expect(selected).toHaveAttribute('data-event-id', String(before.id));
  const view = await transcriptViewport(page);
  expect(view.bottom - view.top, 'the transcript is short enough to need scrolling').toBeLessThan(onIt.length * 20);
  await expectInTranscriptView(page, selected, 'the linked message is in view');
  // Another message selected while the focus is on the connection chooser: scrolled to, focus left where it was.
  const chooser = page.getByTestId('transcript-connection');
  await chooser.focus();
  await transcript.getByRole('listbox').evaluate((el) => el.scrollTo(0, 0));
  await page.evaluate((id) => {
    window.location.hash = window.location.hash.replace(/sel=\d+/, `sel=${id}`);
  }, last.id);
  await expect(selected).toHaveAttribute('data-event-id', String(last.id));
  await expectInTranscriptView(page, selected, 'the newly selected message is in view');
  await expect(chooser).toBeFocused();
  // The pane closed, the message put at the very bottom of the transcript, where the pane will open over it.
  await app.detail().getByRole('button', { name: /close/i }).click();
  await expect(app.detail()).toHaveCount(0);
  await transcript.getByRole('listbox').evaluate((el, id) => {
    const row = el.querySelector<HTMLElement>(`[data-event-id="${id}"]`);
    if (row) el.scrollTop += row.getBoundingClientRect().bottom - el.getBoundingClientRect().bottom;
  }, last.id);
  await expectInTranscriptView(page, selected, 'the message is in view before the pane opens');
  await selected.click();
  await expect(app.detail()).toHaveAttribute('data-event-id', String(last.id));
  await expectInTranscriptView(page, selected, 'the message the pane opened for is scrolled above it');
});

/** How many table rows are wholly inside the rows' viewport. */
async function wholeRowsInView(page: Page): Promise<number> {
  const rows = await rowsViewport(page);
  return page.locator('[data-testid="timeline"] tbody tr').evaluateAll(
    (trs, box) =>
      trs.filter((tr) => {
        const r = tr.getBoundingClientRect();
        return r.height > 0 && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5;
      }).length,
    rows,
  );
}

test('at 800 × 700 the filters and the findings fold so the table keeps 8 rows with the details open, and each fold opens from the keyboard', async ({ app, page }) => {
  await page.setViewportSize({ width: 800, height: 700 });
  await app.open();
  await app.dropLog(RATE);
  await app.waitForReady();
  await page.keyboard.press('e');
  await expect(app.detail()).toBeVisible();
  await expectRowAndPaneReadable(page);
  expect(await wholeRowsInView(page), 'rows wholly in view with the details open').toBeGreaterThanOrEqual(8);
  const pane = await rectOf(app.detail());
  expect(pane.bottom - pane.top, 'the pane keeps a few paragraphs').toBeGreaterThanOrEqual(140);

  // The folded filter rows come back from a button next to the search box, reached with Tab.
  const fold = page.getByTestId('filters-fold');
  const chip = app.chip('8xx');
  await expect(chip).toBeHidden();
  await page.keyboard.press('/');
  await expect(app.queryBox()).toBeFocused();
  await page.keyboard.press('Tab'); // the filter language's help
  await page.keyboard.press('Tab');
  await expect(fold).toBeFocused();
  await expect(fold).toHaveText('More filters');
  await expect(fold).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Enter');
  await expect(fold).toHaveAttribute('aria-expanded', 'true');
  await expect(chip).toBeVisible();
  await chip.click();
  await expect(chip).toHaveAttribute('aria-pressed', 'true');
  await fold.press('Enter');
  await expect(chip).toBeHidden();
  // Folded, a filter that is on is still named.
  await expect(fold).toHaveText('More filters (1 on)');

  // The findings list is folded to its summary line, which opens it.
  const summary = page.getByTestId('findings-panel').locator('summary');
  const firstFinding = page.getByTestId('findings-panel').getByTestId('finding').first();
  await expect(summary).toBeVisible();
  await expect(firstFinding).toBeHidden();
  await summary.focus();
  await page.keyboard.press('Enter');
  await expect(firstFinding).toBeVisible();
  // Opened, it takes no more than its share: the table still shows rows.
  expect(await wholeRowsInView(page)).toBeGreaterThanOrEqual(3);
});

test('a short wide window (1366 × 720) opens the findings, and the table beside the pane keeps its rows', async ({ app, page }) => {
  await page.setViewportSize({ width: 1366, height: 720 });
  await app.open();
  await app.dropLog(RATE);
  await app.waitForReady();
  await expect(page.getByTestId('findings-panel').getByTestId('finding').first()).toBeVisible();
  await page.keyboard.press('e');
  await expect(app.detail()).toBeVisible();
  const table = await rectOf(page.getByTestId('table-scroll'));
  const pane = await rectOf(app.detail());
  expect(pane.left, 'the pane beside the table').toBeGreaterThanOrEqual(table.right - 1);
  expect(await wholeRowsInView(page), 'rows wholly in view with the findings and the details open').toBeGreaterThanOrEqual(10);
});

test('at 800 × 700 with the details closed the table shows most of the window; a tall window folds nothing', async ({ app, page }) => {
  await page.setViewportSize({ width: 800, height: 700 });
  await app.open();
  await app.dropLog(RATE);
  await app.waitForReady();
  expect(await wholeRowsInView(page)).toBeGreaterThanOrEqual(16);
  await page.setViewportSize({ width: 1400, height: 900 });
  await expect(page.getByTestId('filters-fold')).toBeHidden();
  await expect(app.chip('8xx')).toBeVisible();
});

test('a server log with times and the Account column fits its whole row from 1000 px down to 800 px, headers uncut, the details open', async ({ app, page }) => {
  const SERVER = readLog(join(process.cwd(), 'fixtures/msnp/findings/server-timed-accounts.log'));
  const r = parseLog(new Uint8Array(SERVER.bytes), {});
  expect(r.hasTimes && r.connections.some((c) => c.account !== undefined), 'the fixture has times and accounts').toBe(true);
  await page.setViewportSize({ width: 1000, height: 700 });
  await app.open();
  await app.dropLog(SERVER);
  await app.waitForReady();
  await expect(page.getByRole('columnheader', { name: 'Account' })).toBeVisible();
  await page.keyboard.press('e'); // the first 911: the pane opens below, the table gets a scrollbar
  await expect(app.detail()).toBeVisible();
  for (const width of [1000, 940, 900, 860, 800]) {
    await page.setViewportSize({ width, height: 700 });
    await expect
      .poll(async () => (await rowsViewport(page)).sideways, { message: `${width} px: nothing beyond the right edge` })
      .toBeLessThanOrEqual(0);
    // It scrolls down (where scrollbars take width, a vertical one takes its share: columns.test.ts counts 17 px).
    const tall = await page.getByTestId('table-scroll').evaluate((el) => el.scrollHeight > el.clientHeight);
    expect(tall, `${width} px: the rows scroll down`).toBe(true);
    // Every header's text is read whole: it ends inside its column (its padding may take a pixel or two).
    const cut = await page.locator('[data-testid="timeline"] thead th').evaluateAll((ths) =>
      ths
        .filter((th) => {
          const text = document.createRange();
          text.selectNodeContents(th);
          return text.getBoundingClientRect().right > th.getBoundingClientRect().left + th.clientWidth + 0.5;
        })
        .map((th) => th.textContent));
    expect(cut, `${width} px: headers cut`).toEqual([]);
    // The selected row's Status cell and Account cell are in view, and the pane's heading.
    const rows = await rowsViewport(page);
    const selected = page.locator('[data-testid="timeline"] tbody tr[aria-selected="true"]');
    expectInside(await rectOf(selected.locator('td').last()), rows, `${width} px: Status cell`);
    await expect(selected.locator('.account-cell')).toHaveAttribute('title', 'bob@example.invalid');
    await expectOnTop(app.detail().getByRole('heading', { level: 2 }), `${width} px: the pane's heading`);
  }
});
