/**
 * Shared look-ups for the findings rules: the index of the log's columns (ids by connection and by verb, the lines
 * a rule starts from), error codes, own handle, time text.
 *
 * Rules read the columns (`index.store`) and build a LogEvent (`index.at`) only for the lines a finding prints:
 * on a log of a million events a view per touched line, and its decoded params, was most of the stage's cost.
 * Id-level reads (reply of a command, neighbours on a connection) are in column-reads.ts.
 */
import { DIR_CLIENT, DIR_NONE, DIR_SERVER, MARK_AUTH_USR, MARK_SB_REQUEST, STATUS_CODES, type EventStore } from '../event-store';
import type { Connection, EventId, LogEvent, NonProtocolLine } from '../types';
import { sortedUniqueIds } from './column-reads';
import { COMMON_VERBS, lazyVerbIds, nextLinks, prevLinks, verbLists, type VerbIds } from './event-groups';
import { IntColumn } from '../int-column';
import { ParamBytes } from './param-bytes';
import { sessionIndexOf, sessionLastEvent, sessionStartEvents } from '../sessions';

const ERROR_VERB = /^\d{3}$/; // `911`, `800`

export interface EventIndex {
  readonly store: EventStore;
  /** The events' params read on the bytes, for tests over many lines. */
  readonly params: ParamBytes;
  /** The event with an id (undefined outside the log): a fresh view over the columns, for the lines a finding prints. */
  readonly at: (id: number) => LogEvent | undefined;
  /**
   * The next event on the same connection of each event (−1: the connection's last): connections are walked
   * forwards along it. The previous one is `prevOnConnectionId` (column-reads.ts).
   */
  readonly nextOnConn: Int32Array;
  /** The previous event on the same connection of each event, built on first request (few rules walk back). */
  readonly prevOnConn: () => Int32Array;
  /**
   * Lines the TrId fallbacks (firstReplyId, commandOfReplyId) may still read over the whole log before they look
   * only close by: a few per event, so a log made of unanswered commands or orphan replies stays linear.
   */
  readonly scanBudget: { left: number };
  /** The connection index of each event (the store's column). */
  readonly conn: Int32Array;
  readonly hasTimes: boolean;
  /** Non-protocol lines in line order (client debug output that can say why something failed). */
  readonly nonProtocol: readonly NonProtocolLine[];
  /**
   * Event ids by command (error lines under their 3-digit code), in log order. Rules that look for a few verbs
   * walk these instead of the whole log: on a million events every full pass costs.
   */
  readonly verbIds: VerbIds;
  /**
   * Per connection index, the id of its first client event (−1: none): a reply on a connection where the client
   * has not spoken yet answers no command in the log, which the TrId fallbacks then need not look for.
   */
  readonly firstClient: Int32Array;
  /** Per connection index, the id of its first event (−1: none): whether an event opens its connection, at no scan. */
  readonly firstOnConn: Int32Array;
  /**
   * Per connection index, the id of its last server event (−1: none): a command after it gets no reply in the
   * log, which the forward TrId fallback then need not look for (a log of client lines only: half a million CALs
   * each read thousands of lines ahead for nothing).
   */
  readonly lastServer: Int32Array;
  /** Ids of the error replies not sent by the client (an error code, direction not 'client'), in log order. */
  readonly serverErrors: Int32Array;
  /** Ids of the commands pairing left unanswered, in log order. */
  readonly unanswered: Int32Array;
  /** Ids of the events whose shown payload byte count differs from the declared one, in log order. */
  readonly shownPayloads: Int32Array;
  /** Ids of the lines that can move a login attempt (see `loginLineIds`), in log order. */
  readonly loginLines: Int32Array;
  /**
   * The first event of each session after the first, ascending (empty: the file is one log). A file holding two
   * logs (a block of another dialect) is two sessions: no sign-in, retry loop or own handle links across them.
   */
  readonly sessionStarts: Int32Array;
}


/** The fallback scans' budget (EventIndex.scanBudget): this many lines, and this many more per event. */
const SCAN_BUDGET_BASE = 1_000_000;
const SCAN_BUDGET_PER_EVENT = 8;

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
 * One pass over the columns gathers the lines the rules start from; a second one, backwards, links each event to
 * the next on its connection and lists the ids of the common verbs. No LogEvent is built here.
 */
