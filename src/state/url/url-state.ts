/**
 * The shareable view: everything a link must carry to show someone the same screen (filters, selection, tab,
 * sort, which log). It is exactly the store's view slice; `url-codec.ts` maps it to and from the hash.
 * Anything not worth sharing (hover, scroll, column widths) lives in the ui slice instead.
 */
import type { ConnectionId, DialectId, Direction, ErrorClass, EventId } from '../../msnp/types';

export const URL_VERSION = 1 as const;

export const TABS = ['timeline', 'transcript', 'findings', 'accounts'] as const;
export type Tab = (typeof TABS)[number];

export const ERROR_CLASSES: readonly ErrorClass[] = ['2xx', '3xx', '4xx', '5xx', '6xx', '7xx', '8xx', '9xx'];

export const SORT_COLUMNS = ['line', 'time', 'connection', 'account', 'command', 'trid', 'latency', 'code'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

export interface SortSpec {
  readonly column: SortColumn;
  readonly desc: boolean;
}

/** How the Accounts tab orders its rows: `trouble` is the summary's own order (failed sign-ins, bursts, errors). */
export const ACCOUNT_SORT_COLUMNS = ['trouble', 'account', 'signIns', 'failed', 'lastSignIn', 'errors', 'bursts', 'connections'] as const;
export type AccountSortColumn = (typeof ACCOUNT_SORT_COLUMNS)[number];

export interface AccountSortSpec {
  readonly column: AccountSortColumn;
  readonly desc: boolean;
}

export interface UrlState {
  readonly v: typeof URL_VERSION;
  readonly tab: Tab;
  /** Short content fingerprint of the log the view was built on (`log=3f9a01c2`). */
  readonly log: string | null;
  /** The filter-language text of the search box. */
  readonly q: string;
  /** Error-range chips, multi-select, in canonical order (2xx … 9xx). */
  readonly err: readonly ErrorClass[];
  /** Exact error codes, ascending. */
  readonly codes: readonly number[];
  /** Commands (verbs), upper case, sorted. */
  readonly cmds: readonly string[];
  /** Connection ids (`NS1`, `SB2`), sorted. */
  readonly conns: readonly ConnectionId[];
  readonly dir: Direction | null;
  readonly errorsOnly: boolean;
  readonly unansweredOnly: boolean;
  /** Show the lines that are not protocol messages (hidden by default). */
  readonly nonProtocol: boolean;
  /** A finding id or kind whose evidence the timeline is narrowed to. */
  readonly finding: string | null;
  /** The selected event. */
  readonly sel: EventId | null;
  /** The connection the transcript tab follows. */
  readonly tconn: ConnectionId | null;
  readonly sort: SortSpec;
  /** The Accounts tab's order. */
  readonly accountSort: AccountSortSpec;
  /** The Accounts tab's search: accounts whose address contains it (any case). */
  readonly accountQuery: string;
  /**
   * The format the log is read as when the user forced one (`fmt=amsn`); null: detected. Part of the view so a
   * link shows the log parsed the way the sender saw it.
   */
  readonly fmt: DialectId | null;
}

export const DEFAULT_SORT: SortSpec = { column: 'line', desc: false };
/** The longest Accounts-tab search a link carries (the search box takes no more). */
export const MAX_ACCOUNT_QUERY_LENGTH = 200;

export const DEFAULT_ACCOUNT_SORT: AccountSortSpec = { column: 'trouble', desc: false };

export const DEFAULT_URL_STATE: UrlState = {
  v: URL_VERSION,
  tab: 'timeline',
  log: null,
  q: '',
  err: [],
  codes: [],
  cmds: [],
  conns: [],
  dir: null,
  errorsOnly: false,
  unansweredOnly: false,
  nonProtocol: false,
  finding: null,
  sel: null,
  tconn: null,
  sort: DEFAULT_SORT,
  accountSort: DEFAULT_ACCOUNT_SORT,
  accountQuery: '',
  fmt: null,
};

/** Why part of a URL was not used. Shown to the user once, in plain words. */
export interface UrlNotice {
  readonly kind: 'url-value' | 'url-version';
  readonly key: string;
  readonly value: string;
  readonly message: string;
}
