/**
 * Shared look-ups for the findings rules: the index of the log's columns (ids by connection and by verb, the lines
 * a rule starts from), error codes, own handle, time text.
 *
 * Rules read the columns (`index.store`) and build a LogEvent (`index.at`) only for the lines a finding prints:
 * on a log of a million events a view per touched line, and its decoded params, was most of the stage's cost.
 * Id-level reads (reply of a command, neighbours on a connection) are in column-reads.ts.
 */
import { DIR_CLIENT, DIR_NONE, DIR_SERVER, MARK_AUTH_USR, MARK_SB_REQUEST, STATUS_CODES, type EventStore } from '../event-store';
import type { EventId, LogEvent, NonProtocolLine } from '../types';
import { sortedUniqueIds } from './column-reads';
import { ParamBytes } from './param-bytes';

const ERROR_VERB = /^\d{3}$/; // `911`, `800`

export interface EventIndex {
  readonly store: EventStore;
  /** The events' params read on the bytes, for tests over many lines. */
  readonly params: ParamBytes;
  /** The event with an id (undefined outside the log): a fresh view over the columns, for the lines a finding prints. */
  readonly at: (id: number) => LogEvent | undefined;
  /** Event ids grouped by connection index, each group in log order: `connIds[connStart[c] .. connStart[c + 1])`. */
  readonly connStart: Int32Array;
  readonly connIds: Int32Array;
  /**
   * Position of an event inside its connection's group: a binary search in that group (a column of positions was
   * 4 bytes per event at the moment the parse's memory peaks; the rules ask for a few positions per finding).
   */
  readonly positionOf: (id: number) => number;
  readonly hasTimes: boolean;
  /** Non-protocol lines in line order (client debug output that can say why something failed). */
  readonly nonProtocol: readonly NonProtocolLine[];
  /**
   * Event ids by command (error lines under their 3-digit code), in log order. Rules that look for a few verbs
   * walk these instead of the whole log: on a million events every full pass costs.
   */
  readonly verbIds: VerbIds;
  /** Ids of the error replies not sent by the client (an error code, direction not 'client'), in log order. */
  readonly serverErrors: Int32Array;
  /** Ids of the commands pairing left unanswered, in log order. */
  readonly unanswered: Int32Array;
  /** Ids of the events whose shown payload byte count differs from the declared one, in log order. */
  readonly shownPayloads: Int32Array;
  /** Ids of the lines that can move a login attempt (see `loginLineIds`), in log order. */
  readonly loginLines: Int32Array;
}

/** Ids by verb, gathered on first request (rules ask for a handful of verbs: no grouping of every event). */
export interface VerbIds {
  get(verb: string): Int32Array | undefined;
}

/** No ids: what a rule walks when the log has none of a verb. */
export const NO_IDS: Int32Array = new Int32Array(0);

/**
 * Verbs the login walk (login.ts) reacts to: the sign-in commands and replies, the switchboard starts that
 * exclude a connection, and OUT/CHL. Every other line leaves an attempt as it is, so the walk skips it.
 */
const LOGIN_LINE_VERBS: ReadonlySet<string> = new Set(['VER', 'INF', 'CVR', 'USR', 'GCF', 'SYN', 'ADL', 'CHG', 'QRY', 'OUT', 'CHL', 'ANS']);
/** The server lines of those verbs that move an attempt (login.ts onServerLine); its other server lines do not. */
const LOGIN_SERVER_VERBS: ReadonlySet<string> = new Set(['GCF', 'CHL', 'OUT']);

/**
 * One pass over the columns gathers the lines the rules start from; two counting sorts group the ids by
 * connection and by verb. No LogEvent is built here.
 */
