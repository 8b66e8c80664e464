/**
 * The virtualized timeline. It owns the scroll container and the virtualizer (ARCHITECTURE habit 12); TanStack
 * Table gets only the rows of the current virtual window as its data, so a filter change on a million-row log
 * costs the filter, not a million row objects. Real grid semantics: aria-rowcount on the grid, aria-rowindex on
 * each rendered row, so screen readers know where they are in the whole list.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { TIMED_COLUMNS, TIMELINE_FEATURES, UNTIMED_COLUMNS, columnStyle, isColumnKey } from './columns';
import type { TimelineItem } from './timeline-item';
import type { SortSpec } from '../../state/url/url-state';
import { ariaSort, SortHeader } from './SortHeader';
import { TimelineRow, NonProtocolRow } from './TimelineRow';
import type { EventId } from '../../msnp/types';
import type { RowMark } from '../findings/finding-marks';

export const ROW_HEIGHT = 22;
const HEADER_HEIGHT = 25;

export interface ScrollRequest {
  readonly index: number;
  /** Changes on every request, so asking twice for the same row scrolls twice. */
  readonly nonce: number;
}

export interface TimelineTableProps {
  readonly rowCount: number;
  readonly itemAt: (index: number) => TimelineItem;
  /** The row key at an index, without building the item: the virtualizer asks for every row's key. */
  readonly keyAt: (index: number) => string | number;
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

export function TimelineTable(props: TimelineTableProps) {
  const { rowCount, itemAt, keyAt, hasTimes, scrollRequest, onVisibleRange } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const theadRef = useRef<HTMLTableSectionElement>(null);
  // The sticky header sits inside the scroll element above the rows: the rows start below it, and a row
  // scrolled to must not end up under it.
  const [headerH, setHeaderH] = useState(HEADER_HEIGHT);
  useLayoutEffect(() => setHeaderH(theadRef.current?.offsetHeight ?? HEADER_HEIGHT), []);
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    getItemKey: keyAt,
    scrollMargin: headerH,
    scrollPaddingStart: headerH,
  });
  const virtualItems = virtualizer.getVirtualItems();
  const windowItems = useMemo(() => virtualItems.map((v) => itemAt(v.index)), [virtualItems, itemAt]);
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

  useEffect(() => {
    if (scrollRequest === null) return;
    // Once now, and again on the next frame: right after mount (a link with sel=, a reload) the scroll
    // element's size is not measured yet, and panels above the table may still change its height.
    virtualizer.scrollToIndex(scrollRequest.index, { align: 'auto' });
    const raf = requestAnimationFrame(() => virtualizer.scrollToIndex(scrollRequest.index, { align: 'auto' }));
    return () => cancelAnimationFrame(raf);
  }, [scrollRequest, virtualizer]);

  const first = virtualItems[0]?.index ?? 0;
  const last = virtualItems[virtualItems.length - 1]?.index ?? -1;
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
        <tbody role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
          {virtualItems.map((v, k) => {
            const item = windowItems[k];
            if (item === undefined) return null;
            const common = {
              key: item.key,
              virtualIndex: v.index,
              start: v.start - headerH,
              // Only expanded rows are measured: measuring every row makes the virtualizer recompute all
              // positions (O(rows)) on each frame, which a million-row log cannot afford.
              measure: props.expanded.has(item.key) ? virtualizer.measureElement : null,
              selected: props.selectedKey === item.key,
              expanded: props.expanded.has(item.key),
              onActivate: props.onActivate,
              onToggleExpand: props.onToggleExpand,
            };
            if (item.kind === 'line') return <NonProtocolRow {...common} item={item} columnCount={columnCount} />;
            const row = rowsByKey.get(item.key);
            return row ? <TimelineRow {...common} item={item} row={row} table={table} mark={props.marks?.get(item.event.id)} /> : null;
          })}
        </tbody>
      </table>
      {rowCount === 0 ? <div className="empty-result" data-testid="empty-result">{props.emptyMessage}</div> : null}
    </div>
  );
}
