/**
 * The timeline's column widths against the breakpoints app.css switches on: the narrow widths must take over
 * before the wide ones stop fitting, fit an 800 px window, and fit beside the detail pane wherever the pane stays
 * beside the table. The numbers live in two files; this keeps them telling the same story.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COLUMN_WIDTHS, NARROW_COLUMN_WIDTHS, isColumnKey, tableMinWidth, timelineColumns, type ColumnKey } from './columns';

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

  it('are never wider narrow than wide, and the table is as wide as its columns in both', () => {
    for (const id of timedAccounts) expect(NARROW_COLUMN_WIDTHS[id], id).toBeLessThanOrEqual(COLUMN_WIDTHS[id]);
    const [wide, narrow] = [sum(COLUMN_WIDTHS, timed), sum(NARROW_COLUMN_WIDTHS, timed)];
    expect(tableMinWidth(timed)).toBe(`calc(${wide}px - ${wide - narrow}px * var(--narrow, 0))`);
  });
});