export function buildEventIndex(store: EventStore, hasTimes: boolean, nonProtocol: readonly NonProtocolLine[] = []): EventIndex {
  const n = store.length;
  const at = (id: number): LogEvent | undefined => (id >= 0 && id < n ? store.view(id) : undefined);
  const serverErrors: number[] = [];
  const unanswered: number[] = [];
  const shownPayloads: number[] = [];
  const unansweredCode = STATUS_CODES.indexOf('unanswered');
  // The store's own columns (views, no copies): this stage runs when the parse's memory peaks.
  const conn = store.connColumn();
  const verb = store.verbColumn();
  const groups = store.connectionIds.length;
  // The same pass counts events per connection (shifted by one, for the counting sort) and per verb.
  const connCounts = new Int32Array(groups + 1);
  const verbCounts = new Int32Array(store.verbs.length);
  const login = new LoginLines(store);
  for (let i = 0; i < n; i++) {
    if (store.codeOf(i) >= 0 && store.dirCode(i) !== DIR_CLIENT) serverErrors.push(i);
    if (store.statusCode(i) === unansweredCode) unanswered.push(i);
    if (store.payloadLengthOff(i)) shownPayloads.push(i);
    const c = (conn[i] ?? 0) + 1;
    connCounts[c] = (connCounts[c] ?? 0) + 1;
    const v = verb[i] ?? 0;
    verbCounts[v] = (verbCounts[v] ?? 0) + 1;
    if (login.verb[v] === 1) login.visit(i, v, c - 1);
  }
  const byConn = countingSort(conn, groups, connCounts);
  const positionOf = (id: number): number => positionIn(byConn.ids, byConn.start, conn[id] ?? 0, id);
  const verbIds = lazyVerbIds(store, verb, verbCounts);
  const params = new ParamBytes(store);
  return {
    store, params, at, connStart: byConn.start, connIds: byConn.ids, positionOf, hasTimes, nonProtocol, verbIds,
    serverErrors: Int32Array.from(serverErrors), unanswered: Int32Array.from(unanswered),
    shownPayloads: Int32Array.from(shownPayloads), loginLines: Int32Array.from(login.ids),
  };
}

/** The client's notification-server USR (`USR 3 TWN I h`), not a switchboard USR (`USR 1 h cookie`). */
export function isAuthUsr(index: EventIndex, i: number): boolean {
  // Marked by the event builder while the line was read (EventStore MARK_AUTH_USR).
  return index.store.hasMark(i, MARK_AUTH_USR);
}

/** The client's request for a switchboard (`XFR t SB`). */
export function isSbRequest(index: EventIndex, i: number): boolean {
  return index.store.hasMark(i, MARK_SB_REQUEST);
}

/**
 * The lines the login walk reacts to, in log order, gathered during buildEventIndex's pass (`visit` for each
 * line whose verb is one of LOGIN_LINE_VERBS). Switchboard traffic is left out here, with the walk's own test
 * (login.ts): everything on a connection after the client's `USR t handle cookie` or `ANS`. So are the server
 * lines that cannot move an attempt and lines without direction.
 */
class LoginLines {
  /** 1 for the verb ids of LOGIN_LINE_VERBS. */
  readonly verb: Uint8Array;
  readonly ids: number[] = [];
  private readonly serverVerb: Uint8Array;
  private readonly sbConn: Uint8Array;
  private readonly usrVerb: number;
  private readonly ansVerb: number;

  constructor(private readonly store: EventStore) {
    this.verb = Uint8Array.from(store.verbs, (v) => (LOGIN_LINE_VERBS.has(v) ? 1 : 0));
    this.serverVerb = Uint8Array.from(store.verbs, (v) => (LOGIN_SERVER_VERBS.has(v) ? 1 : 0));
    this.sbConn = new Uint8Array(store.connectionIds.length);
    this.usrVerb = store.verbs.indexOf('USR');
    this.ansVerb = store.verbs.indexOf('ANS');
  }

  /** Event i, of verb id v (a login verb) on connection c. */
  visit(i: number, v: number, c: number): void {
    if (this.sbConn[c] === 1) return;
    const dir = this.store.dirCode(i);
    if (dir === DIR_CLIENT && (v === this.ansVerb || (v === this.usrVerb && !this.store.hasMark(i, MARK_AUTH_USR)))) {
      this.sbConn[c] = 1;
      return;
    }
    if (dir === DIR_NONE || (dir === DIR_SERVER && this.serverVerb[v] !== 1)) return;
    this.ids.push(i);
  }
}

/**
 * The verbs the rules ask ids of (switchboard.ts, findOwnHandle, protocol.ts, the throttled commands of
 * rate-limit.ts): the first request fills all of them in one scan of the verb column, where a scan per verb
 * walked the million-entry column nine times. Any other verb gets a scan of its own.
 */
const COMMON_VERBS: readonly string[] = ['USR', 'CVR', 'XFR', 'CAL', 'JOI', 'IRO', 'OUT', 'CHG', 'REA'];

/**
 * Ids of each verb in log order, filled the first time a rule asks for that verb (sized from `counts`, taken in
 * buildEventIndex's pass): no id list for the verbs no rule asks about.
 */