export function buildEventIndex(
  store: EventStore, hasTimes: boolean, nonProtocol: readonly NonProtocolLine[] = [], connections: readonly Connection[] = [], sessionStartLines: readonly number[] = [],
): EventIndex {
  const n = store.length;
  const at = (id: number): LogEvent | undefined => (id >= 0 && id < n ? store.view(id) : undefined);
  // The store's own columns (views, no copies): this stage runs when the parse's memory peaks.
  const conn = store.connColumn();
  const verb = store.verbColumn();
  const groups = store.connectionIds.length;
  const pass = firstPass(store, conn, verb, connections);
  // The common verbs' id lists are filled in the linking pass (a pass of its own walked the column again).
  const common = verbLists(store, pass.verbCounts, COMMON_VERBS);
  const nextOnConn = nextLinks(conn, groups, verb, common);
  let prev: Int32Array | null = null;
  const prevOnConn = (): Int32Array => (prev ??= prevLinks(conn, groups));
  const verbIds = lazyVerbIds(store, verb, pass.verbCounts, common.byName);
  const params = new ParamBytes(store);
  return {
    store, params, at, nextOnConn, prevOnConn, scanBudget: { left: SCAN_BUDGET_BASE + SCAN_BUDGET_PER_EVENT * n }, conn, hasTimes, nonProtocol, verbIds,
    serverErrors: pass.serverErrors.view(), unanswered: pass.unanswered.view(),
    shownPayloads: pass.shownPayloads.view(), loginLines: Int32Array.from(pass.login.ids), firstClient: pass.firstClient,
    lastServer: pass.lastServer, firstOnConn: pass.firstOnConn, sessionStarts: sessionStartLines.length === 0 ? NO_IDS : Int32Array.from(sessionStartEvents(store, sessionStartLines)),
  };
}

/** The session (0-based) event `id` is in: how many session starts come at or before it. */
export function sessionOf(index: EventIndex, id: number): number {
  return sessionIndexOf(index.sessionStarts, id);
}

/** The last event of the session event `id` is in: the file's last event unless another log follows it. */
export function sessionEndOf(index: EventIndex, id: number): number {
  return sessionLastEvent(index.sessionStarts, id, index.store.length - 1);
}

/** The line of the first event of the log after event `id`'s (+∞: no log follows it in the file). */
export function nextSessionLine(index: EventIndex, id: number): number {
  const starts = index.sessionStarts;
  if (starts.length === 0) return Number.POSITIVE_INFINITY;
  const s = sessionOf(index, id);
  return s < starts.length ? index.store.lineOf(starts[s] ?? 0) : Number.POSITIVE_INFINITY;
}

/** What buildEventIndex's pass over every event gathers. */
interface FirstPass {
  // Typed lists: a log of a million orphan replies or unanswered commands lists every event here, and a number
  // array of that size (8 bytes an id, grown by copies) cost a tenth of a second in fresh memory alone.
  readonly serverErrors: IntColumn;
  readonly unanswered: IntColumn;
  readonly shownPayloads: IntColumn;
  /** Per connection index, its first client event (−1: none). */
  readonly firstClient: Int32Array;
  /** Per connection index, its last server event (−1: none). */
  readonly lastServer: Int32Array;
  /** Per connection index, its first event (−1: none). */
  readonly firstOnConn: Int32Array;
  /** Events per verb id. */
  readonly verbCounts: Int32Array;
  readonly login: LoginLines;
}

/**
 * The one pass over every event, in a function of its own: on a fresh run the loop is optimised while it runs,
 * and code after it in the same function, never run yet, sent it back to the interpreter when the loop ended.
 */
