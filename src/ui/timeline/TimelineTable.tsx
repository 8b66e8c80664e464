/**
 * The virtualized timeline. It owns the scroll container; @tanstack/react-virtual computes the rendered range,
 * row positions, the measured height of the few expanded rows and scroll-to-row. Every other row is 22 px by
 * construction (fixed estimate, never measured), so a filter change on a million rows costs one pass over a
 * typed array. Past the browsers' element-height cap the scroll element is kept short and its scroll position
 * scaled (row-layout.ts): the virtualizer is told the scaled offset, so the last row is still reachable. TanStack
 * Table gets only the rows of the current window as its data. Real grid semantics: aria-rowcount on the grid,
 * aria-rowindex on each rendered row.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { flushSync } from 'react-dom';
import { useTable } from '@tanstack/react-table';
import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { TIMED_COLUMNS, TIMELINE_FEATURES, UNTIMED_COLUMNS, columnStyle, isColumnKey } from './columns';
import type { TimelineItem } from './timeline-item';
import type { SortSpec } from '../../state/url/url-state';
import { ariaSort, SortHeader } from './SortHeader';
import { TimelineRow, NonProtocolRow } from './TimelineRow';
import type { EventId } from '../../msnp/types';
import type { RowMark } from '../findings/finding-marks';
import { domTop, makeScrollMap, scaledOffsetObserver, scaledScrollTo, scrollTopToReveal, type ScrollMap } from './row-layout';

export const ROW_HEIGHT = 22;
const HEADER_HEIGHT = 25;
const OVERSCAN = 6;

export interface ScrollRequest {
  readonly index: number;
  /** Changes on every request, so asking twice for the same row scrolls twice. */
  readonly nonce: number;
}

export interface TimelineTableProps {
  readonly rowCount: number;
  readonly itemAt: (index: number) => TimelineItem;
  /** The expanded rows (payload shown inline) by index in the current rows; they are measured. */
  readonly expandedRows: readonly { readonly index: number; readonly key: string }[];
  readonly hasTimes: boolean;
  readonly selectedKey: string | null;
  readonly expanded: ReadonlySet<string>;
  readonly scrollRequest: ScrollRequest | null;
  readonly onActivate: (item: TimelineItem) => void;
  readonly onToggleExpand: (key: string) => void;
  readonly onVisibleRange: (first: number, last: number) => void;
  readonly emptyMessage: React.ReactNode;
  readonly sort: SortSpec;
  readonly onSort: (sort: SortSpec) => void;
  /** Findings hook (issue #4): per-event marks (evidence rows, burst brackets). */
  readonly marks?: ReadonlyMap<EventId, RowMark>;
}

type EventItem = Extract<TimelineItem, { kind: 'event' }>;

type RowVirtualizer = Virtualizer<HTMLDivElement, HTMLTableRowElement>;

/** A guess for the first render, before the ResizeObserver reports the real size. */
const INITIAL_RECT = { width: 1000, height: 600 };

/** Expanded rows only (normal rows are never measured): the border-box height the ResizeObserver saw. */
function measureExpandedRow(el: HTMLTableRowElement, entry: ResizeObserverEntry | undefined): number {
  const box = entry?.borderBoxSize[0];
  return box ? Math.round(box.blockSize) : el.offsetHeight;
}

/**
 * useVirtualizer wired to the scaled scroll position. The map (domHeight/ratio) depends on the virtualizer's total
 * size and viewport, and the virtualizer's offset depends on the map: the map lives in a ref the callbacks read,
 * and when it changes the offset is reported again.
 */