function lazyVerbIds(store: EventStore, verb: Uint16Array, counts: Int32Array): VerbIds {
  const found = new Map<string, Int32Array | undefined>();
  return {
    get(name: string): Int32Array | undefined {
      if (!found.has(name)) {
        const wanted = COMMON_VERBS.includes(name) ? COMMON_VERBS : [name];
        for (const [v, ids] of idsOfVerbs(store, verb, counts, wanted)) found.set(v, ids);
      }
      return found.get(name);
    },
  };
}

/** Ids of each of `names` (undefined for a verb the log lacks), filled in one scan of the verb column. */
function idsOfVerbs(store: EventStore, verb: Uint16Array, counts: Int32Array, names: readonly string[]): Map<string, Int32Array | undefined> {
  const out = new Map<string, Int32Array | undefined>();
  const slotOf = new Int32Array(store.verbs.length).fill(-1);
  const lists: Int32Array[] = [];
  let remaining = 0;
  for (const name of names) {
    const v = store.verbs.indexOf(name);
    const count = v >= 0 ? (counts[v] ?? 0) : 0;
    if (count === 0) {
      out.set(name, undefined);
      continue;
    }
    const ids = new Int32Array(count);
    out.set(name, ids);
    slotOf[v] = lists.length;
    lists.push(ids);
    remaining += count;
  }
  const fill = new Int32Array(lists.length);
  for (let i = 0; remaining > 0; i++) {
    const slot = slotOf[verb[i] ?? 0] ?? -1;
    if (slot < 0) continue;
    const at = fill[slot] ?? 0;
    (lists[slot] as Int32Array)[at] = i;
    fill[slot] = at + 1;
    remaining--;
  }
  return out;
}

/**
 * Ids 0..n−1 grouped by key (keys in 0..groups−1), each group in id order. `start` comes in holding the count of
 * key k at k + 1 (counted by the caller's pass) and leaves holding each group's first position.
 */
function countingSort(keys: Int32Array, groups: number, start: Int32Array): { start: Int32Array; ids: Int32Array } {
  const n = keys.length;
  for (let k = 0; k < groups; k++) start[k + 1] = (start[k + 1] ?? 0) + (start[k] ?? 0);
  const fill = start.slice(0, groups);
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = keys[i] ?? 0;
    const at = fill[k] ?? 0;
    ids[at] = i;
    fill[k] = at + 1;
  }
  return { start, ids };
}

/** Where `id` sits in group `group` of a counting sort (its ids are ascending): a binary search. */
function positionIn(ids: Int32Array, start: Int32Array, group: number, id: number): number {
  const first = start[group] ?? 0;
  let lo = first;
  let hi = start[group + 1] ?? first;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ids[mid] ?? 0) < id) lo = mid + 1;
    else hi = mid;
  }
  return lo - first;
}

export function eventAt(index: EventIndex, id: number | undefined): LogEvent | undefined {
  return id === undefined ? undefined : index.at(id);
}

/** The numeric error code of a line (`<<< 911 7` → 911), or null for any other line. */
export function errorCodeOf(ev: LogEvent): number | null {
  if (ev.error !== null) return ev.error.code;
  const c = ev.command;
  // A char test before the regex: this runs for every event of every rule.
  if (c.length !== 3 || c.charCodeAt(0) < 48 || c.charCodeAt(0) > 57) return null;
  return ERROR_VERB.test(c) ? Number(c) : null;
}

/** The catalog's name for an error line, when the pairing stage looked it up. */
export function errorNameOf(ev: LogEvent): string | null {
  return ev.error !== null && ev.error.known ? ev.error.name : null;
}

/** A handle without network prefix or endpoint suffix, lower-cased: `1:Bob@x.com;{guid}` → `bob@x.com`. */
export function normalizeHandle(raw: string): string {
  const semi = raw.indexOf(';');
  let h = semi < 0 ? raw : raw.slice(0, semi);
  // `1:` / `32:` network prefix, tested by char code (this runs per JOI/IRO/CAL line)
  const c0 = h.charCodeAt(0);
  if (c0 >= 48 && c0 <= 57) h = h.replace(/^\d{1,2}:/, '');
  return hasUpperOrNonAscii(h) ? h.toLowerCase() : h;
}

/** toLowerCase is a slow runtime call on strings cut from a two-byte text; most handles are lower-case already. */
function hasUpperOrNonAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c > 127) return true;
  }
  return false;
}

/**
 * The user's own handle, as the log shows it: `USR t TWN I me@x`, `USR t OK me@x …`, a switchboard
 * `USR t me@x cookie`, or the last CVR token. Null when the log never names it (e.g. a redacted address).
 */
