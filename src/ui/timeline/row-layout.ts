/**
 * How the scroll bar maps onto a list taller than a browser can scroll: the adapter between the scroll element
 * and @tanstack/react-virtual, which computes ranges and row positions in "virtual" px (all rows end to end).
 *
 * Browsers cap an element's height (Chrome near 33.5M px, Firefox near 17.9M px): at 22 px per row a log of
 * 1.6M rows would be cut off. When the rows are taller than SAFE_SCROLL_HEIGHT, the scrolled element is only
 * that tall and a scroll position maps linearly onto the virtual offset: the top of the scroll bar is the first
 * row, the bottom is the last, and rows are drawn at (scrollTop + rowStart − virtualOffset).
 */

/** Below every browser's element-height cap, with room to spare. */
export const SAFE_SCROLL_HEIGHT = 8_000_000;

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
const clampScroll = (map: ScrollMap, scrollTop: number): number => Math.min(maxScrollOf(map), Math.max(0, scrollTop));

/** The virtual offset shown at the top of the viewport for a scroll position (what the virtualizer is told). */
export function toVirtual(map: ScrollMap, scrollTop: number): number {
  return clampScroll(map, scrollTop) * map.ratio;
}

/** The scroll position showing a virtual offset at the top (what the virtualizer's scroll writes become). */
export function toScrollTop(map: ScrollMap, virtualOffset: number): number {
  return map.ratio === 1 ? Math.max(0, virtualOffset) : clampScroll(map, virtualOffset / map.ratio);
}

/** Where a row starting at `start` (virtual px) goes inside the scrolled element, for a virtual offset. */
export function domTop(map: ScrollMap, virtualOffset: number, start: number): number {
  if (map.ratio === 1) return start;
  return virtualOffset / map.ratio + (start - virtualOffset);
}

/**
 * The scroll position that brings a row [start, end) fully into view with the least movement (null: it already
 * is). Used when scaled, where the virtualizer's own scrollToIndex would clamp to the element's scroll height.
 * Rounded away from the row, so the rounding of a scaled position never leaves it half hidden.
 */
export function scrollTopToReveal(map: ScrollMap, scrollTop: number, start: number, end: number): number | null {
  const v = toVirtual(map, scrollTop);
  let target: number | null = null;
  if (start < v) target = Math.floor(start / map.ratio);
  else if (end > v + map.viewport) target = Math.ceil((end - map.viewport) / map.ratio);
  return target === null ? null : clampScroll(map, target);
}

/** The part of the scroll element the adapter uses (an HTMLElement in the app, a stand-in in tests). */
interface ScrollElement {
  readonly scrollTop: number;
  addEventListener(type: 'scroll', listener: () => void, options: AddEventListenerOptions): void;
  removeEventListener(type: 'scroll', listener: () => void): void;
  scrollTo(options: ScrollToOptions): void;
}

/**
 * react-virtual's `observeElementOffset`, reporting the virtual offset (scrollTop × ratio) for the map of the
 * moment. `deliver` runs each scroll's report (the app renders it synchronously); `onSubscribe` hands out the
 * report so it can be sent again when the map changes. Reported as "not scrolling": the library checks a
 * scrolling offset against the element's own scroll height, which a scaled offset exceeds.
 *
 * scrollTop is read once per scroll event, when layout is clean (the event fires before the frame's rendering
 * work and before our render dirties it), and kept: a report for a new map (right after React committed new
 * rows, with layout dirty) reuses it instead of reading the element, which would force a synchronous layout of
 * the new rows inside that task. If the browser clamps the position for the new height, it fires a scroll event.
 */
export function scaledOffsetObserver(
  getMap: () => ScrollMap,
  deliver: (send: () => void) => void,
  onSubscribe: (send: (() => void) | null) => void,
  position: KnownPosition = knownPosition(),
) {
  return (instance: { readonly scrollElement: ScrollElement | null }, cb: (offset: number, isScrolling: boolean) => void) => {
    const el = instance.scrollElement;
    if (!el) return undefined;
    // A freshly mounted element is at 0; its real position is read in the next frame (before that frame's layout,
    // which it then merely does early) rather than now, in the commit of the new rows, where the read would force it.
    position.top = 0;
    position.fresh = true;
    const send = (): void => cb(toVirtual(getMap(), position.top), false);
    const onScroll = (): void => {
      position.top = el.scrollTop;
      position.fresh = false;
      deliver(send);
    };
    onSubscribe(send);
    send();
    const reread = (): void => {
      position.fresh = false;
      if (el.scrollTop !== position.top) onScroll();
    };
    const frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(reread) : (reread(), 0);
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      if (typeof cancelAnimationFrame === 'function') cancelAnimationFrame(frame);
      el.removeEventListener('scroll', onScroll);
      onSubscribe(null);
    };
  };
}

/**
 * The scroll position as last read by the offset observer, shared with the scroll writer. `fresh`: the element
 * was just mounted and not read yet (it is at 0).
 */
export interface KnownPosition {
  top: number;
  fresh: boolean;
}

export const knownPosition = (): KnownPosition => ({ top: 0, fresh: false });

/**
 * react-virtual's `scrollToFn`: a virtual offset back to a scroll position (÷ ratio); `onWritten` follows each.
 * The virtualizer restores its offset as it mounts; on a fresh element already there, that write is skipped, since
 * writing a scroll position forces a synchronous layout of the rows just committed.
 */
export function scaledScrollTo(
  getMap: () => ScrollMap,
  onWritten: () => void = () => undefined,
  position: KnownPosition = knownPosition(),
) {
  return (
    offset: number,
    options: { adjustments?: number; behavior?: ScrollBehavior },
    instance: { readonly scrollElement: ScrollElement | null },
  ): void => {
    const top = toScrollTop(getMap(), offset + (options.adjustments ?? 0));
    if (position.fresh && top === position.top) return;
    instance.scrollElement?.scrollTo(options.behavior === undefined ? { top } : { top, behavior: options.behavior });
    onWritten();
  };
}