function useScaledVirtualizer(
  rowCount: number,
  scrollRef: React.RefObject<HTMLDivElement | null>,
  headRef: React.RefObject<HTMLTableSectionElement | null>,
  onWritten: React.RefObject<() => void>,
): { virtualizer: RowVirtualizer; map: ScrollMap } {
  const mapRef = useRef<ScrollMap>(makeScrollMap(rowCount * ROW_HEIGHT, INITIAL_RECT.height));
  const report = useRef<(() => void) | null>(null);
  const virtualizer = useVirtualizer<HTMLDivElement, HTMLTableRowElement>({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    initialRect: INITIAL_RECT,
    overscan: OVERSCAN,
    measureElement: measureExpandedRow,
    // The rows' viewport is the element minus the sticky header above them (read by a ResizeObserver, after
    // layout, never forcing one).
    observeElementRect: (instance, cb) => {
      const el = instance.scrollElement;
      if (!el || typeof ResizeObserver === 'undefined') return undefined;
      const ro = new ResizeObserver(() => {
        const headerH = headRef.current?.offsetHeight ?? HEADER_HEIGHT;
        cb({ width: el.clientWidth, height: Math.max(0, el.clientHeight - headerH) });
      });
      ro.observe(el);
      if (headRef.current) ro.observe(headRef.current);
      return () => ro.disconnect();
    },
    // Rendered before the frame is painted (flushSync), so a fast scroll never shows an empty band of rows.
    observeElementOffset: scaledOffsetObserver(
      () => mapRef.current,
      (send) => flushSync(send),
      (send) => {
        report.current = send;
      },
    ),
    scrollToFn: scaledScrollTo(
      () => mapRef.current,
      () => onWritten.current(),
    ),
  });
  const total = virtualizer.getTotalSize();
  const viewport = virtualizer.scrollRect?.height ?? INITIAL_RECT.height;
  const map = useMemo(() => makeScrollMap(total, viewport), [total, viewport]);
  mapRef.current = map;
  useLayoutEffect(() => report.current?.(), [map]);
  return { virtualizer, map };
}

/**
 * Expanded rows are measured by the virtualizer, keyed by index. When the expanded set or the rows change, an
 * index may name another row now: forget every measured height and measure the expanded rows still mounted.
 */
function useExpandedMeasurements(virtualizer: RowVirtualizer, expandedRows: TimelineTableProps['expandedRows']): void {
  const first = useRef(true);
  useLayoutEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    virtualizer.measure();
    for (const el of virtualizer.elementsCache.values()) if (el.isConnected) virtualizer.measureElement(el);
  }, [virtualizer, expandedRows]);
}

/** Scroll requests (keyboard moves, sel= jumps), kept in view while panels above the table resize. */
function useScrollRequests(
  virtualizer: RowVirtualizer,
  map: ScrollMap,
  scrollRef: React.RefObject<HTMLDivElement | null>,
  scrollRequest: ScrollRequest | null,
  rowCount: number,
  onWritten: React.RefObject<() => void>,
): void {
  // Requests read the map at the time they run, not the one they were made with.
  const mapNow = useRef(map);
  mapNow.current = map;
  /** The last request and the scroll position it set: while the user has not scrolled away, it is kept. */
  const revealed = useRef<{ index: number; top: number; rows: number } | null>(null);
  // The virtualizer keeps writing for a few frames after scrollToIndex (and corrects for measured rows): its
  // writes are ours too, only the user's scrolling leaves the requested row.
  onWritten.current = () => {
    const r = revealed.current;
    if (r !== null && scrollRef.current) revealed.current = { ...r, top: scrollRef.current.scrollTop };
  };
  const reveal = useCallback(
    (index: number): void => {
      const el = scrollRef.current;
      const m = mapNow.current;
      if (!el || index < 0 || index >= virtualizer.options.count) return;
      if (m.ratio === 1) virtualizer.scrollToIndex(index, { align: 'auto' });
      else {
        // Scaled: scrollToIndex would clamp its target to the element's (short) scroll height.
        const item = virtualizer.measurementsCache[index];
        const target = item ? scrollTopToReveal(m, el.scrollTop, item.start, item.end) : null;
        if (target !== null) el.scrollTop = target;
      }
      revealed.current = { index, top: el.scrollTop, rows: virtualizer.options.count };
    },
    [virtualizer, scrollRef],
  );
  useEffect(() => {
    if (scrollRequest === null) return;
    reveal(scrollRequest.index);
    // Again on the next frame: right after mount (a link with sel=, a reload) sizes may not be final yet.
    const raf = requestAnimationFrame(() => reveal(scrollRequest.index));
    return () => cancelAnimationFrame(raf);
  }, [scrollRequest, reveal]);
  // Panels above the table (the strip, the findings, an opened finding) change its height after a jump:
  // keep the requested row in view, unless the user has scrolled since or the rows are others now.
  const viewport = map.viewport;
  useEffect(() => {
    const r = revealed.current;
    if (r !== null && r.rows === rowCount && scrollRef.current?.scrollTop === r.top) reveal(r.index);
  }, [viewport, rowCount, reveal, scrollRef]);
}

