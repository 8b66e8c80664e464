/**
 * The view state ⇄ URL fragment. Format: search params inside the hash, after a tab path:
 * `#/timeline?v=1&log=3f9a01c2&q=cmd%3ACAL&err=7xx,8xx&sel=42`.
 *
 * `parseUrlState` never throws: every value is checked against a whitelist, a bad value falls back to its
 * default and yields a notice; keys it does not know are handed back in `extra` (the share flow adds its own).
 * `serializeUrlState` leaves defaults out and writes keys in a fixed order, so equal views give equal URLs
 * and the sync hook can compare strings.
 */
import type { ConnectionId, DialectId, Direction, ErrorClass, EventId } from '../../msnp/types';
import { isDialectId } from '../../msnp/dialect-ids';
import { toConnectionId, toEventId } from '../../msnp/types';
import { isFingerprint } from '../../worker/client';
import {
  ACCOUNT_SORT_COLUMNS,
  DEFAULT_URL_STATE,
  MAX_ACCOUNT_QUERY_LENGTH,
  ERROR_CLASSES,
  SORT_COLUMNS,
  TABS,
  URL_VERSION,
  type AccountSortSpec,
  type SortSpec,
  type Tab,
  type UrlNotice,
  type UrlState,
} from './url-state';
import { upgradeUrlParams } from './url-upgraders';

export interface ParsedUrl {
  readonly state: UrlState;
  readonly notices: readonly UrlNotice[];
  /** Keys this codec does not own, kept for other features (e.g. an embedded report). */
  readonly extra: Readonly<Record<string, string>>;
}

/** Query keys in the order they are written. */
const KEY_ORDER = [
  'v', 'log', 'fmt', 'q', 'err', 'code', 'cmd', 'conn', 'dir', 'errors', 'unanswered', 'np', 'finding', 'sel', 'tc', 'sort', 'asort', 'aq',
] as const;
type Key = (typeof KEY_ORDER)[number];
const KNOWN_KEYS: ReadonlySet<string> = new Set<string>(KEY_ORDER);

const MAX_QUERY_LENGTH = 2000;
// `SB2`, `NS1`, `DS1`, or a log's own name such as `sock7`: letters, digits, `_ - . :`.
const CONNECTION_RE = /^[A-Za-z0-9_.:-]{1,40}$/;
/** The connection filter also takes an account (a server's log): `alice@example.com`. */
const CONNECTION_OR_ACCOUNT_RE = /^[A-Za-z0-9_.:+@-]{1,128}$/;
// A verb as written in logs: `CAL`, `USR`, `911`, unknown verbs such as `UUN`.
const COMMAND_RE = /^[A-Z0-9]{2,5}$/;
// A finding id (`rate-limit-1`) or kind (`login-failed`).
const FINDING_RE = /^[A-Za-z0-9_.:-]{1,64}$/;

// ---- parse ----

type Notices = UrlNotice[];

function bad(notices: Notices, key: string, value: string, message: string): void {
  notices.push({ kind: 'url-value', key, value, message });
}

function splitHash(hash: string): { path: string; query: string } {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  const q = h.indexOf('?');
  return q < 0 ? { path: h, query: '' } : { path: h.slice(0, q), query: h.slice(q + 1) };
}

function parseTab(path: string, notices: Notices): Tab {
  const name = path.replace(/^\/+/, '').replace(/\/+$/, '');
  if (name === '') return DEFAULT_URL_STATE.tab;
  const tab = TABS.find((t) => t === name);
  if (tab) return tab;
  bad(notices, 'tab', name, `There is no “${name}” view; showing the timeline.`);
  return DEFAULT_URL_STATE.tab;
}

function parseVersion(params: URLSearchParams, notices: Notices): void {
  const raw = params.get('v');
  if (raw === null) return; // links without a version are read as the current one
  const n = /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
  if (Number.isNaN(n) || n < 1) {
    notices.push({ kind: 'url-version', key: 'v', value: raw, message: `Unknown link version “${raw}”; read as v${URL_VERSION}.` });
  } else if (n > URL_VERSION) {
    notices.push({
      kind: 'url-version', key: 'v', value: raw,
      message: `This link was made by a newer version (v${n}); only the parts this version understands are used.`,
    });
  } else if (n < URL_VERSION) {
    const missing = upgradeUrlParams(params, n);
    if (missing.length > 0) {
      notices.push({ kind: 'url-version', key: 'v', value: raw, message: `Link version v${n} could not be fully upgraded.` });
    }
  }
}

