/**
 * The timeline's rows grouped into blocks for @tanstack/react-virtual. The virtualizer walks every item it is
 * given whenever the count changes (a filter change, a new log): over a million rows that walk alone is tens of
 * milliseconds per change. Rows are a fixed ROW_HEIGHT except the few expanded ones, so the virtualizer gets
 * blocks of BLOCK_ROWS rows instead (1/32 of the work) and the rows inside a block are placed here by arithmetic.
 * An expanded row adds its extra height (measured by a ResizeObserver) to its block's size.
 */

/** Rows per virtual item. */
export const BLOCK_ROWS = 32;

/** Extra height beyond the row height, in px, by row index (the expanded rows only). */
export type RowExtras = ReadonlyMap<number, number>;

export function blockCount(rowCount: number): number {
  return Math.ceil(Math.max(0, rowCount) / BLOCK_ROWS);
}

export const blockOf = (row: number): number => Math.floor(row / BLOCK_ROWS);

/** The sum of extras per block. */
export function blockExtras(extras: RowExtras): Map<number, number> {
  const out = new Map<number, number>();
  for (const [row, extra] of extras) out.set(blockOf(row), (out.get(blockOf(row)) ?? 0) + extra);
  return out;
}

/** Height of block `b` in px: its rows at `rowHeight`, plus the extras of its expanded rows. */
export function blockSize(b: number, rowCount: number, rowHeight: number, extrasByBlock: ReadonlyMap<number, number>): number {
  const rows = Math.max(0, Math.min(BLOCK_ROWS, rowCount - b * BLOCK_ROWS));
  return rows * rowHeight + (extrasByBlock.get(b) ?? 0);
}

export interface RowBounds {
  readonly start: number;
  readonly end: number;
}

/** Where row `index` lies (virtual px), given the start of its block. */
export function rowBounds(index: number, blockStart: number, rowHeight: number, extras: RowExtras): RowBounds {
  const first = blockOf(index) * BLOCK_ROWS;
  let start = blockStart + (index - first) * rowHeight;
  for (const [row, extra] of extras) if (row >= first && row < index) start += extra;
  return { start, end: start + rowHeight + (extras.get(index) ?? 0) };
}

export interface PlacedRow extends RowBounds {
  readonly index: number;
}

/**
 * The rows of block `b` (starting at `blockStart`) that overlap [from, to), appended to `out` in order.
 * Walks the block's rows once: the extras are added as it goes.
 */
export function placeRows(
  b: number,
  blockStart: number,
  rowCount: number,
  rowHeight: number,
  extras: RowExtras,
  from: number,
  to: number,
  out: PlacedRow[],
): void {
  const last = Math.min(rowCount, (b + 1) * BLOCK_ROWS);
  let start = blockStart;
  for (let index = b * BLOCK_ROWS; index < last && start < to; index++) {
    const end = start + rowHeight + (extras.get(index) ?? 0);
    if (end > from) out.push({ index, start, end });
    start = end;
  }
}
