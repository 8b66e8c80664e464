/**
 * Connects the timeline table to the store: the filtered rows, selection, the "N of M messages" line, the
 * non-protocol toggle, and the empty-result message that names the filter that emptied the table.
 */
import { useCallback, useMemo, useState } from 'react';
import type { EventId, ParseResult } from '../../msnp/types';
import { describeStatus, rowAt, timeSincePrevious } from '../../state/selectors';
import { clockStepOf } from '../../state/durations';
import { accountsByConnection } from '../../state/rows';
import type { FilterClause } from '../../state/filter/filter-eval';
import { formatCount, plural } from '../shared/format';
import { TimelineTable, type ScrollRequest } from './TimelineTable';
import type { TimelineItem } from './timeline-item';
import type { SortSpec } from '../../state/url/url-state';
import type { RowMarks } from '../findings/finding-marks';

interface Props {
  readonly result: ParseResult;
  readonly rows: Int32Array;
  readonly totalEvents: number;
  readonly shownEvents: number;
  readonly filterActive: boolean;
  readonly emptyCause: FilterClause | null;
  readonly selected: EventId | null;
  readonly scrollRequest: ScrollRequest | null;
  readonly onSelect: (id: EventId) => void;
  readonly onVisibleRange: (first: number, last: number) => void;
  readonly onClearFilters: () => void;
  readonly sort: SortSpec;
  readonly onSort: (sort: SortSpec) => void;
  /** Findings hook (issue #4): per-event marks passed to the table. */
  readonly marks?: RowMarks;
}

/** `e<EventId>` for an event, `l<k>` for the k-th non-protocol line: stable across filtering. */
function rowKey(code: number): string {
  return code >= 0 ? `e${code}` : `l${~code}`;
}

function buildItem(result: ParseResult, rows: Int32Array, index: number, accounts: ReadonlyMap<string, string> | null): TimelineItem {
  const code = rows[index] ?? 0;
  const row = rowAt(result, code);
  if (row === null || row.kind === 'line') {
    const line = row?.line ?? { line: 0, text: '', reason: 'noise' as const };
    return { kind: 'line', key: rowKey(code), index, line };
  }
  const { event } = row;
  const delta = timeSincePrevious(result, event.id);
  return {
    kind: 'event',
    key: rowKey(code),
    index,
    event,
    prevTime: delta === null || event.time === null ? null : event.time - delta,
    clockStep: clockStepOf(result),
    status: describeStatus(result, event),
    account: accounts?.get(event.connection) ?? null,
  };
}

export function TimelineView(props: Props) {
  const { result, rows, selected } = props;
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const accounts = useMemo(() => accountsByConnection(result), [result]);
  // Items are built on demand for the virtual window only, cached per (result, rows).
  const itemAt = useMemo(() => {
    const cache = new Map<number, TimelineItem>();
    return (index: number): TimelineItem => {
      let it = cache.get(index);
      if (it === undefined) {
        it = buildItem(result, rows, index, accounts);
        if (cache.size > 5000) cache.clear();
        cache.set(index, it);
      }
      return it;
    };
  }, [result, rows, accounts]);
  // Expanded rows are measured by the table; it needs their index in the current rows (a few indexOf calls,
  // once per filter change or toggle).
  const expandedRows = useMemo(() => {
    const out: { index: number; key: string }[] = [];
    for (const key of expanded) {
      const code = key.startsWith('e') ? Number(key.slice(1)) : ~Number(key.slice(1));
      const index = rows.indexOf(code);
      if (index >= 0) out.push({ index, key });
    }
    return out;
  }, [rows, expanded]);
  const toggleExpand = useCallback((key: string) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  }, []);
  const { onSelect } = props;
  const activate = useCallback((item: TimelineItem) => {
    if (item.kind === 'event') onSelect(item.event.id);
  }, [onSelect]);

  const selectedLine = selected === null ? null : (result.events[selected]?.line ?? null);
  // O(rows): once per selection or filter change, not per scroll frame.
  const selectedHidden = useMemo(() => selected !== null && rows.indexOf(selected) < 0, [rows, selected]);
  const empty = props.emptyCause ? (
    <>
      No message matches. The filter that empties the table is <strong>{props.emptyCause.label}</strong> (
      {props.emptyCause.origin === 'query' ? 'in the search box' : 'a filter control'}): without it, rows would show.{' '}
      <button type="button" className="link" onClick={props.onClearFilters}>
        Clear all filters
      </button>
    </>
  ) : props.filterActive ? (
    <>
      No message matches all the filters together.{' '}
      <button type="button" className="link" onClick={props.onClearFilters}>
        Clear all filters
      </button>
    </>
  ) : (
    'This log has no protocol messages to show.'
  );

  return (
    <>
      <div className="table-toolbar">
        <span
          className="result-count"
          data-testid="result-count"
          data-shown={props.shownEvents}
          data-total={props.totalEvents}
          aria-live="polite"
        >
          {props.filterActive
            ? `${formatCount(props.shownEvents)} of ${plural(props.totalEvents, 'message')} ${props.shownEvents === 1 ? 'matches' : 'match'} the filter`
            : `${plural(props.totalEvents, 'message')} (no filter)`}
        </span>
        {selectedLine !== null ? (
          <span className="status-muted">
            Selected: line {selectedLine}
            {selectedHidden ? ' (hidden by the filter)' : ''} · Enter opens, Esc closes, ? lists keys
          </span>
        ) : null}
      </div>
      <TimelineTable
        rowCount={rows.length}
        itemAt={itemAt}
        expandedRows={expandedRows}
        hasTimes={result.hasTimes}
        hasAccounts={accounts !== null}
        selectedKey={selected === null ? null : `e${selected}`}
        expanded={expanded}
        scrollRequest={props.scrollRequest}
        onActivate={activate}
        onToggleExpand={toggleExpand}
        onVisibleRange={props.onVisibleRange}
        emptyMessage={empty}
        sort={props.sort}
        onSort={props.onSort}
        {...(props.marks === undefined ? {} : { marks: props.marks })}
      />
    </>
  );
}