export function TimelineTable(props: TimelineTableProps) {
  const { rowCount, itemAt, hasTimes, scrollRequest, onVisibleRange, expandedRows } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const theadRef = useRef<HTMLTableSectionElement>(null);
  const onWritten = useRef<() => void>(() => undefined);
  const { virtualizer, map } = useScaledVirtualizer(rowCount, scrollRef, theadRef, onWritten);
  useExpandedMeasurements(virtualizer, expandedRows);
  useScrollRequests(virtualizer, map, scrollRef, scrollRequest, rowCount, onWritten);
  const items = virtualizer.getVirtualItems();
  const virtualOffset = virtualizer.scrollOffset ?? 0;
  // More slots than rows can ever be rendered at once, so slot keys are unique within the window.
  const slots = Math.ceil(map.viewport / ROW_HEIGHT) + 2 * OVERSCAN + 2;
  const windowItems = useMemo(() => items.map((v) => itemAt(v.index)), [items, itemAt]);
  const eventItems = useMemo(
    () => windowItems.filter((it): it is EventItem => it.kind === 'event'),
    [windowItems],
  );
  const table = useTable({
    features: TIMELINE_FEATURES,
    columns: hasTimes ? TIMED_COLUMNS : UNTIMED_COLUMNS,
    data: eventItems,
    getRowId: (row) => row.key,
  });
  const rowsByKey = useMemo(() => new Map(table.getRowModel().rows.map((r) => [r.id, r])), [table, eventItems]);

  const first = rowCount === 0 ? 0 : (virtualizer.range?.startIndex ?? 0);
  const last = rowCount === 0 ? -1 : (virtualizer.range?.endIndex ?? -1);
  useEffect(() => onVisibleRange(first, last), [first, last, onVisibleRange]);

  const headers = table.getHeaderGroups();
  const columnCount = (hasTimes ? TIMED_COLUMNS : UNTIMED_COLUMNS).length;
  return (
    <div ref={scrollRef} className="table-scroll" data-testid="table-scroll">
      <table
        className="timeline"
        role="grid"
        aria-label="Timeline of protocol messages"
        aria-rowcount={rowCount + 1}
        aria-colcount={columnCount}
        data-testid="timeline"
      >
        <thead role="rowgroup" ref={theadRef}>
          {headers.map((g) => (
            <tr key={g.id} role="row" aria-rowindex={1}>
              {g.headers.map((h) => (
                <th
                  key={h.id}
                  role="columnheader"
                  scope="col"
                  style={columnStyle(h.column.id)}
                  aria-sort={isColumnKey(h.column.id) ? ariaSort(h.column.id, props.sort) : undefined}
                >
                  {isColumnKey(h.column.id) ? <SortHeader column={h.column.id} sort={props.sort} onSort={props.onSort} /> : h.column.id}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody role="rowgroup" style={{ height: map.domHeight }}>
          {windowItems.map((item, k) => {
            const v = items[k];
            if (v === undefined) return null;
            const index = v.index;
            const expanded = props.expanded.has(item.key);
            // Keyed by slot, not by row: a row scrolled out hands its DOM nodes to the row scrolled in, so
            // scrolling updates text in place instead of building a fresh set of rows every frame. An expanded
            // row gets a node of its own, so the virtualizer's ResizeObserver measures it from its first frame.
            const key = expanded ? `x:${index}:${item.key}` : index % slots;
            const common = {
              virtualIndex: index,
              start: domTop(map, virtualOffset, v.start),
              // Only expanded rows are measured; every other row is ROW_HEIGHT by construction.
              measure: expanded ? virtualizer.measureElement : null,
              selected: props.selectedKey === item.key,
              expanded,
              onActivate: props.onActivate,
              onToggleExpand: props.onToggleExpand,
            };
            if (item.kind === 'line') return <NonProtocolRow key={key} {...common} item={item} columnCount={columnCount} />;
            const row = rowsByKey.get(item.key);
            return row ? <TimelineRow key={key} {...common} item={item} row={row} table={table} mark={props.marks?.get(item.event.id)} /> : null;
          })}
        </tbody>
      </table>
      {rowCount === 0 ? <div className="empty-result" data-testid="empty-result">{props.emptyMessage}</div> : null}
    </div>
  );
}