function firstPass(store: EventStore, conn: Int32Array, verb: Uint16Array, connections: readonly Connection[]): FirstPass {
  const out: FirstPass = {
    serverErrors: new IntColumn(0), unanswered: new IntColumn(0), shownPayloads: new IntColumn(0),
    firstClient: new Int32Array(store.connectionIds.length).fill(-1),
    lastServer: new Int32Array(store.connectionIds.length).fill(-1),
    firstOnConn: new Int32Array(store.connectionIds.length).fill(-1),
    verbCounts: new Int32Array(store.verbs.length), login: new LoginLines(store, connections),
  };
  const { serverErrors, unanswered, shownPayloads, firstClient, lastServer, firstOnConn, verbCounts, login } = out;
  const unansweredCode = STATUS_CODES.indexOf('unanswered');
  for (let i = 0; i < conn.length; i++) {
    const dir = store.dirCode(i);
    const c = conn[i] ?? 0;
    if ((firstOnConn[c] ?? 0) < 0) firstOnConn[c] = i;
    if (dir === DIR_CLIENT) {
      if ((firstClient[c] ?? 0) < 0) firstClient[c] = i;
    } else {
      if (dir === DIR_SERVER) lastServer[c] = i;
      if (store.codeOf(i) >= 0) serverErrors.push(i);
    }
    if (store.statusCode(i) === unansweredCode) unanswered.push(i);
    if (store.payloadLengthOff(i)) shownPayloads.push(i);
    const v = verb[i] ?? 0;
    verbCounts[v] = (verbCounts[v] ?? 0) + 1;
    if (login.verb[v] === 1) login.visit(i, v, c);
  }
  return out;
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

  constructor(private readonly store: EventStore, connections: readonly Connection[]) {
    this.verb = Uint8Array.from(store.verbs, (v) => (LOGIN_LINE_VERBS.has(v) ? 1 : 0));
    this.serverVerb = Uint8Array.from(store.verbs, (v) => (LOGIN_SERVER_VERBS.has(v) ? 1 : 0));
    this.sbConn = new Uint8Array(store.connectionIds.length);
    // A connection already known to be a switchboard (the log names it one, or a note names its session) carries
    // no sign-in, even where its USR/ANS is not in the log: its lone OUT is not a login that gave up before VER.
    connections.forEach((c, k) => {
      if (c.kind === 'SB' && k < this.sbConn.length) this.sbConn[k] = 1;
    });
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

/** The user's own handle at an event: the handle of the session (the log of the file) it is in, null if unknown. */
export interface OwnHandles {
  of(id: number): string | null;
}

/**
 * The user's own handle, as each log of the file shows it: `USR t TWN I me@x`, `USR t OK me@x …`, a switchboard
 * `USR t me@x cookie`, or the last CVR token. Null when a log never names it (e.g. a redacted address). A file
 * holding two logs (index.sessionStarts) may hold two users: each log's own handle is the first its lines name.
 */
export function findOwnHandle(index: EventIndex): OwnHandles {
  const starts = index.sessionStarts;
  const handles = new Array<string | null>(starts.length + 1).fill(null);
  // USR and CVR lines merged back into log order; the first that names the user wins (usually within a few).
  const usr = index.verbIds.get('USR') ?? NO_IDS;
  const cvr = index.verbIds.get('CVR') ?? NO_IDS;
  let a = 0;
  let b = 0;
  let session = 0;
  while (a < usr.length || b < cvr.length) {
    const u = usr[a] ?? Number.MAX_SAFE_INTEGER;
    const c = cvr[b] ?? Number.MAX_SAFE_INTEGER;
    const id = u < c ? u : c;
    if (u < c) a++;
    else b++;
    while (session < starts.length && (starts[session] ?? 0) <= id) session++;
    if (handles[session] !== null) continue;
    const h = ownHandleFrom(index, id);
    if (h === null || !h.includes('@')) continue;
    handles[session] = normalizeHandle(h);
    // One log (the usual file): its handle is found, nothing later can change it.
    if (session === starts.length) break;
  }
  const only = handles[0] ?? null;
  return starts.length === 0 ? { of: () => only } : { of: (id) => handles[sessionOf(index, id)] ?? null };
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
 * `n` in two digits from the table, looked up by a small-integer index (a time past the 12th day of a log is a
 * double, and so are the fields cut from it: indexing the table with one took the slow path); NaN and the like
 * are printed as they are.
 */
function pad2(n: number): string {
  const k = n | 0;
  return k === n ? (TWO_DIGITS[k] ?? String(n).padStart(2, '0')) : String(n).padStart(2, '0');
}

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
  return `${pad2(h)}:${pad2(m)}:${pad2(s)}${day > 0 ? ` (+${day}d)` : ''}`;
}

/** `formatTime(ms)` as pieces pushed onto `out` (constant two-digit strings): no string is built per time. */
export function pushTime(out: (string | number)[], ms: number): void {
  const day = Math.floor(ms / 86_400_000);
  const rest = ms - day * 86_400_000;
  out.push(pad2(Math.floor(rest / 3_600_000)), ':', pad2(Math.floor((rest % 3_600_000) / 60_000)), ':', pad2(Math.floor((rest % 60_000) / 1000)));
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
export { plural } from '../format-count';

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
