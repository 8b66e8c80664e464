/**
 * The virtualized timeline. It owns the scroll container; @tanstack/react-virtual computes the rendered range,
 * positions and scroll offsets over blocks of BLOCK_ROWS rows (row-blocks.ts: the virtualizer walks every item on
 * each count change, and a million rows would make that walk a long task per filter change); the rows inside
 * the rendered blocks are placed by arithmetic. Every row is 22 px by construction except the few expanded ones,
 * measured by a ResizeObserver and added to their block's size. Past the browsers' element-height cap the scroll
 * element is kept short and its scroll position scaled (row-layout.ts): the virtualizer is told the scaled
 * offset, so the last row is still reachable. TanStack Table gets only the rows of the current window as its
 * data. Real grid semantics: aria-rowcount on the grid, aria-rowindex on each rendered row.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTable } from '@tanstack/react-table';
import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { TIMELINE_FEATURES, columnStyle, isColumnKey, tableMinWidth, timelineColumns } from './columns';
import type { TimelineItem } from './timeline-item';
import type { SortSpec } from '../../state/url/url-state';
import { ariaSort, SortHeader } from './SortHeader';
import { TimelineRow, NonProtocolRow } from './TimelineRow';
import { tabStopKey } from './tab-stop';
import type { RowMarks } from '../findings/finding-marks';
import { domTop, knownPosition, makeScrollMap, scaledOffsetObserver, scaledScrollTo, scrollTopToReveal, type ScrollMap } from './row-layout';
import { blockCount, blockExtras, blockOf, blockSize, placeRows, rowBounds, type PlacedRow, type RowExtras } from './row-blocks';
import { useLetGoOnUserScroll } from '../shared/use-user-scroll';

export const ROW_HEIGHT = 22;
const HEADER_HEIGHT = 25;
/** Rows rendered beyond each edge of the viewport. */
const OVERSCAN_PX = 6 * ROW_HEIGHT;

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
  /** The log's connections name accounts: the table gets an Account column. */
  readonly hasAccounts: boolean;
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
  readonly marks?: RowMarks;
}

type EventItem = Extract<TimelineItem, { kind: 'event' }>;

type BlockVirtualizer = Virtualizer<HTMLDivElement, HTMLTableRowElement>;

/** A guess for the first render, before the ResizeObserver reports the real size. */
const INITIAL_RECT = { width: 1000, height: 600 };

const NO_EXTRAS: RowExtras = new Map();

/**
 * The extra heights of the expanded rows, by row index, from a ResizeObserver on each expanded row (`observe` is
 * its ref). Only the rows still expanded count: an index may name another row after a filter change, and an
 * expanded row gets a new element (and a first observation) when its index changes.
 */
function useRowExtras(expandedRows: TimelineTableProps['expandedRows']): {
  extras: RowExtras;
  observe: (el: HTMLTableRowElement | null) => (() => void) | undefined;
} {
  const [measured, setMeasured] = useState<RowExtras>(NO_EXTRAS);
  const ro = useMemo(
    () =>
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver((entries) => {
            setMeasured((prev) => {
              let next: Map<number, number> | null = null;
              for (const e of entries) {
                const el = e.target as HTMLElement;
                const index = Number(el.dataset['index']);
                if (!el.isConnected || !Number.isInteger(index)) continue;
                const box = e.borderBoxSize[0];
                const extra = Math.max(0, Math.round(box ? box.blockSize : el.offsetHeight) - ROW_HEIGHT);
                if ((next ?? prev).get(index) === extra) continue;
                next ??= new Map(prev);
                next.set(index, extra);
              }
              return next ?? prev;
            });
          }),
    [],
  );
  useEffect(() => () => ro?.disconnect(), [ro]);
  const observe = useCallback(
    (el: HTMLTableRowElement | null) => {
      if (!el || !ro) return undefined;
      ro.observe(el);
      return () => ro.unobserve(el);
    },
    [ro],
  );
  const extras = useMemo((): RowExtras => {
    if (measured.size === 0) return NO_EXTRAS;
    const live = new Set(expandedRows.map((r) => r.index));
    const out = new Map<number, number>();
    for (const [index, extra] of measured) if (live.has(index) && extra > 0) out.set(index, extra);
    return out.size === 0 ? NO_EXTRAS : out;
  }, [measured, expandedRows]);
  return { extras, observe };
}

/**
 * useVirtualizer over blocks of rows, wired to the scaled scroll position. The map (domHeight/ratio) depends on
 * the virtualizer's total size and viewport, and the virtualizer's offset depends on the map: the map lives in a
 * ref the callbacks read, and when it changes the offset is reported again.
 */
