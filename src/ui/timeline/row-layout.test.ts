import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Virtualizer } from '@tanstack/react-virtual';
import {
  SAFE_SCROLL_HEIGHT,
  domTop,
  knownPosition,
  makeScrollMap,
  scaledOffsetObserver,
  scaledScrollTo,
  scrollTopToReveal,
  toScrollTop,
  toVirtual,
  type ScrollMap,
} from './row-layout';

const RH = 22;

/** A scroll element that clamps scrollTop like a browser, and dispatches scroll events when moved. */
class FakeScrollElement {
  scrollTop = 0;
  private listeners: (() => void)[] = [];
  constructor(
    readonly scrollHeight: number,
    readonly clientHeight: number,
  ) {}
  addEventListener(_type: 'scroll', listener: () => void): void {
    this.listeners.push(listener);
  }
  removeEventListener(_type: 'scroll', listener: () => void): void {
    this.listeners = this.listeners.filter((l) => l !== listener);
  }
  scrollTo(options: ScrollToOptions): void {
    this.scrollTop = Math.min(this.scrollHeight - this.clientHeight, Math.max(0, Math.round(options.top ?? 0)));
    for (const l of this.listeners) l();
  }
}

/** react-virtual fed through the adapter, as TimelineTable does, over `count` rows of 22 px. */
function scaledVirtualizer(count: number, viewport: number) {
  const map: ScrollMap = makeScrollMap(count * RH, viewport);
  const el = new FakeScrollElement(map.domHeight, viewport);
  const virtualizer = new Virtualizer<HTMLDivElement, HTMLTableRowElement>({
    count,
    // The stand-in has every member the adapter and the virtualizer read on a scroll element.
    getScrollElement: () => el as unknown as HTMLDivElement,
    estimateSize: () => RH,
    overscan: 0,
    initialRect: { width: 800, height: viewport },
    observeElementRect: (_instance, cb) => cb({ width: 800, height: viewport }),
    observeElementOffset: scaledOffsetObserver(() => map, (send) => send(), () => undefined),
    scrollToFn: scaledScrollTo(() => map),
  });
  virtualizer._willUpdate();
  return { map, el, virtualizer };
}