function parseList<T>(
  params: URLSearchParams, key: Key, notices: Notices, read: (item: string) => T | null, what: string,
): T[] {
  const raw = params.get(key);
  if (raw === null || raw === '') return [];
  const out: T[] = [];
  for (const item of raw.split(',')) {
    const v = read(item.trim());
    if (v === null) bad(notices, key, item, `Ignored “${item}”: not ${what}.`);
    else if (!out.includes(v)) out.push(v);
  }
  return out;
}

function readErrorClass(s: string): ErrorClass | null {
  return ERROR_CLASSES.find((c) => c === s.toLowerCase()) ?? null;
}

function readCode(s: string): number | null {
  return /^[2-9]\d\d$/.test(s) ? Number(s) : null;
}

function readCommand(s: string): string | null {
  const u = s.toUpperCase();
  return COMMAND_RE.test(u) ? u : null;
}

function readConnection(s: string): ConnectionId | null {
  return CONNECTION_RE.test(s) ? toConnectionId(s) : null;
}

function readConnectionOrAccount(s: string): ConnectionId | null {
  return CONNECTION_OR_ACCOUNT_RE.test(s) ? toConnectionId(s) : null;
}

function parseFlag(params: URLSearchParams, key: Key, notices: Notices): boolean {
  const raw = params.get(key);
  if (raw === null || raw === '0') return false;
  if (raw === '1') return true;
  bad(notices, key, raw, `Ignored ${key}=${raw}: expected 1 or 0.`);
  return false;
}

function parseOne<T>(
  params: URLSearchParams, key: Key, notices: Notices, read: (s: string) => T | null, what: string, dflt: T,
): T {
  const raw = params.get(key);
  if (raw === null || raw === '') return dflt;
  const v = read(raw);
  if (v !== null) return v;
  bad(notices, key, raw, `Ignored ${key}=${raw}: not ${what}.`);
  return dflt;
}

function readDirection(s: string): Direction | null {
  return s === 'client' || s === 'server' ? s : null;
}

function readEventId(s: string): EventId | null {
  return /^\d{1,9}$/.test(s) ? toEventId(Number(s)) : null;
}

/** A reader of `column` or `-column` (descending) for one of `columns`. */
function sortReader<C extends string>(columns: readonly C[]): (s: string) => { column: C; desc: boolean } | null {
  return (s) => {
    const desc = s.startsWith('-');
    const name = desc ? s.slice(1) : s;
    const column = columns.find((c) => c === name);
    return column === undefined ? null : { column, desc };
  };
}
const readSort: (s: string) => SortSpec | null = sortReader(SORT_COLUMNS);
const readAccountSort: (s: string) => AccountSortSpec | null = sortReader(ACCOUNT_SORT_COLUMNS);

function readAccountQuery(s: string): string | null {
  return s.length <= MAX_ACCOUNT_QUERY_LENGTH ? s : null;
}

function readQuery(s: string): string | null {
  return s.length <= MAX_QUERY_LENGTH ? s : null;
}

/** A forced format this version does not know is not a reason to refuse the link: the log is detected instead. */
function parseFormat(params: URLSearchParams, notices: Notices): DialectId | null {
  const raw = params.get('fmt');
  if (raw === null || raw === '') return null;
  if (isDialectId(raw)) return raw;
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  bad(notices, 'fmt', raw, `The link asks to read the log as “${shown}”, a format this version does not know; the format is detected instead.`);
  return null;
}

