/**
 * The virtualized timeline. It owns the scroll container and a small virtualizer of its own (row-layout.ts):
 * rows are 22 px except the few expanded ones, so positions are computed, not measured, and a filter change on
 * a million rows costs nothing here; past the browsers' element-height cap, scroll positions are scaled so the
 * last row is still reachable. TanStack Table gets only the rows of the current window as its data. Real grid
 * semantics: aria-rowcount on the grid, aria-rowindex on each rendered row.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTable } from '@tanstack/react-table';
import { TIMED_COLUMNS, TIMELINE_FEATURES, UNTIMED_COLUMNS, columnStyle, isColumnKey } from './columns';
import type { TimelineItem } from './timeline-item';
import type { SortSpec } from '../../state/url/url-state';
import { ariaSort, SortHeader } from './SortHeader';
import { TimelineRow, NonProtocolRow } from './TimelineRow';
import type { EventId } from '../../msnp/types';
import type { RowMark } from '../findings/finding-marks';
import { domTop, makeRowLayout, makeScrollMap, scrollTopToReveal, visibleRows, type RowLayout, type ScrollMap } from './row-layout';

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

/** Measured heights of expanded rows, by row key; a ResizeObserver keeps them current as payloads wrap. */
function useExpandedHeights(): [ReadonlyMap<string, number>, (key: string) => (el: HTMLElement | null) => void] {
  const [heights, setHeights] = useState<ReadonlyMap<string, number>>(new Map());
  const observer = useMemo(
    () =>
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver((entries) => {
            setHeights((prev) => {
              let next: Map<string, number> | null = null;
              for (const e of entries) {
                const key = (e.target as HTMLElement).dataset['rowKey'];
                const h = (e.target as HTMLElement).offsetHeight;
                if (key === undefined || prev.get(key) === h) continue;
                next ??= new Map(prev);
                next.set(key, h);
              }
              return next ?? prev;
            });
          }),
    [],
  );
  useEffect(() => () => observer?.disconnect(), [observer]);
  const refs = useRef(new Map<string, (el: HTMLElement | null) => void>());
  const measure = useCallback(
    (key: string) => {
      let ref = refs.current.get(key);
      if (ref === undefined) {
        let seen: HTMLElement | null = null;
        ref = (el) => {
          if (seen) observer?.unobserve(seen);
          seen = el;
          if (el) observer?.observe(el);
        };
        refs.current.set(key, ref);
      }
      return ref;
    },
    [observer],
  );
  return [heights, measure];
}

/**
 * Scroll position, the sticky header's height and the height of the rows' viewport below it. Sizes come from a
 * ResizeObserver (read after layout, never forcing one); a scroll event reads only scrollTop.
 */
function useScrollBox(
  el: React.RefObject<HTMLDivElement | null>,
  head: React.RefObject<HTMLTableSectionElement | null>,
): { scrollTop: number; viewport: number; headerH: number } {
  const [box, setBox] = useState({ scrollTop: 0, viewport: 0, headerH: HEADER_HEIGHT });
  useEffect(() => {
    const node = el.current;
    if (!node) return;
    const update = (patch: Partial<typeof box>): void =>
      setBox((prev) => {
        const next = { ...prev, ...patch };
        return next.scrollTop === prev.scrollTop && next.viewport === prev.viewport && next.headerH === prev.headerH ? prev : next;
      });
    const measure = (): void => {
      const headerH = head.current?.offsetHeight ?? HEADER_HEIGHT;
      update({ headerH, viewport: Math.max(0, node.clientHeight - headerH), scrollTop: node.scrollTop });
    };
    // Rendered before the frame is painted, so a fast scroll never shows an empty band where rows should be.
    const onScroll = (): void => flushSync(() => update({ scrollTop: node.scrollTop }));
    node.addEventListener('scroll', onScroll, { passive: true });
    const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
    if (ro) {
      ro.observe(node);
      if (head.current) ro.observe(head.current);
    } else measure();
    return () => {
      node.removeEventListener('scroll', onScroll);
      ro?.disconnect();
    };
  }, [el, head]);
  return box;
}

export function TimelineTable(props: TimelineTableProps) {
  const { rowCount, itemAt, hasTimes, scrollRequest, onVisibleRange, expandedRows } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const theadRef = useRef<HTMLTableSectionElement>(null);
  // The sticky header sits inside the scroll element above the rows: the rows start below it, and a row
  // scrolled to must not end up under it.
  const { scrollTop, viewport } = useScrollBox(scrollRef, theadRef);
  const [heights, measure] = useExpandedHeights();
  const layout: RowLayout = useMemo(() => {
    const extra = new Map<number, number>();
    for (const r of expandedRows) {
      const h = heights.get(r.key);
      if (h !== undefined) extra.set(r.index, h - ROW_HEIGHT);
    }
    return makeRowLayout(rowCount, ROW_HEIGHT, extra);
  }, [rowCount, expandedRows, heights]);
  const map: ScrollMap = useMemo(() => makeScrollMap(layout.contentHeight, viewport), [layout, viewport]);
  const range = visibleRows(layout, map, scrollTop, OVERSCAN);
  // More slots than rows can ever be rendered at once, so slot keys are unique within the window.
  const slots = Math.ceil(viewport / ROW_HEIGHT) + 2 * OVERSCAN + 2;
  const { from, to } = range;
  const windowItems = useMemo(() => {
    const out: TimelineItem[] = [];
    for (let i = from; i <= to; i++) out.push(itemAt(i));
    return out;
  }, [from, to, itemAt]);
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

  // Scroll requests read the layout at the time they run, not the one they were made with.
  const geometry = useRef({ layout, map });
  geometry.current = { layout, map };
  /** The last request and the scroll position it set: while the user has not scrolled away, it is kept. */
  const revealed = useRef<{ index: number; top: number; rows: number } | null>(null);
  const reveal = useCallback((index: number): void => {
    const el = scrollRef.current;
    if (!el) return;
    const g = geometry.current;
    const target = scrollTopToReveal(g.layout, g.map, el.scrollTop, index);
    if (target !== null) el.scrollTop = target;
    revealed.current = { index, top: el.scrollTop, rows: g.layout.count };
  }, []);
  useEffect(() => {
    if (scrollRequest === null) return;
    reveal(scrollRequest.index);
    // Again on the next frame: right after mount (a link with sel=, a reload) sizes may not be final yet.
    const raf = requestAnimationFrame(() => reveal(scrollRequest.index));
    return () => cancelAnimationFrame(raf);
  }, [scrollRequest, reveal]);
  // Panels above the table (the strip, the findings, an opened finding) change its height after a jump:
  // keep the requested row in view, unless the user has scrolled since or the rows are others now.
  useEffect(() => {
    const r = revealed.current;
    if (r !== null && r.rows === rowCount && scrollRef.current?.scrollTop === r.top) reveal(r.index);
  }, [viewport, rowCount, reveal]);

  const { first, last } = range;
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
            const index = from + k;
            // Keyed by slot, not by row: a row scrolled out hands its DOM nodes to the row scrolled in, so
            // scrolling updates text in place instead of building a fresh set of rows every frame.
            const key = index % slots;
            const common = {
              virtualIndex: index,
              start: domTop(layout, map, scrollTop, index),
              // Only expanded rows are measured; every other row is ROW_HEIGHT by construction.
              measure: props.expanded.has(item.key) ? measure(item.key) : null,
              selected: props.selectedKey === item.key,
              expanded: props.expanded.has(item.key),
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
