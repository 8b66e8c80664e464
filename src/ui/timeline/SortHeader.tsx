/**
 * A column header that sorts the timeline. The sort is view state (it lives in the URL); columns without a
 * sort key are plain headers. `aria-sort` tells screen readers the current order.
 */
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
}

export function sortOf(column: ColumnKey): SortColumn | null {
  return SORT_OF[column] ?? null;
}

export function ariaSort(column: ColumnKey, sort: SortSpec): 'ascending' | 'descending' | 'none' {
  return sortOf(column) === sort.column ? (sort.desc ? 'descending' : 'ascending') : 'none';
}

export function SortHeader({ column, sort, onSort }: Props) {
  const key = sortOf(column);
  const title = COLUMN_TITLES[column];
  if (key === null) return <>{title}</>;
  const active = sort.column === key;
  const label = column === 'status' ? `${title} (by latency)` : title;
  return (
    <button
      type="button"
      data-testid={`sort-${column}`}
      title={`Sort by ${label.toLowerCase()}`}
      onClick={() => onSort({ column: key, desc: active ? !sort.desc : false })}
    >
      {title}
      <span aria-hidden="true">{active ? (sort.desc ? ' ▾' : ' ▴') : ''}</span>
    </button>
  );
}
