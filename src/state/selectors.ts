/**
 * Derived data for the UI, memoized on the identity of their inputs (habit 8: stable references, so
 * `useAppStore(selectFilteredRows)` re-renders only when the rows really change). All heavy work runs over
 * typed arrays (filter/event-index.ts, rows.ts).
 */
import type { ConnectionId, ErrorClass, EventId, LogEvent, ParseResult } from '../msnp/types';
import { toEventId } from '../msnp/types';
import { describeError } from '../msnp/error-codes';
import { getEventIndex } from './filter/event-index';
import { filterRows, findEmptyingClause, type FilterClause } from './filter/filter-eval';
import { parseFilter } from './filter/filter-parse';
import type { ParsedFilter } from './filter/filter-terms';
import { memoSelector } from './memo';
import { buildRows, sortRows } from './rows';
import type { AppState } from './store';
import { ERROR_CLASSES, type UrlState } from './url/url-state';

const EMPTY_ROWS = new Int32Array(0);
const EMPTY_CLAUSES: readonly FilterClause[] = [];

export const selectResult = (s: AppState): ParseResult | null => s.result;

export const selectParsedQuery = memoSelector((s: AppState) => [s.view.q] as const, (q): ParsedFilter => parseFilter(q));

/** The chips and toggles of the view, as clauses, in the order the UI shows them. */
export function viewClauses(v: UrlState): FilterClause[] {
  const out: FilterClause[] = [];
  const add = (id: string, label: string, body: FilterClause['body']): void => {
    out.push({ id, label, origin: 'view', body, negated: false });
  };
  if (v.err.length > 0) add('err', `error range ${v.err.join(', ')}`, { kind: 'class', classes: v.err });
  if (v.codes.length > 0) add('code', `code ${v.codes.join(', ')}`, { kind: 'code', ranges: v.codes.map((c) => ({ min: c, max: c })) });
  if (v.cmds.length > 0) add('cmd', `command ${v.cmds.join(', ')}`, { kind: 'cmd', commands: v.cmds });
  if (v.conns.length > 0) add('conn', `connection ${v.conns.join(', ')}`, { kind: 'conn', connections: v.conns });
  if (v.dir !== null) add('dir', `direction ${v.dir}`, { kind: 'dir', dir: v.dir });
  if (v.errorsOnly) add('errors', 'only errors', { kind: 'is', what: 'error' });
  if (v.unansweredOnly) add('unanswered', 'only unanswered', { kind: 'is', what: 'unanswered' });
  if (v.finding !== null) add('finding', `finding ${v.finding}`, { kind: 'finding', finding: v.finding });
  return out;
}

/** Every active clause: the query's valid terms first (in typed order), then the chips. */
export const selectFilterClauses = memoSelector(
  (s: AppState) =>
    [selectParsedQuery(s), s.view.err, s.view.codes, s.view.cmds, s.view.conns, s.view.dir, s.view.errorsOnly,
      s.view.unansweredOnly, s.view.finding] as const,
  (parsed, err, codes, cmds, conns, dir, errorsOnly, unansweredOnly, finding): readonly FilterClause[] => {
    const fromQuery: FilterClause[] = parsed.terms.map((t, i) => ({
      id: `q${i}`, label: t.source, origin: 'query', body: t.body, negated: t.negated,
    }));
    const fromView = viewClauses({ ...VIEW_SHAPE, err, codes, cmds, conns, dir, errorsOnly, unansweredOnly, finding });
    const all = [...fromQuery, ...fromView];
    return all.length === 0 ? EMPTY_CLAUSES : all;
  },
);

// Only the filter fields of this object are read by viewClauses.
const VIEW_SHAPE: UrlState = {
  v: 1, tab: 'timeline', log: null, q: '', err: [], codes: [], cmds: [], conns: [], dir: null, errorsOnly: false,
  unansweredOnly: false, nonProtocol: false, finding: null, sel: null, tconn: null, sort: { column: 'line', desc: false },
  accountSort: { column: 'trouble', desc: false }, accountQuery: '', fmt: null,
};