/** Reads a location hash (with or without `#`) into a view state. Never throws. */
export function parseUrlState(hash: string): ParsedUrl {
  const notices: Notices = [];
  const { path, query } = splitHash(hash);
  const tab = parseTab(path, notices);
  const params = new URLSearchParams(query);
  parseVersion(params, notices);
  const state: UrlState = {
    v: URL_VERSION,
    tab,
    log: parseOne(params, 'log', notices, (s) => (isFingerprint(s) ? s : null), 'a log fingerprint', null),
    fmt: parseFormat(params, notices),
    q: parseOne(params, 'q', notices, readQuery, `a filter of at most ${MAX_QUERY_LENGTH} characters`, ''),
    err: sortClasses(parseList(params, 'err', notices, readErrorClass, 'an error range such as 8xx')),
    codes: parseList(params, 'code', notices, readCode, 'a 3-digit error code').sort((a, b) => a - b),
    cmds: parseList(params, 'cmd', notices, readCommand, 'a command such as CAL').sort(),
    conns: parseList(params, 'conn', notices, readConnectionOrAccount, 'a connection such as SB2, or an account').sort(),
    dir: parseOne(params, 'dir', notices, readDirection, 'client or server', null),
    errorsOnly: parseFlag(params, 'errors', notices),
    unansweredOnly: parseFlag(params, 'unanswered', notices),
    nonProtocol: parseFlag(params, 'np', notices),
    finding: parseOne(params, 'finding', notices, (s) => (FINDING_RE.test(s) ? s : null), 'a finding', null),
    sel: parseOne(params, 'sel', notices, readEventId, 'an event number', null),
    tconn: parseOne(params, 'tc', notices, readConnection, 'a connection such as SB2', null),
    sort: parseOne(params, 'sort', notices, readSort, `a column (${SORT_COLUMNS.join(', ')})`, DEFAULT_URL_STATE.sort),
    accountSort: parseOne(params, 'asort', notices, readAccountSort, `an Accounts column (${ACCOUNT_SORT_COLUMNS.join(', ')})`, DEFAULT_URL_STATE.accountSort),
    accountQuery: parseOne(params, 'aq', notices, readAccountQuery, `a search of at most ${MAX_ACCOUNT_QUERY_LENGTH} characters`, ''),
  };
  return { state, notices, extra: collectExtra(params) };
}

function collectExtra(params: URLSearchParams): Record<string, string> {
  const extra: Record<string, string> = {};
  for (const [k, v] of params) if (!KNOWN_KEYS.has(k)) extra[k] = v;
  return extra;
}

function sortClasses(list: readonly ErrorClass[]): ErrorClass[] {
  return ERROR_CLASSES.filter((c) => list.includes(c));
}

// ---- serialize ----

function valuesOf(s: UrlState): Record<Key, string | null> {
  const d = DEFAULT_URL_STATE;
  const list = (xs: readonly (string | number)[]): string | null => (xs.length > 0 ? xs.join(',') : null);
  const flag = (b: boolean): string | null => (b ? '1' : null);
  const sortDefault = s.sort.column === d.sort.column && s.sort.desc === d.sort.desc;
  const accountSortDefault = s.accountSort.column === d.accountSort.column && s.accountSort.desc === d.accountSort.desc;
  return {
    v: String(URL_VERSION),
    log: s.log,
    fmt: s.fmt,
    q: s.q === '' ? null : s.q,
    err: list(sortClasses(s.err)),
    code: list([...s.codes].sort((a, b) => a - b)),
    cmd: list([...s.cmds].sort()),
    conn: list([...s.conns].sort()),
    dir: s.dir,
    errors: flag(s.errorsOnly),
    unanswered: flag(s.unansweredOnly),
    np: flag(s.nonProtocol),
    finding: s.finding,
    sel: s.sel === null ? null : String(s.sel),
    tc: s.tconn,
    sort: sortDefault ? null : `${s.sort.desc ? '-' : ''}${s.sort.column}`,
    asort: accountSortDefault ? null : `${s.accountSort.desc ? '-' : ''}${s.accountSort.column}`,
    aq: s.accountQuery === '' ? null : s.accountQuery,
  };
}

/** True when nothing differs from the defaults (such a view is written as an empty hash). */
export function isDefaultUrlState(s: UrlState): boolean {
  return serializeUrlState(s) === '';
}

/**
 * Writes a view state as a hash (`#/timeline?v=1&q=…`), defaults left out, keys in a fixed order, then any
 * `extra` keys sorted by name. A view equal to the defaults (and no extra) gives ''.
 */
export function serializeUrlState(s: UrlState, extra: Readonly<Record<string, string>> = {}): string {
  const values = valuesOf(s);
  const params = new URLSearchParams();
  for (const k of KEY_ORDER) {
    const v = values[k];
    if (v !== null) params.set(k, v);
  }
  for (const k of Object.keys(extra).sort()) {
    const v = extra[k];
    if (v !== undefined && !KNOWN_KEYS.has(k)) params.set(k, v);
  }
  const onlyVersion = params.size === 1 && s.tab === DEFAULT_URL_STATE.tab;
  if (onlyVersion) return '';
  // Commas and colons (`cmd:CAL`) read better unescaped and are safe inside a fragment.
  return `#/${s.tab}?${params.toString().replace(/%2C/g, ',').replace(/%3A/g, ':')}`;
}
