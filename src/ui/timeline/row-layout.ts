/**
 * Where each timeline row sits, and how the scroll bar maps onto a list taller than a browser can scroll.
 *
 * Rows are ROW_HEIGHT tall except the few expanded ones (a payload shown inline), which carry a measured extra
 * height; positions are computed, never stored per row, so a million rows cost nothing per layout.
 *
 * Browsers cap an element's height (Chrome near 33.5M px, Firefox near 17.9M px): at 22 px per row a log of
 * 1.6M rows would be cut off. When the rows are taller than SAFE_SCROLL_HEIGHT, the scroll element is only
 * that tall and a scroll position maps linearly onto the rows' "virtual" offset: the top of the scroll bar is
 * the first row, the bottom is the last, and rows are drawn at (scrollTop + rowTop − virtualOffset).
 */

/** Below every browser's element-height cap, with room to spare. */
export const SAFE_SCROLL_HEIGHT = 8_000_000;

export interface RowLayout {
  readonly count: number;
  readonly rowHeight: number;
  /** Rows taller than `rowHeight`, by ascending index, with the height they add. */
  readonly extras: readonly { readonly index: number; readonly extra: number }[];
  /** Height of all rows together (virtual px). */
  readonly contentHeight: number;
}

export function makeRowLayout(count: number, rowHeight: number, extraByIndex: ReadonlyMap<number, number>): RowLayout {
  const extras = [...extraByIndex]
    .filter(([index, extra]) => index >= 0 && index < count && extra > 0)
    .sort((a, b) => a[0] - b[0])
    .map(([index, extra]) => ({ index, extra }));
  const added = extras.reduce((sum, e) => sum + e.extra, 0);
  return { count, rowHeight, extras, contentHeight: count * rowHeight + added };
}

/** Virtual offset of a row's top edge. */
export function rowTop(layout: RowLayout, index: number): number {
  let added = 0;
  for (const e of layout.extras) {
    if (e.index >= index) break;
    added += e.extra;
  }
  return index * layout.rowHeight + added;
}

export function rowHeightAt(layout: RowLayout, index: number): number {
  const e = layout.extras.find((x) => x.index === index);
  return layout.rowHeight + (e?.extra ?? 0);
}

/** The row covering a virtual offset (clamped to the rows; 0 for an empty list). */
export function rowAtOffset(layout: RowLayout, offset: number): number {
  if (layout.count === 0) return 0;
  let added = 0;
  for (const e of layout.extras) {
    const top = e.index * layout.rowHeight + added;
    if (offset < top) break;
    if (offset < top + layout.rowHeight + e.extra) return e.index;
    added += e.extra;
  }
  const index = Math.floor((offset - added) / layout.rowHeight);
  return Math.min(layout.count - 1, Math.max(0, index));
}

export interface ScrollMap {
  /** Height to give the scrolled element (≤ SAFE_SCROLL_HEIGHT when the rows are taller). */
  readonly domHeight: number;
  /** Height of the area that shows rows. */
  readonly viewport: number;
  /** Virtual px per scroll px: 1 unless the rows are taller than the cap. */
  readonly ratio: number;
}

export function makeScrollMap(contentHeight: number, viewport: number, cap: number = SAFE_SCROLL_HEIGHT): ScrollMap {
  const vp = Math.max(0, viewport);
  if (contentHeight <= cap) return { domHeight: contentHeight, viewport: vp, ratio: 1 };
  const maxScroll = Math.max(1, cap - vp);
  const maxVirtual = Math.max(0, contentHeight - vp);
  return { domHeight: cap, viewport: vp, ratio: maxVirtual / maxScroll };
}

const maxScrollOf = (map: ScrollMap): number => Math.max(0, map.domHeight - map.viewport);

/** The virtual offset shown at the top of the viewport for a scroll position. */
export function toVirtual(map: ScrollMap, scrollTop: number): number {
  const s = Math.min(maxScrollOf(map), Math.max(0, scrollTop));
  return s * map.ratio;
}

/** Where each rendered row goes inside the scrolled element, for the current scroll position. */
export function domTop(layout: RowLayout, map: ScrollMap, scrollTop: number, index: number): number {
  if (map.ratio === 1) return rowTop(layout, index);
  const s = Math.min(maxScrollOf(map), Math.max(0, scrollTop));
  return s + rowTop(layout, index) - toVirtual(map, s);
}

/** The rows to render: the visible ones (`first`…`last`) and, with overscan, `from`…`to`. */
export function visibleRows(
  layout: RowLayout,
  map: ScrollMap,
  scrollTop: number,
  overscan: number,
): { readonly first: number; readonly last: number; readonly from: number; readonly to: number } {
  if (layout.count === 0) return { first: 0, last: -1, from: 0, to: -1 };
  const v = toVirtual(map, scrollTop);
  const first = rowAtOffset(layout, v);
  const last = rowAtOffset(layout, v + Math.max(1, map.viewport) - 1);
  return { first, last, from: Math.max(0, first - overscan), to: Math.min(layout.count - 1, last + overscan) };
}

/**
 * The scroll position that brings a row fully into view with the least movement (null: it already is).
 * Rounded away from the row, so the rounding of a scaled position never leaves it half hidden.
 */
export function scrollTopToReveal(layout: RowLayout, map: ScrollMap, scrollTop: number, index: number): number | null {
  if (index < 0 || index >= layout.count) return null;
  const v = toVirtual(map, scrollTop);
  const top = rowTop(layout, index);
  const bottom = top + rowHeightAt(layout, index);
  let target: number | null = null;
  if (top < v) target = Math.floor(top / map.ratio);
  else if (bottom > v + map.viewport) target = Math.ceil((bottom - map.viewport) / map.ratio);
  return target === null ? null : Math.min(maxScrollOf(map), Math.max(0, target));
}
