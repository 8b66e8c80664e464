/**
 * A column header that sorts the timeline. The sort is view state (it lives in the URL); columns without a
 * sort key are plain headers. `aria-sort` tells screen readers the current order.
 */
import { assertNever } from '../../msnp/assert';
import type { SortColumn, SortSpec } from '../../state/url/url-state';
import { COLUMN_TITLES, type ColumnKey } from './columns';

/** Which view sort a column header drives. */
const SORT_OF: Partial<Record<ColumnKey, SortColumn>> = {
  line: 'line',
  time: 'time',
  conn: 'connection',
  account: 'account',
  cmd: 'command',
  trid: 'trid',
  status: 'latency',
};

interface Props {
  readonly column: ColumnKey;
  readonly sort: SortSpec;
  readonly onSort: (sort: SortSpec) => void;
  /** The log has times: without them there are no latencies, so the Status column has nothing to sort by. */
  readonly hasTimes: boolean;
}

export function sortOf(column: ColumnKey): SortColumn | null {
  return SORT_OF[column] ?? null;
}

/** Why the Status column does not sort on a log without times (its sort is by latency). */
export const NO_LATENCY_REASON = 'This log has no times, so there are no latencies to sort the Status column by.';

export type HeaderMode =
  | { readonly kind: 'plain' }
  | { readonly kind: 'sort'; readonly key: SortColumn; readonly label: string }
  | { readonly kind: 'unavailable'; readonly reason: string };

/** What a column header is: a plain title, a sort button, or a sort that this log cannot do (and why). */
export function headerMode(column: ColumnKey, hasTimes: boolean): HeaderMode {
  const key = sortOf(column);
  if (key === null) return { kind: 'plain' };
  if (key === 'latency') {
    // Every row would tie at "no latency": the click would leave the order as it was, with an arrow claiming a sort.
    return hasTimes ? { kind: 'sort', key, label: `${COLUMN_TITLES[column]} (by latency)` } : { kind: 'unavailable', reason: NO_LATENCY_REASON };
  }
  return { kind: 'sort', key, label: COLUMN_TITLES[column] };
}

export function ariaSort(column: ColumnKey, sort: SortSpec, hasTimes: boolean): 'ascending' | 'descending' | 'none' {
  const mode = headerMode(column, hasTimes);
  return mode.kind === 'sort' && mode.key === sort.column ? (sort.desc ? 'descending' : 'ascending') : 'none';
}

export function SortHeader({ column, sort, onSort, hasTimes }: Props) {
  const title = COLUMN_TITLES[column];
  const mode = headerMode(column, hasTimes);
  switch (mode.kind) {
    case 'plain':
      return <>{title}</>;
    case 'unavailable': {
      const id = `sort-${column}-unavailable`;
      return (
        <>
          {/* aria-disabled, not disabled: the header stays in the Tab order so its reason can be heard. */}
          <button type="button" data-testid={`sort-${column}`} aria-disabled="true" aria-describedby={id} title={mode.reason}>
            {title}
          </button>
          <span id={id} className="visually-hidden">
            {mode.reason}
          </span>
        </>
      );
    }
    case 'sort': {
      const active = sort.column === mode.key;
      return (
        <button
          type="button"
          data-testid={`sort-${column}`}
          title={`Sort by ${mode.label.toLowerCase()}`}
          onClick={() => onSort({ column: mode.key, desc: active ? !sort.desc : false })}
        >
          {title}
          <span aria-hidden="true">{active ? (sort.desc ? ' ▾' : ' ▴') : ''}</span>
        </button>
      );
    }
    default:
      return assertNever(mode, 'header mode');
  }
}