export const selectFilterActive = (s: AppState): boolean => selectFilterClauses(s).length > 0;

/**
 * Whether something besides the open finding narrows the timeline (a query, a chip, a toggle): the finding's
 * banner then counts the rows that pass both, and clearing the finding does not bring back the whole log.
 */
export const selectFiltersBesideFinding = (s: AppState): boolean => selectFilterClauses(s).some((c) => c.id !== 'finding');

/** All rows before filtering: every event, plus the non-protocol lines when they are shown. */
export const selectBaseRows = memoSelector(
  (s: AppState) => [s.result, s.view.nonProtocol] as const,
  (result, np): Int32Array => (result ? buildRows(result, np) : EMPTY_ROWS),
);

/** The rows the timeline shows, filtered and sorted. */
export const selectFilteredRows = memoSelector(
  (s: AppState) => [s.result, selectBaseRows(s), selectFilterClauses(s), s.view.sort] as const,
  (result, base, clauses, sort): Int32Array => (result ? sortRows(result, filterRows(result, base, clauses), sort) : EMPTY_ROWS),
);

/** For an empty result: the clause whose removal alone brings rows back (null otherwise). */
export const selectEmptyCause = memoSelector(
  (s: AppState) => [s.result, selectBaseRows(s), selectFilterClauses(s), selectFilteredRows(s)] as const,
  (result, base, clauses, rows): FilterClause | null =>
    result && rows.length === 0 ? findEmptyingClause(result, base, clauses) : null,
);

/** Non-protocol lines that a toggle would show (blank lines never count). */
export const selectNonProtocolCount = memoSelector(
  (s: AppState) => [s.result] as const,
  (result): number => {
    if (!result) return 0;
    let n = 0;
    for (const shown of getEventIndex(result).npShown) n += shown;
    return n;
  },
);

export interface Counts {
  readonly events: number;
  readonly errors: number;
  readonly byClass: Readonly<Record<ErrorClass, number>>;
  readonly byCode: ReadonlyMap<number, number>;
  readonly byCommand: ReadonlyMap<string, number>;
}

/** One choice of the connection filter: a connection with events, how many, and whose it is (a server's log). */
export interface ConnectionFacet {
  readonly id: ConnectionId;
  readonly count: number;
  readonly account: string | null;
}

const facetCache = new WeakMap<ParseResult, readonly ConnectionFacet[]>();

/**
 * Every connection with events, in the log's order, read off the index's arrays. A busy server's log has tens of
 * thousands: a map from each id to its count (and another to its account) took ~80 ms of the page's first tasks.
 */
export function connectionFacets(result: ParseResult): readonly ConnectionFacet[] {
  let out = facetCache.get(result);
  if (out !== undefined) return out;
  const { connectionIds, connectionCount } = getEventIndex(result);
  const list: ConnectionFacet[] = [];
  for (let k = 0; k < connectionIds.length; k++) {
    const count = connectionCount[k] ?? 0;
    // The index lists the result's connections first, in their order (event-columns.ts).
    if (count > 0) list.push({ id: connectionIds[k] as ConnectionId, count, account: result.connections[k]?.account ?? null });
  }
  out = list;
  facetCache.set(result, out);
  return out;
}

export interface CountsView {
  /** Counts over the whole log (chips show these, so a chip does not drop to 0 once another is on). */
  readonly whole: Counts;
  /** Counts over the rows currently shown. */
  readonly filtered: Counts;
  /** False when no filter is active (both are the same then). */
  readonly reflectsFilter: boolean;
}

/** Counts the events among `rows` (non-protocol rows are skipped). */
export function countRows(result: ParseResult, rows: Int32Array): Counts {
  const idx = getEventIndex(result);
  const cmd = new Uint32Array(idx.commandNames.length);
  const code = new Uint32Array(1000);
  let events = 0;
  let errors = 0;
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r] ?? -1;
    if (i < 0) continue;
    events++;
    cmd[idx.command[i] ?? 0]!++;
    const c = idx.code[i] ?? -1;
    if (c >= 0) {
      errors++;
      code[c % 1000]!++;
    }
  }
  return { events, errors, ...tally(idx.commandNames, cmd, code) };
}

