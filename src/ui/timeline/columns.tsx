/**
 * The timeline's column definitions (TanStack Table v9), module-level constants so the table never rebuilds its
 * column model. Cells render text only: nothing from a log is ever turned into HTML.
 */
import type { CSSProperties } from 'react';
import { createColumnHelper, tableFeatures } from '@tanstack/react-table';
import type { LogEvent } from '../../msnp/types';
import { connectionHue, directionArrow, directionLabel, formatDelta, formatTime } from '../shared/format';
import { displayParams } from '../../msnp/tokenize';
import type { TimelineItem } from './timeline-item';

export const TIMELINE_FEATURES = tableFeatures({});
type EventItem = Extract<TimelineItem, { kind: 'event' }>;
const helper = createColumnHelper<typeof TIMELINE_FEATURES, EventItem>();

export type ColumnKey = 'line' | 'time' | 'delta' | 'conn' | 'account' | 'dir' | 'cmd' | 'trid' | 'params' | 'status';

/** Fixed widths in px; `params` takes the remaining space (flex). */
export const COLUMN_WIDTHS: Readonly<Record<ColumnKey, number>> = {
  line: 70,
  time: 100,
  delta: 72,
  conn: 70,
  account: 190,
  dir: 44,
  cmd: 78,
  trid: 56,
  params: 200,
  status: 290,
};

/**
 * The least widths in a narrow table (app.css sets `--narrow: 1` on it through a container query): the whole
 * row of a timed log then fits 800 px, a window of that width with the detail pane below, or the table beside
 * the pane from a 1200 px window up. Each still holds its header and its longest usual value (a 7-digit line,
 * `NS214`, a 5-digit TrID); `params` and `status` share what is left beyond these.
 */
export const NARROW_COLUMN_WIDTHS: Readonly<Record<ColumnKey, number>> = {
  line: 62,
  time: 100,
  delta: 72,
  conn: 62,
  account: 150,
  dir: 40,
  cmd: 78,
  trid: 48,
  params: 112,
  status: 200,
};

/**
 * A server's log has the Account column too, and its narrow row (924 px) is wider than an 800 px window: below
 * that (app.css sets `--tight: 1` on a has-accounts table) the three columns of free text give up room, each
 * still as wide as its header. Account and Status are cut with an ellipsis when longer; the account is in the
 * cell's title, and both are whole in the detail pane. The other columns keep their narrow widths: their values
 * are short and never cut.
 */
export const TIGHT_COLUMN_WIDTHS: Readonly<Record<ColumnKey, number>> = {
  ...NARROW_COLUMN_WIDTHS,
  account: 104,
  params: 90,
  status: 127,
};

export const COLUMN_TITLES: Readonly<Record<ColumnKey, string>> = {
  line: 'Line',
  time: 'Time',
  delta: 'Δ prev',
  conn: 'Conn',
  account: 'Account',
  dir: 'Dir',
  cmd: 'Command',
  trid: 'TrId',
  params: 'Parameters',
  status: 'Status',
};

export function ConnectionBadge({ id }: { readonly id: string }) {
  // A class per palette hue (app.css), not an inline style: a row handed to another connection while scrolling
  // then changes a class instead of mutating an inline declaration, which Chrome restyles at a higher cost.
  return <span className={`conn-badge hue-${connectionHue(id)}`}>{id}</span>;
}

function DirectionCell({ event }: { readonly event: LogEvent }) {
  return (
    <span className={`dir ${event.direction ?? ''}`} title={directionLabel(event.direction)}>
      <span aria-hidden="true">{directionArrow(event.direction)}</span>
      <span className="visually-hidden">{directionLabel(event.direction)}</span>
    </span>
  );
}

function CommandCell({ event }: { readonly event: LogEvent }) {
  if (event.error === null) return <>{event.command}</>;
  return (
    <span className="err-badge" title={`error ${event.error.code} ${event.error.name}`}>
      <span aria-hidden="true">✖ </span>
      <span className="visually-hidden">error </span>
      {event.command}
    </span>
  );
}

function ParamsCell({ event }: { readonly event: LogEvent }) {
  const params = displayParams(event.params);
  if (event.error === null) return <>{params}</>;
  return (
    <>
      <strong>{event.error.name}</strong> {params}
    </>
  );
}

function StatusCell({ item }: { readonly item: EventItem }) {
  const { status } = item;
  // An error reply's status ("answers CAL 5") is still part of an error row: keep its tone.
  const tone = item.event.error ? 'error' : status.tone;
  const icon = tone === 'error' ? '✖ ' : tone === 'warning' ? '⚠ ' : '';
  return (
    // The title: a tight table (a server's log in a small window) cuts a long status with an ellipsis.
    <span className={`status-${tone}`} title={status.text}>
      {icon === '' ? null : <span aria-hidden="true">{icon}</span>}
      {status.text}
    </span>
  );
}