function useBlockVirtualizer(
  rowCount: number,
  extras: RowExtras,
  scrollRef: React.RefObject<HTMLDivElement | null>,
  headRef: React.RefObject<HTMLTableSectionElement | null>,
): { virtualizer: BlockVirtualizer; map: ScrollMap } {
  const mapRef = useRef<ScrollMap>(makeScrollMap(rowCount * ROW_HEIGHT, INITIAL_RECT.height));
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const position = useRef(knownPosition()).current;
  const report = useRef<(() => void) | null>(null);
  const byBlock = useMemo(() => blockExtras(extras), [extras]);
  // Read by estimateSize while the virtualizer measures, during this render.
  const sizing = useRef({ rowCount, byBlock });
  sizing.current = { rowCount, byBlock };
  const virtualizer = useVirtualizer<HTMLDivElement, HTMLTableRowElement>({
    count: blockCount(rowCount),
    getScrollElement: () => scrollRef.current,
    estimateSize: (b) => blockSize(b, sizing.current.rowCount, ROW_HEIGHT, sizing.current.byBlock),
    initialRect: INITIAL_RECT,
    overscan: 1,
    // The rows' viewport is the element minus the sticky header above them (read by a ResizeObserver, after
    // layout, never forcing one).
    observeElementRect: (instance, cb) => {
      const el = instance.scrollElement;
      if (!el || typeof ResizeObserver === 'undefined') return undefined;
      let last = -1;
      const ro = new ResizeObserver(() => {
        const headerH = headRef.current?.offsetHeight ?? HEADER_HEIGHT;
        const height = Math.max(0, el.clientHeight - headerH);
        cb({ width: el.clientWidth, height });
        // The virtualizer re-renders only when its range of blocks changes; the rows in view, the scroll map and
        // kept scroll requests depend on the height itself.
        if (height !== last) {
          last = height;
          rerender();
        }
      });
      ro.observe(el);
      if (headRef.current) ro.observe(headRef.current);
      return () => ro.disconnect();
    },
    // Rendered before the frame is painted (flushSync), so a fast scroll never shows an empty band of rows; and
    // rendered on every scroll, not only when the range of blocks changes: the rows inside the blocks move.
    observeElementOffset: scaledOffsetObserver(
      () => mapRef.current,
      (send) =>
        flushSync(() => {
          send();
          rerender();
        }),
      (send) => {
        report.current = send;
      },
      position,
    ),
    scrollToFn: scaledScrollTo(() => mapRef.current, undefined, position),
  });
  // An expanded row grew or shrank: its block's size changed.
  const first = useRef(true);
  useLayoutEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    virtualizer.measure();
  }, [virtualizer, byBlock]);
  const total = virtualizer.getTotalSize();
  const viewport = virtualizer.scrollRect?.height ?? INITIAL_RECT.height;
  const map = useMemo(() => makeScrollMap(total, viewport), [total, viewport]);
  mapRef.current = map;
  useLayoutEffect(() => report.current?.(), [map]);
  return { virtualizer, map };
}

/** The rows to render (the viewport plus OVERSCAN_PX each side), placed inside the virtualizer's blocks. */
function windowRows(virtualizer: BlockVirtualizer, rowCount: number, extras: RowExtras, viewport: number): PlacedRow[] {
  const offset = virtualizer.scrollOffset ?? 0;
  const out: PlacedRow[] = [];
  for (const v of virtualizer.getVirtualItems()) {
    placeRows(v.index, v.start, rowCount, ROW_HEIGHT, extras, offset - OVERSCAN_PX, offset + viewport + OVERSCAN_PX, out);
  }
  return out;
}

/** Where row `index` lies (virtual px), or null when it is out of range. */
function boundsOf(virtualizer: BlockVirtualizer, index: number, extras: RowExtras): { start: number; end: number } | null {
  const block = virtualizer.measurementsCache[blockOf(index)];
  return block ? rowBounds(index, block.start, ROW_HEIGHT, extras) : null;
}

/** Scroll requests (keyboard moves, sel= jumps), kept in view while panels above the table resize. */
function useScrollRequests(
  virtualizer: BlockVirtualizer,
  map: ScrollMap,
  extras: RowExtras,
  scrollRef: React.RefObject<HTMLDivElement | null>,
  scrollRequest: ScrollRequest | null,
  rowCount: number,
): void {
  // Requests read the map and sizes at the time they run, not the ones they were made with.
  const now = useRef({ map, extras });
  now.current = { map, extras };
  /** The last request, until the user scrolls by hand or the rows change. */
  const revealed = useRef<{ index: number; rows: number } | null>(null);
  const reveal = useCallback(
    (index: number): void => {
      const el = scrollRef.current;
      if (!el || index < 0 || index >= rowCount) return;
      // The least movement that shows the whole row, scaled or not (scrollTopToReveal works in virtual px).
      const row = boundsOf(virtualizer, index, now.current.extras);
      const target = row ? scrollTopToReveal(now.current.map, el.scrollTop, row.start, row.end) : null;
      if (target !== null) el.scrollTop = target;
      revealed.current = { index, rows: rowCount };
    },
    [virtualizer, scrollRef, rowCount],
  );
  useLetGoOnUserScroll(scrollRef, revealed);
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
    if (r !== null && r.rows === rowCount) reveal(r.index);
  }, [viewport, rowCount, reveal]);
}