function tally(commandNames: readonly string[], cmd: Uint32Array, code: Uint32Array): Pick<Counts, 'byClass' | 'byCode' | 'byCommand'> {
  const byClass = Object.fromEntries(ERROR_CLASSES.map((c) => [c, 0])) as Record<ErrorClass, number>;
  const byCode = new Map<number, number>();
  code.forEach((n, c) => {
    if (n === 0) return;
    byCode.set(c, n);
    const cls = ERROR_CLASSES[Math.min(7, Math.max(0, Math.floor(c / 100) - 2))];
    if (cls) byClass[cls] += n;
  });
  const byCommand = new Map<string, number>();
  commandNames.forEach((name, k) => {
    if ((cmd[k] ?? 0) > 0) byCommand.set(name, cmd[k] ?? 0);
  });
  return { byClass, byCode, byCommand };
}

/** Whole-log counts, from the tallies built with the columns (in the worker): no walk over the events here. */
export function wholeCounts(result: ParseResult): Counts {
  const idx = getEventIndex(result);
  let errors = 0;
  for (const n of idx.codeCount) errors += n;
  return { events: idx.count, errors, ...tally(idx.commandNames, idx.commandCount, idx.codeCount) };
}

const selectWholeCounts = memoSelector(
  (s: AppState) => [s.result] as const,
  (result): Counts | null => (result ? wholeCounts(result) : null),
);

export const selectCounts = memoSelector(
  (s: AppState) => [s.result, selectWholeCounts(s), selectFilteredRows(s), selectFilterActive(s)] as const,
  (result, whole, rows, active): CountsView | null => {
    if (!result || !whole) return null;
    return { whole, filtered: active ? countRows(result, rows) : whole, reflectsFilter: active };
  },
);

export const selectSelectedEvent = (s: AppState): LogEvent | null =>
  s.view.sel === null ? null : (s.result?.events[s.view.sel] ?? null);

/**
 * The rows the keyboard walks: the transcript's connection while its tab is shown (its messages in line order,
 * whatever the filters), the timeline's filtered rows as sorted otherwise.
 */
export function selectKeyRows(s: AppState): Int32Array {
  return s.view.tab === 'transcript' ? selectTranscriptRows(s) : selectFilteredRows(s);
}

/**
 * The next (`+1`) or previous (`-1`) error row after the selected event, in the rows the keys walk
 * (selectKeyRows); wraps around. Null when those rows hold no error.
 */
export function findNextError(s: AppState, step: 1 | -1): EventId | null {
  const result = s.result;
  if (!result) return null;
  const rows = selectKeyRows(s);
  const idx = getEventIndex(result);
  const n = rows.length;
  if (n === 0) return null;
  const at = s.view.sel === null ? -1 : rows.indexOf(s.view.sel);
  let start = at < 0 ? (step === 1 ? -1 : n) : at;
  for (let k = 0; k < n; k++) {
    start = (start + step + n) % n;
    const code = rows[start] ?? -1;
    if (code >= 0 && (idx.code[code] ?? -1) >= 0) return toEventId(code);
  }
  return null;
}

/** The events of one connection, in line order (the transcript tab). Follows the first connection by default. */
export const selectTranscriptRows = memoSelector(
  (s: AppState) => [s.result, s.view.tconn] as const,
  (result, tconn): Int32Array => {
    if (!result) return EMPTY_ROWS;
    const target: ConnectionId | undefined = tconn ?? result.connections[0]?.id;
    const idx = getEventIndex(result);
    const k = idx.connectionIds.indexOf(target ?? '');
    if (k < 0) return EMPTY_ROWS;
    let n = 0;
    for (let i = 0; i < idx.count; i++) if (idx.connection[i] === k) n++;
    const out = new Int32Array(n);
    let m = 0;
    for (let i = 0; i < idx.count; i++) if (idx.connection[i] === k) out[m++] = i;
    return out;
  },
);

export { describeStatus, transactionOf, timeSincePrevious, type RowStatus } from './row-status';
export { rowAt, type Row } from './rows';
export { describeError };
