import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
  SAFE_SCROLL_HEIGHT,
  domTop,
  makeRowLayout,
  makeScrollMap,
  rowAtOffset,
  rowTop,
  scrollTopToReveal,
  toVirtual,
  visibleRows,
} from './row-layout';

const RH = 22;
const NONE = new Map<number, number>();

describe('row layout', () => {
  test('fixed rows, with a few expanded ones adding their extra height', () => {
    const layout = makeRowLayout(100, RH, new Map([[10, 50], [3, 8], [500, 9]]));
    expect(layout.contentHeight).toBe(100 * RH + 58);
    expect(rowTop(layout, 3)).toBe(66);
    expect(rowTop(layout, 4)).toBe(4 * RH + 8);
    expect(rowTop(layout, 11)).toBe(11 * RH + 58);
    expect(rowAtOffset(layout, 66 + 29)).toBe(3); // inside the expanded row 3
    expect(rowAtOffset(layout, 66 + 30)).toBe(4);
    expect(rowAtOffset(layout, 1e9)).toBe(99);
  });

  test('rowAtOffset is the inverse of rowTop (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.array(fc.tuple(fc.nat(5000), fc.integer({ min: 1, max: 300 })), { maxLength: 6 }),
        fc.nat(5000),
        (count, extras, probe) => {
          const layout = makeRowLayout(count, RH, new Map(extras));
          const i = probe % count;
          expect(rowAtOffset(layout, rowTop(layout, i))).toBe(i);
          expect(rowAtOffset(layout, rowTop(layout, i) + RH - 1)).toBe(i);
        },
      ),
    );
  });
});

describe('scroll mapping', () => {
  test('a list below the cap scrolls one to one', () => {
    const map = makeScrollMap(10_000 * RH, 600);
    expect(map).toEqual({ domHeight: 10_000 * RH, viewport: 600, ratio: 1 });
    expect(toVirtual(map, 1234)).toBe(1234);
  });

  test('the last row of a 1.7M-row list is reachable by scrolling to the end', () => {
    const count = 1_700_000; // 37.4M px of rows: over Chrome's 33.5M px element cap
    const layout = makeRowLayout(count, RH, NONE);
    const map = makeScrollMap(layout.contentHeight, 600);
    expect(map.domHeight).toBeLessThanOrEqual(SAFE_SCROLL_HEIGHT);
    const maxScrollTop = map.domHeight - map.viewport;
    const atEnd = visibleRows(layout, map, maxScrollTop, 0);
    expect(atEnd.last).toBe(count - 1);
    // the last row is drawn inside the scrolled element, its bottom at the bottom of the viewport
    expect(domTop(layout, map, maxScrollTop, count - 1) + RH).toBeCloseTo(maxScrollTop + map.viewport, 6);
    const atStart = visibleRows(layout, map, 0, 0);
    expect(atStart.first).toBe(0);
  });

  test('every row of a 2M-row list can be revealed, fully visible (property)', () => {
    const count = 2_000_000;
    const layout = makeRowLayout(count, RH, new Map([[1_999_990, 200]]));
    const map = makeScrollMap(layout.contentHeight, 577);
    fc.assert(
      fc.property(fc.nat(count - 1), fc.nat(map.domHeight), (index, from) => {
        const s = scrollTopToReveal(layout, map, from, index) ?? from;
        expect(Number.isInteger(s)).toBe(true);
        const v = toVirtual(map, s);
        expect(rowTop(layout, index)).toBeGreaterThanOrEqual(v - 1e-6);
        expect(rowTop(layout, index) + RH).toBeLessThanOrEqual(v + map.viewport + 1e-6);
        const seen = visibleRows(layout, map, s, 0);
        expect(index).toBeGreaterThanOrEqual(seen.first);
        expect(index).toBeLessThanOrEqual(seen.last);
      }),
    );
    expect(scrollTopToReveal(layout, map, 0, count - 1)).toBe(map.domHeight - map.viewport);
  });

  test('neighbouring rows stay 22 px apart on screen, at any scroll position', () => {
    const layout = makeRowLayout(1_600_000, RH, NONE);
    const map = makeScrollMap(layout.contentHeight, 800);
    for (const s of [0, 12_345, 4_000_000, map.domHeight - 800]) {
      const { from, to } = visibleRows(layout, map, s, 6);
      for (let i = from; i < to; i++) {
        expect(domTop(layout, map, s, i + 1) - domTop(layout, map, s, i)).toBeCloseTo(RH, 6);
      }
      // the first visible row covers the top of the viewport
      const top = domTop(layout, map, s, visibleRows(layout, map, s, 0).first);
      expect(top).toBeLessThanOrEqual(s + 1e-6);
      expect(top + RH).toBeGreaterThan(s);
    }
  });
});
