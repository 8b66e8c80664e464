/**
 * The transcript with the keyboard alone: it is one Tab stop (a listbox), its arrow keys, Home/End and
 * PageUp/PageDown move the selection through the connection's messages, the detail pane follows, the selected
 * line is scrolled into view and ringed while the list has the focus, and the list names it as its active
 * descendant for a screen reader. The window's shortcuts follow the tab: the same jumps on the timeline's rows, and
 * e/E walking the transcript's own errors while it is shown.
 */
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { parseLog } from '../src/msnp/parse-log';
import { readLog, SAMPLE_DIR } from './helpers/app-page';
import { expect, test } from './helpers/fixtures';

const RATE = readLog(join(SAMPLE_DIR, 'msnp9-rate-limit-800.log'));

/** The line lies wholly inside the list's scroll box. */
async function expectInView(list: Locator, line: Locator, what: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const box = await list.evaluate((el) => {
          const r = el.getBoundingClientRect();
          return { top: r.top, bottom: r.top + el.clientHeight };
        });
        const row = await line.boundingBox();
        return row !== null && row.y >= box.top - 0.5 && row.y + row.height <= box.bottom + 0.5;
      },
      { message: what },
    )
    .toBe(true);
}

/** Presses Tab until the element has the focus, as a keyboard user would; fails after `most` presses. */
async function tabTo(page: Page, target: Locator, most = 80): Promise<void> {
  for (let k = 0; k < most; k++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

test('the keyboard alone walks the transcript: arrows, j/k, Home/End, PageUp/PageDown, the details following', async ({ app, page }) => {
  const r = parseLog(new Uint8Array(RATE.bytes), {});
  const conn = [...r.connections].sort((a, b) => b.eventCount - a.eventCount)[0];
  const onIt = r.events.filter((e) => e.connection === conn?.id).map((e) => e.id);
  if (conn === undefined || onIt.length < 40) throw new Error('the sample needs a long connection');
  const at = (k: number): string => String(onIt.at(k));
  await app.open(`#/transcript?v=1&tc=${conn.id}`);
  await app.dropLog(RATE);
  await app.waitForReady();
  const list = page.getByRole('listbox', { name: `Transcript of ${conn.id}, ${onIt.length} messages` });
  const selected = list.getByRole('option', { selected: true });
  const view = await list.evaluate((el) => el.clientHeight);
  expect(view, 'the list is shorter than the connection: it must scroll').toBeLessThan(onIt.length * 20);

  await tabTo(page, list);
  await expect(selected).toHaveCount(0);
  await expect(list).not.toHaveAttribute('aria-activedescendant', /.+/);

  /** The selection is `id`: the list names it as its active descendant, it is in view, the pane shows it, the focus stayed. */
  const expectOn = async (id: string, what: string, pane = true): Promise<void> => {
    await expect(selected, what).toHaveAttribute('data-event-id', id);
    const optionId = await selected.getAttribute('id');
    await expect(list).toHaveAttribute('aria-activedescendant', optionId ?? '');
    await expectInView(list, selected, `${what}: in view`);
    if (pane) await expect(app.detail()).toHaveAttribute('data-event-id', id);
    await expect(list).toBeFocused();
    // The ring is on the selected line while the list has the focus.
    expect(await selected.evaluate((el) => getComputedStyle(el).outlineStyle), `${what}: focus ring`).toBe('solid');
  };

  await page.keyboard.press('ArrowDown'); // nothing selected: the first line in view
  await expectOn(at(0), 'ArrowDown from nothing');
  await expect(selected).toHaveAttribute('aria-posinset', '1');
  await expect(selected).toHaveAttribute('aria-setsize', String(onIt.length));
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('j');
  await expectOn(at(2), 'ArrowDown, j');
  await page.keyboard.press('k');
  await expectOn(at(1), 'k');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp'); // stays on the first
  await expectOn(at(0), 'ArrowUp at the top');

  await page.keyboard.press('End');
  await expectOn(at(-1), 'End');
  await page.keyboard.press('ArrowDown'); // stays on the last
  await expectOn(at(-1), 'ArrowDown at the bottom');
  await page.keyboard.press('Home');
  await expectOn(at(0), 'Home');
  await expect(list).toHaveJSProperty('scrollTop', 0);

  const selectedIndex = async (): Promise<number> => Number(await selected.getAttribute('aria-posinset')) - 1;
  await page.keyboard.press('PageDown');
  await expect(selected).not.toHaveAttribute('aria-posinset', '1');
  const paged = await selectedIndex();
  // About a screen's worth of 20 px lines further on, not one line.
  expect(paged).toBeGreaterThan(Math.floor(view / 20 / 2));
  await expectOn(at(paged), 'PageDown');
  await page.keyboard.press('PageDown');
  await expect(selected).not.toHaveAttribute('aria-posinset', String(paged + 1));
  const twice = await selectedIndex();
  expect(twice).toBeGreaterThan(paged);
  await expectOn(at(twice), 'PageDown twice');
  await page.keyboard.press('PageUp');
  await expect(selected).not.toHaveAttribute('aria-posinset', String(twice + 1));
  expect(await selectedIndex()).toBeLessThan(twice);
  await expectOn(at(await selectedIndex()), 'PageUp');
  await page.keyboard.press('PageUp');
  await page.keyboard.press('PageUp');
  await expectOn(at(0), 'PageUp back to the top');

  // Enter opens the details and puts the focus in them; Esc closes them and gives the focus back to the list.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(app.detail()).toBeFocused();
  await expect(app.detail()).toHaveAttribute('data-event-id', at(1));
  await page.keyboard.press('Escape');
  await expect(app.detail()).toHaveCount(0);
  await expect(list).toBeFocused();
  // As in the timeline, the keys move the selection with the details closed; Enter opens them on it.
  await page.keyboard.press('ArrowDown');
  await expectOn(at(2), 'ArrowDown with the details closed', false);
  await expect(app.detail()).toHaveCount(0);
  await page.keyboard.press('Enter');
  await expect(app.detail()).toHaveAttribute('data-event-id', at(2));
  // The keys never left the connection, and the selection is in the URL like any other.
  expect(new URL(page.url()).hash).toContain(`sel=${at(2)}`);
});

test('on the transcript tab the shortcut keys walk its connection, not the timeline’s rows', async ({ app, page }) => {
  const r = parseLog(new Uint8Array(RATE.bytes), {});
  const conn = r.connections.find((c) => c.kind === 'SB' && c.eventCount >= 3);
  if (conn === undefined) throw new Error('the sample needs a switchboard');
  const onIt = r.events.filter((e) => e.connection === conn.id).map((e) => String(e.id));
  await app.open(`#/transcript?v=1&tc=${conn.id}`);
  await app.dropLog(RATE);
  await app.waitForReady();
  // The focus on the tab, not in the list: the window's handler takes the key.
  await page.getByTestId('tab-transcript').focus();
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect(app.detail()).toHaveAttribute('data-event-id', onIt[1] ?? '');
  await expect(page.getByTestId('transcript-lines').getByRole('option', { selected: true })).toHaveAttribute('data-event-id', onIt[1] ?? '');
});

test('on the findings tab the row keys leave the hidden rows alone, and e goes to the first error on the timeline', async ({ app, page }) => {
  const r = parseLog(new Uint8Array(RATE.bytes), {});
  const firstError = r.events.find((e) => e.error !== null);
  if (firstError === undefined) throw new Error('the sample needs an error');
  await app.open('#/findings?v=1');
  await app.dropLog(RATE);
  await app.waitForReady();
  await page.getByTestId('tab-findings').focus();
  await page.keyboard.press('j');
  await page.keyboard.press('ArrowDown');
  // Nothing was selected out of sight: no details, no sel= in the link.
  await expect(app.detail()).toHaveCount(0);
  expect(new URL(page.url()).hash).not.toContain('sel=');
  await expect(page.getByTestId('tab-findings')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('e');
  await expect(page.getByTestId('tab-timeline')).toHaveAttribute('aria-selected', 'true');
  await expect(app.detail()).toHaveAttribute('data-event-id', String(firstError.id));
  await expect(app.rowByEvent(firstError.id)).toBeInViewport();
});

test('Home/End and the page keys move the timeline’s selection; on the transcript tab e / E walk its connection’s errors', async ({ app, page }) => {
  const r = parseLog(new Uint8Array(RATE.bytes), {});
  const first = String(r.events[0]?.id);
  const last = String(r.events.at(-1)?.id);
  const conn = 'NS1';
  const errs = r.events.filter((e) => e.error !== null && e.connection === conn).map((e) => String(e.id));
  if (errs.length < 3) throw new Error(`the sample needs errors on ${conn}`);
  const sb1 = r.events.filter((e) => e.connection === 'SB1');
  if (sb1.length === 0 || sb1.some((e) => e.error !== null)) throw new Error('the sample needs an error-free SB1');
  // The timeline in line order, the transcript following NS1 (all of the sample's errors are on it).
  await app.open(`#/timeline?v=1&tc=${conn}`);
  await app.dropLog(RATE);
  await app.waitForReady();
  const tableBox = page.getByTestId('table-scroll');
  const selectedRow = app.table().locator('tbody tr[aria-selected="true"]');
  const sel = (): string | null => new URL(page.url()).hash.match(/[?&]sel=(\d+)/)?.[1] ?? null;
  /** The timeline's selection is `id`: the row is ringed and in view, the details and the URL show it. */
  const expectRow = async (id: string, what: string): Promise<void> => {
    await expect(selectedRow, what).toHaveAttribute('data-event-id', id);
    await expectInView(tableBox, selectedRow, `${what}: in view`);
    await expect(app.detail()).toHaveAttribute('data-event-id', id);
    await expect.poll(sel, { message: `${what}: sel= in the URL` }).toBe(id);
  };

  await page.keyboard.press('End');
  await expectRow(last, 'End');
  await page.keyboard.press('PageUp');
  await expect(selectedRow).not.toHaveAttribute('data-event-id', last);
  const pagedUp = Number(await selectedRow.getAttribute('data-event-id'));
  // A screen's worth of rows up, not one.
  expect(pagedUp).toBeLessThan(Number(last) - 5);
  await expectRow(String(pagedUp), 'PageUp');
  await page.keyboard.press('Home');
  await expectRow(first, 'Home');
  await page.keyboard.press('PageDown');
  await expect(selectedRow).not.toHaveAttribute('data-event-id', first);
  expect(Number(await selectedRow.getAttribute('data-event-id'))).toBeGreaterThan(Number(first) + 5);
  await page.keyboard.press('Home');
  await expectRow(first, 'Home again');

  // With the focus in the details, the page keys are the pane's: the selection stays.
  await page.keyboard.press('Enter');
  await expect(app.detail()).toBeFocused();
  await page.keyboard.press('End');
  await page.keyboard.press('PageDown');
  await expect(app.detail()).toHaveAttribute('data-event-id', first);
  expect(sel()).toBe(first);

  // Typed into the filter box, Home and End move the caret, not the selection. The filter leaves the timeline
  // no error at all (SB1 has none): from here on e could only find the transcript's.
  await app.queryBox().click();
  await page.keyboard.type('conn:SB');
  await page.keyboard.press('Home');
  await page.keyboard.press('End');
  await page.keyboard.type('1');
  await expect(app.queryBox()).toHaveValue('conn:SB1');
  await expect(app.queryBox()).toBeFocused();
  await expect.poll(() => app.counts()).toEqual({ shown: sb1.length, total: r.events.length });
  expect(sel()).toBe(first);

  await page.getByTestId('tab-transcript').click();
  const list = page.getByTestId('transcript-lines');
  const selectedLine = list.getByRole('option', { selected: true });
  /** The transcript's selection is the error `id`: in view there, in the details and the URL, the tab kept. */
  const expectLine = async (id: string, what: string): Promise<void> => {
    await expect(selectedLine, what).toHaveAttribute('data-event-id', id);
    await expectInView(list, selectedLine, `${what}: in view`);
    await expect(app.detail()).toHaveAttribute('data-event-id', id);
    await expect(page.getByTestId('tab-transcript')).toHaveAttribute('aria-selected', 'true');
    expect(new URL(page.url()).hash.startsWith('#/transcript')).toBe(true);
    await expect.poll(sel, { message: `${what}: sel= in the URL` }).toBe(id);
  };
  // The selection (the log's first line, on DS1) is not on NS1: e starts from NS1's first message.
  for (const [k, id] of errs.entries()) {
    await page.keyboard.press('e');
    await expectLine(id, `e #${k + 1}`);
  }
  await page.keyboard.press('e'); // wraps to the first
  await expectLine(errs[0] ?? '', 'e wrapping');
  await page.keyboard.press('Shift+E'); // back to the last
  await expectLine(errs.at(-1) ?? '', 'E');
  await page.keyboard.press('Shift+E');
  await expectLine(errs.at(-2) ?? '', 'E again');
});