describe('scroll mapping', () => {
  test('a list below the cap scrolls one to one', () => {
    const map = makeScrollMap(10_000 * RH, 600);
    expect(map).toEqual({ domHeight: 10_000 * RH, viewport: 600, ratio: 1 });
    expect(toVirtual(map, 1234)).toBe(1234);
    expect(toScrollTop(map, 1234)).toBe(1234);
    expect(domTop(map, 1234, 5 * RH)).toBe(5 * RH);
  });

  test('the last row of a 1.7M-row list is reachable through react-virtual by scrolling to the end', () => {
    const count = 1_700_000; // 37.4M px of rows: over Chrome's 33.5M px element cap
    const { map, el, virtualizer } = scaledVirtualizer(count, 600);
    expect(map.domHeight).toBeLessThanOrEqual(SAFE_SCROLL_HEIGHT);
    expect(map.ratio).toBeGreaterThan(1);
    expect(virtualizer.getVirtualItems()[0]?.index).toBe(0);

    el.scrollTo({ top: map.domHeight }); // the browser clamps it to the end of the scroll bar
    const maxScrollTop = map.domHeight - map.viewport;
    expect(el.scrollTop).toBe(maxScrollTop);
    expect(virtualizer.range?.endIndex).toBe(count - 1);
    const items = virtualizer.getVirtualItems();
    const lastItem = items[items.length - 1];
    expect(lastItem?.index).toBe(count - 1);
    // the last row is drawn inside the scrolled element, its bottom at the bottom of the viewport
    const v = virtualizer.scrollOffset ?? 0;
    expect(domTop(map, v, lastItem?.start ?? 0) + RH).toBeCloseTo(maxScrollTop + map.viewport, 6);
    // neighbouring rows stay 22 px apart on screen
    for (let k = 1; k < items.length; k++) {
      expect(domTop(map, v, items[k]?.start ?? 0) - domTop(map, v, items[k - 1]?.start ?? 0)).toBeCloseTo(RH, 6);
    }
  });

  test("the virtualizer's scroll writes land on the scaled scroll position", () => {
    const { map, el, virtualizer } = scaledVirtualizer(2_000_000, 577);
    const target = 200_000 * RH; // below the element's own scroll height
    virtualizer.scrollToOffset(target);
    expect(el.scrollTop).toBe(Math.round(target / map.ratio));
    expect(Math.abs((virtualizer.range?.startIndex ?? -1) - 200_000)).toBeLessThanOrEqual(Math.ceil(map.ratio / RH) + 1);
    // Further down, the library clamps its target to the element's (short) scroll height: why TimelineTable
    // reveals rows with scrollTopToReveal when the list is scaled.
    virtualizer.scrollToOffset(1_000_000 * RH);
    expect(el.scrollTop).toBeLessThan(Math.round((1_000_000 * RH) / map.ratio));
  });

  test('every row of a 2M-row list can be revealed, fully visible (property)', () => {
    const count = 2_000_000;
    const map = makeScrollMap(count * RH + 200, 577);
    const startOf = (i: number): number => i * RH + (i > 1_999_990 ? 200 : 0);
    const endOf = (i: number): number => startOf(i) + (i === 1_999_990 ? RH + 200 : RH);
    fc.assert(
      fc.property(fc.nat(count - 1), fc.nat(map.domHeight), (index, from) => {
        const s = scrollTopToReveal(map, from, startOf(index), endOf(index)) ?? from;
        expect(Number.isInteger(s)).toBe(true);
        const v = toVirtual(map, s);
        expect(startOf(index)).toBeGreaterThanOrEqual(v - 1e-6);
        expect(Math.min(endOf(index), startOf(index) + map.viewport)).toBeLessThanOrEqual(v + map.viewport + 1e-6);
      }),
    );
    expect(scrollTopToReveal(map, 0, startOf(count - 1), endOf(count - 1))).toBe(map.domHeight - map.viewport);
  });

  test('reads the scroll position on scroll events only, and skips restoring 0 on a fresh element', () => {
    // A stand-in that counts reads of scrollTop and writes: in a browser each of those forces a layout when the
    // DOM has just changed (a new set of rows committed).
    let reads = 0;
    const writes: number[] = [];
    const listeners: (() => void)[] = [];
    let top = 0;
    const el = {
      get scrollTop(): number {
        reads++;
        return top;
      },
      addEventListener: (_t: 'scroll', l: () => void) => void listeners.push(l),
      removeEventListener: () => undefined,
      scrollTo: (o: ScrollToOptions) => {
        top = o.top ?? 0;
        writes.push(top);
        for (const l of listeners) l();
      },
    };
    const map = makeScrollMap(1_000 * RH, 600);
    const position = knownPosition();
    const offsets: number[] = [];
    let report: (() => void) | null = null;
    const observe = scaledOffsetObserver(() => map, (send) => send(), (send) => void (report = send), position);
    observe({ scrollElement: el }, (offset) => void offsets.push(offset));
    const readsAfterMount = reads;
    const scrollTo = scaledScrollTo(() => map, undefined, position);
    // Without requestAnimationFrame (node) the position was read once, as the element mounted; it is at 0.
    expect(readsAfterMount).toBe(1);
    position.fresh = true; // as right after mounting in a browser, before the next frame's read
    scrollTo(0, {}, { scrollElement: el });
    expect(writes).toEqual([]);
    scrollTo(5 * RH, {}, { scrollElement: el });
    expect(writes).toEqual([5 * RH]);
    expect(offsets.at(-1)).toBe(5 * RH);
    // A new map is reported from the position the scroll event left, without reading the element.
    const before = reads;
    (report as (() => void) | null)?.();
    expect(reads).toBe(before);
    expect(offsets.at(-1)).toBe(5 * RH);
  });
});