/**
 * How many row slots the keys cycle through: more than rows can ever be rendered at once, so slot keys are unique
 * within the window. Never fewer than the window's height holds, and never fewer than before: a change of the
 * count changes every row's key, and remounted rows lose focus. Under 1200 px the detail pane opening and
 * closing below the table changes its height each time (app.css); Esc there must leave the focus on its row.
 */
function useSlotCount(viewport: number): number {
  const most = useRef(0);
  const tallest = Math.max(viewport, typeof window === 'undefined' ? 0 : window.innerHeight);
  most.current = Math.max(most.current, Math.ceil((tallest + 2 * OVERSCAN_PX) / ROW_HEIGHT) + 2);
  return most.current;
}

/** The same array as last render while the rows and their positions are the same, so memos below hold. */
function useStableRows(rows: PlacedRow[]): readonly PlacedRow[] {
  const prev = useRef<readonly PlacedRow[]>(rows);
  const p = prev.current;
  const same = p.length === rows.length && rows.every((r, k) => p[k]?.index === r.index && p[k]?.start === r.start && p[k]?.end === r.end);
  if (!same) prev.current = rows;
  return prev.current;
}

export function TimelineTable(props: TimelineTableProps) {
  const { rowCount, itemAt, hasTimes, hasAccounts, scrollRequest, onVisibleRange, expandedRows } = props;
  const columns = timelineColumns(hasTimes, hasAccounts);
  const scrollRef = useRef<HTMLDivElement>(null);
  const theadRef = useRef<HTMLTableSectionElement>(null);
  const { extras, observe } = useRowExtras(expandedRows);
  const { virtualizer, map } = useBlockVirtualizer(rowCount, extras, scrollRef, theadRef);
  useScrollRequests(virtualizer, map, extras, scrollRef, scrollRequest, rowCount);
  const virtualOffset = virtualizer.scrollOffset ?? 0;
  const items = useStableRows(windowRows(virtualizer, rowCount, extras, map.viewport));
  const slots = useSlotCount(map.viewport);
  const windowItems = useMemo(() => items.map((v) => itemAt(v.index)), [items, itemAt]);
  const eventItems = useMemo(
    () => windowItems.filter((it): it is EventItem => it.kind === 'event'),
    [windowItems],
  );
  const table = useTable({
    features: TIMELINE_FEATURES,
    columns,
    data: eventItems,
    getRowId: (row) => row.key,
  });
  const rowsByKey = useMemo(() => new Map(table.getRowModel().rows.map((r) => [r.id, r])), [table, eventItems]);

  // The rows actually in view (the overscan left out), for the overview strip's window and the keyboard.
  const inView = items.filter((r) => r.end > virtualOffset && r.start < virtualOffset + map.viewport);
  const first = rowCount === 0 ? 0 : (inView[0]?.index ?? 0);
  const last = rowCount === 0 ? -1 : (inView.at(-1)?.index ?? -1);
  useEffect(() => onVisibleRange(first, last), [first, last, onVisibleRange]);

  // The grid's one Tab stop (roving tabindex): the selected row when it is rendered, else the first event row in
  // view. Without it a keyboard user tabbed from the column headers straight out of the table: no row took focus
  // until something was selected with the mouse or a shortcut.
  const tabKey = useMemo(() => tabStopKey(windowItems, props.selectedKey, first), [windowItems, props.selectedKey, first]);

  const headers = table.getHeaderGroups();
  const columnCount = columns.length;
  return (
    <div ref={scrollRef} className="table-scroll" data-testid="table-scroll">
      <table
        // has-accounts: app.css narrows this table's columns sooner, its Account column makes it wider.
        className={hasAccounts ? 'timeline has-accounts' : 'timeline'}
        role="grid"
        aria-label="Timeline of protocol messages"
        aria-rowcount={rowCount + 1}
        aria-colcount={columnCount}
        data-testid="timeline"
        style={{ minWidth: `max(100%, ${tableMinWidth(columns.map((c) => c.id ?? ''))})` }}
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
                  aria-sort={isColumnKey(h.column.id) ? ariaSort(h.column.id, props.sort, props.hasTimes) : undefined}
                >
                  {isColumnKey(h.column.id) ? (
                    <SortHeader column={h.column.id} sort={props.sort} onSort={props.onSort} hasTimes={props.hasTimes} />
                  ) : (
                    h.column.id
                  )}
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
            // row gets a node of its own, so the ResizeObserver (useRowExtras) measures it from its first frame.
            const key = expanded ? `x:${index}:${item.key}` : index % slots;
            const common = {
              virtualIndex: index,
              start: domTop(map, virtualOffset, v.start),
              // Only expanded rows are measured; every other row is ROW_HEIGHT by construction.
              measure: expanded ? observe : null,
              selected: props.selectedKey === item.key,
              tabStop: tabKey === item.key,
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