const lineColumn = helper.display({ id: 'line', header: COLUMN_TITLES.line, cell: (c) => c.row.original.event.line });
const timeColumn = helper.display({
  id: 'time',
  header: COLUMN_TITLES.time,
  cell: (c) => formatTime(c.row.original.event.time, c.row.original.clockStep),
});
const deltaColumn = helper.display({
  id: 'delta',
  header: COLUMN_TITLES.delta,
  cell: (c) => formatDelta(c.row.original.prevTime, c.row.original.event.time, c.row.original.clockStep),
});
const connColumn = helper.display({ id: 'conn', header: COLUMN_TITLES.conn, cell: (c) => <ConnectionBadge id={c.row.original.event.connection} /> });
// The account whose connection a row is on: a server's log interleaves many people's sessions, and the
// connection name alone (NS214) does not say whose a row is.
const accountColumn = helper.display({
  id: 'account',
  header: COLUMN_TITLES.account,
  cell: (c) => <span className="account-cell" title={c.row.original.account ?? undefined}>{c.row.original.account ?? ''}</span>,
});
const restColumns = [
  helper.display({ id: 'dir', header: COLUMN_TITLES.dir, cell: (c) => <DirectionCell event={c.row.original.event} /> }),
  helper.display({ id: 'cmd', header: COLUMN_TITLES.cmd, cell: (c) => <CommandCell event={c.row.original.event} /> }),
  helper.display({ id: 'trid', header: COLUMN_TITLES.trid, cell: (c) => c.row.original.event.trId ?? '' }),
  helper.display({ id: 'params', header: COLUMN_TITLES.params, cell: (c) => <ParamsCell event={c.row.original.event} /> }),
  helper.display({ id: 'status', header: COLUMN_TITLES.status, cell: (c) => <StatusCell item={c.row.original} /> }),
];

// Module-level constants, one per shape of log, so the table's column model is never rebuilt.
const TIMED = [lineColumn, timeColumn, deltaColumn];
const COLUMN_SETS = {
  timed: helper.columns([...TIMED, connColumn, ...restColumns]),
  timedAccounts: helper.columns([...TIMED, connColumn, accountColumn, ...restColumns]),
  // A log without times has no time or Δ columns at all, rather than empty ones.
  untimed: helper.columns([lineColumn, connColumn, ...restColumns]),
  untimedAccounts: helper.columns([lineColumn, connColumn, accountColumn, ...restColumns]),
};

/**
 * The timeline's columns for a log: time columns when it has times, the account column when its connections
 * name accounts (a log of several accounts, see Connection.account).
 */
export function timelineColumns(hasTimes: boolean, hasAccounts: boolean): (typeof COLUMN_SETS)['timed'] {
  if (hasTimes) return hasAccounts ? COLUMN_SETS.timedAccounts : COLUMN_SETS.timed;
  return hasAccounts ? COLUMN_SETS.untimedAccounts : COLUMN_SETS.untimed;
}

export function isColumnKey(id: string): id is ColumnKey {
  return id in COLUMN_WIDTHS;
}

/**
 * A width as CSS: `wide` px, or `narrow` px where the table is narrow. One custom property (`--narrow`, 0 or 1,
 * set by app.css) switches every column, so the widths stay here and a resize never re-renders the rows.
 */
function switchedWidth(wide: number, narrow: number, tight: number): string {
  if (wide === narrow && narrow === tight) return `${wide}px`;
  const narrowed = wide === narrow ? '' : ` - ${wide - narrow}px * var(--narrow, 0)`;
  // `--tight` is only ever 1 where `--narrow` is (app.css): the tight width is taken off the narrow one.
  const tightened = narrow === tight ? '' : ` - ${narrow - tight}px * var(--tight, 0)`;
  return `calc(${wide}px${narrowed}${tightened})`;
}

const WIDTH_CSS = Object.fromEntries(
  (Object.keys(COLUMN_WIDTHS) as ColumnKey[]).map((k) => [k, switchedWidth(COLUMN_WIDTHS[k], NARROW_COLUMN_WIDTHS[k], TIGHT_COLUMN_WIDTHS[k])]),
) as Readonly<Record<ColumnKey, string>>;

/** The least width of a column, as CSS (also the least width of the non-protocol row's text cell: `params`). */
export function columnWidthCss(id: ColumnKey): string {
  return WIDTH_CSS[id];
}

/**
 * The width the table needs for every column at its least, as CSS: the table is never narrower, so when the pane
 * is narrower still (a server's log with its Account column in a small window) it scrolls sideways instead of
 * cutting the Status column off.
 */
export function tableMinWidth(ids: readonly string[]): string {
  let wide = 0;
  let narrow = 0;
  let tight = 0;
  for (const id of ids) {
    if (!isColumnKey(id)) continue;
    wide += COLUMN_WIDTHS[id];
    narrow += NARROW_COLUMN_WIDTHS[id];
    tight += TIGHT_COLUMN_WIDTHS[id];
  }
  return switchedWidth(wide, narrow, tight);
}

/**
 * Fixed width; `params` grows, and in a narrow table `status` grows too (flex-grow is `--narrow` itself): there
 * the Status column starts smaller, and what room there is goes to both texts a row is read by.
 */
const COLUMN_STYLES = Object.fromEntries(
  (Object.keys(COLUMN_WIDTHS) as ColumnKey[]).map((k): [ColumnKey, CSSProperties] => {
    const w = WIDTH_CSS[k];
    if (k === 'params') return [k, { flex: `1 0 ${w}`, minWidth: w }];
    if (k === 'status') return [k, { flex: `var(--narrow, 0) 0 ${w}`, minWidth: w }];
    return [k, { flex: `0 0 ${w}`, width: w }];
  }),
) as Readonly<Record<ColumnKey, CSSProperties>>;

const NO_STYLE: CSSProperties = {};

/** Inline style for a cell of a column (one object per column, shared by every cell). */
export function columnStyle(id: string): CSSProperties {
  return isColumnKey(id) ? COLUMN_STYLES[id] : NO_STYLE;
}
