/**
 * The timeline's column widths against the breakpoints app.css switches on: the narrow widths must take over
 * before the wide ones stop fitting, fit an 800 px window, and fit beside the detail pane wherever the pane stays
 * beside the table. The numbers live in two files; this keeps them telling the same story.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COLUMN_WIDTHS, NARROW_COLUMN_WIDTHS, TIGHT_COLUMN_WIDTHS, isColumnKey, tableMinWidth, timelineColumns, type ColumnKey } from './columns';

const CSS = readFileSync('src/ui/app/app.css', 'utf8');
/** The widest classic (always shown) scrollbar of the desktop browsers. */
const SCROLLBAR = 17;

function idsOf(hasTimes: boolean, hasAccounts: boolean): ColumnKey[] {
  return timelineColumns(hasTimes, hasAccounts).map((c) => c.id ?? '').filter(isColumnKey);
}
const sum = (widths: Readonly<Record<ColumnKey, number>>, ids: readonly ColumnKey[]): number => ids.reduce((n, id) => n + widths[id], 0);

function pxIn(pattern: RegExp): number {
  const m = pattern.exec(CSS);
  if (m?.[1] === undefined) throw new Error(`app.css has no ${pattern.source}`);
  return Number(m[1]);
}

describe('timeline column widths', () => {
  const timed = idsOf(true, false);
  const timedAccounts = idsOf(true, true);
  const narrowBelow = pxIn(/@container timeline \(width < (\d+)px\) \{\s*table\.timeline \{/);
  const narrowWithAccountsBelow = pxIn(/@container timeline \(width < (\d+)px\) \{\s*table\.timeline\.has-accounts \{/);
  const tightWithAccountsBelow = pxIn(/@container timeline \(width < (\d+)px\) \{\s*table\.timeline\.has-accounts \{\s*--tight: 1;/);
  const paneBelowUnder = pxIn(/@media \(width < (\d+)px\) \{\s*\.workspace \{\s*flex-direction: column;/);
  const paneWidth = pxIn(/\.detail \{[^}]*?\n\s+width: (\d+)px;/);

  it('are narrowed before the wide widths stop fitting (with and without the Account column)', () => {
    expect(sum(COLUMN_WIDTHS, timed) + SCROLLBAR).toBeLessThanOrEqual(narrowBelow);
    expect(sum(COLUMN_WIDTHS, timedAccounts) + SCROLLBAR).toBeLessThanOrEqual(narrowWithAccountsBelow);
  });

  it('narrow, fit a whole row of a log with times in an 800 px window', () => {
    expect(sum(NARROW_COLUMN_WIDTHS, timed) + SCROLLBAR).toBeLessThanOrEqual(800);
  });

  it('narrow, fit beside the detail pane wherever the pane stays beside the table', () => {
    expect(paneWidth + sum(NARROW_COLUMN_WIDTHS, timed) + SCROLLBAR).toBeLessThanOrEqual(paneBelowUnder);
  });

  it('with the Account column, tighten before the narrow widths stop fitting, and fit a whole row in an 800 px window', () => {
    expect(tightWithAccountsBelow).toBeLessThan(narrowWithAccountsBelow);
    expect(sum(NARROW_COLUMN_WIDTHS, timedAccounts) + SCROLLBAR).toBeLessThanOrEqual(tightWithAccountsBelow);
    expect(sum(TIGHT_COLUMN_WIDTHS, timedAccounts) + SCROLLBAR).toBeLessThanOrEqual(800);
  });

  it('tight, still hold each column’s header (13 px semibold: about 8 px a letter, a sort arrow and the padding)', () => {
    for (const id of ['account', 'params', 'status'] as const) {
      const title = { account: 'Account', params: 'Parameters', status: 'Status' }[id];
      expect(TIGHT_COLUMN_WIDTHS[id], id).toBeGreaterThanOrEqual(title.length * 8 + 10);
    }
  });

  it('are never wider narrow than wide, nor tight than narrow, and the table is as wide as its columns in each', () => {
    for (const id of timedAccounts) {
      expect(NARROW_COLUMN_WIDTHS[id], id).toBeLessThanOrEqual(COLUMN_WIDTHS[id]);
      expect(TIGHT_COLUMN_WIDTHS[id], id).toBeLessThanOrEqual(NARROW_COLUMN_WIDTHS[id]);
    }
    const [wide, narrow, tight] = [sum(COLUMN_WIDTHS, timedAccounts), sum(NARROW_COLUMN_WIDTHS, timedAccounts), sum(TIGHT_COLUMN_WIDTHS, timedAccounts)];
    expect(tableMinWidth(timedAccounts)).toBe(`calc(${wide}px - ${wide - narrow}px * var(--narrow, 0) - ${narrow - tight}px * var(--tight, 0))`);
  });
});