export function findOwnHandle(index: EventIndex): string | null {
  // USR and CVR lines merged back into log order; the first that names the user wins (usually within a few).
  const usr = index.verbIds.get('USR') ?? NO_IDS;
  const cvr = index.verbIds.get('CVR') ?? NO_IDS;
  let a = 0;
  let b = 0;
  while (a < usr.length || b < cvr.length) {
    const u = usr[a] ?? Number.MAX_SAFE_INTEGER;
    const c = cvr[b] ?? Number.MAX_SAFE_INTEGER;
    const id = u < c ? u : c;
    if (u < c) a++;
    else b++;
    const h = ownHandleFrom(index, id);
    if (h !== null && h.includes('@')) return normalizeHandle(h);
  }
  return null;
}


function ownHandleFrom(index: EventIndex, i: number): string | null {
  const { store } = index;
  const dir = store.dirCode(i);
  if (store.commandOf(i) !== 'USR') return store.commandOf(i) === 'CVR' && dir === DIR_CLIENT ? lastOf(store.paramsOf(i)) : null;
  if (dir === DIR_CLIENT && isAuthUsr(index, i) && store.paramIs(i, 1, 'I')) return store.paramAt(i, 2) ?? null;
  if (dir === DIR_CLIENT && !isAuthUsr(index, i)) return store.paramAt(i, 0) ?? null;
  if (dir === DIR_SERVER && store.paramIs(i, 0, 'OK')) return store.paramAt(i, 1) ?? null;
  return null;
}

function lastOf(list: readonly string[]): string | null {
  return list.length === 0 ? null : (list[list.length - 1] ?? null);
}

const TWO_DIGITS: readonly string[] = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));

/**
 * `HH:MM:SS` for a time in ms since the log's first midnight (days beyond the first add `+1d`). The two-digit
 * fields come from a table: ten thousand rate-limit bursts each print two or three times.
 */
export function formatTime(ms: number): string {
  const day = Math.floor(ms / 86_400_000);
  const rest = ms - day * 86_400_000;
  const h = Math.floor(rest / 3_600_000);
  const m = Math.floor((rest % 3_600_000) / 60_000);
  const s = Math.floor((rest % 60_000) / 1000);
  const pad = (n: number): string => TWO_DIGITS[n] ?? String(n).padStart(2, '0'); // NaN and the like
  return `${pad(h)}:${pad(m)}:${pad(s)}${day > 0 ? ` (+${day}d)` : ''}`;
}

/** `formatTime(ms)` as pieces pushed onto `out` (constant two-digit strings): no string is built per time. */
export function pushTime(out: (string | number)[], ms: number): void {
  const day = Math.floor(ms / 86_400_000);
  const rest = ms - day * 86_400_000;
  const pad = (n: number): string => TWO_DIGITS[n] ?? String(n).padStart(2, '0');
  out.push(pad(Math.floor(rest / 3_600_000)), ':', pad(Math.floor((rest % 3_600_000) / 60_000)), ':', pad(Math.floor((rest % 60_000) / 1000)));
  if (day > 0) out.push(' (+', day, 'd)');
}

/** A span in words: `45 s`, `3 min 9 s`. */
export function formatSpan(ms: number): string {
  const total = Math.round(ms / 1000);
  if (total < 60) return `${total} s`;
  const m = Math.floor(total / 60);
  const s = total % 60;
  return s === 0 ? `${m} min` : `${m} min ${s} s`;
}

/** `1 unanswered command`, `5 unanswered commands`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Ordinal in words for small counts: 1st, 2nd, 3rd, 9th. */
export function ordinal(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

/** Sorted, de-duplicated evidence ids, in a list sized to its length (a finding's evidence outlives the parse). */
export function evidenceOf(ids: Iterable<EventId>): EventId[] {
  return sortedUniqueIds([...ids]).slice();
}

/**
 * A client debug line between two source lines that says why a connection failed, e.g. libpurple's
 * `(10:01:17) proxy: Connection attempt failed: Expiró la conexión.` or papyon's `Switchboard timed out`.
 */
const FAILURE_TEXT = /time[d ]?\s?out|timeout|expir|connection (attempt )?failed|error connecting|unable to (connect|authenticate)|refused|unreachable/i;

export function failureLineBetween(index: EventIndex, fromLine: number, toLine: number): NonProtocolLine | null {
  for (const l of index.nonProtocol) {
    if (l.line <= fromLine) continue;
    if (l.line >= toLine) break;
    if (l.reason !== 'blank' && FAILURE_TEXT.test(l.text)) return l;
  }
  return null;
}
