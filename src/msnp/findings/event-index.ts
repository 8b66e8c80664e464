/**
 * Shared look-ups for the findings rules: reply of a command, error code of a line, own handle, time text.
 *
 * The pairing stage fills `replies`/`replyTo`; these helpers prefer that, and fall back to "the next server line
 * on the same connection with the same TrId" so a finding still rests on the right lines when pairing had to
 * leave a transaction open (doc transcripts reuse TrIds, e.g. six `CAL 5` in a row in the seed's 713 example).
 */
import { DIR_CLIENT, type EventStore } from '../event-store';
import type { ConnectionId, EventId, LogEvent, NonProtocolLine } from '../types';

const ERROR_VERB = /^\d{3}$/; // `911`, `800`

/** How many later lines on a connection the TrId fallback looks at. */
const FALLBACK_SCAN = 5000;

export interface EventIndex {
  readonly events: readonly LogEvent[];
  /**
   * The event with an id (undefined outside the log). With columns behind the log, a cached view that reads its
   * fields from them (event-store.ts EventView): the rules touch hundreds of thousands of events on big logs.
   */
  readonly at: (id: number) => LogEvent | undefined;
  /** The columns behind the events, when there are (replies are read from them without building lists). */
  readonly store?: EventStore;
  /** Event ids per connection, in log order (with columns behind the log: views into one Int32Array). */
  readonly byConnection: ReadonlyMap<ConnectionId, ArrayLike<EventId>>;
  /** Position of each event inside its connection's list. */
  readonly positionInConnection: ArrayLike<number>;
  readonly hasTimes: boolean;
  /** Non-protocol lines in line order (client debug output that can say why something failed). */
  readonly nonProtocol: readonly NonProtocolLine[];
  /**
   * Event ids by command (error lines under their 3-digit code), in log order. Rules that look for a few verbs
   * walk these (through `eventsOfVerb`) instead of the whole log: on a million events every full pass costs.
   */
  readonly verbIds: ReadonlyMap<string, ArrayLike<EventId>>;
  /** Error replies not sent by the client (`errorCodeOf` non-null, direction not 'client'), in log order. */
  readonly serverErrors: readonly LogEvent[];
  /** Commands pairing left unanswered, in log order. */
  readonly unanswered: readonly LogEvent[];
  /** Events whose shown payload byte count differs from the declared one, in log order. */
  readonly shownPayloads: readonly LogEvent[];
  /** Lines of the verbs that can move a login attempt (LOGIN_LINE_VERBS), in log order. */
  readonly loginLines: readonly LogEvent[];
}

/**
 * Verbs the login walk (login.ts) reacts to: the sign-in commands and replies, the switchboard starts that
 * exclude a connection, and OUT/CHL. Every other line leaves an attempt as it is, so the walk skips it.
 */
const LOGIN_LINE_VERBS: ReadonlySet<string> = new Set(['VER', 'INF', 'CVR', 'USR', 'GCF', 'SYN', 'ADL', 'CHG', 'QRY', 'OUT', 'CHL', 'ANS']);

const NO_EVENTS: readonly LogEvent[] = Object.freeze([]);

/**
 * The events of one command in log order (empty when the log has none). Built on each call and not kept: on a
 * log of a million events the lists of the busy verbs would hold hundreds of thousands of events (and their
 * decoded params) for the whole findings stage; building a list again is cheaper than that memory.
 */
export function eventsOfVerb(index: EventIndex, verb: string): readonly LogEvent[] {
  const ids = index.verbIds.get(verb);
  return ids === undefined ? NO_EVENTS : materialize(index, ids);
}

function materialize(index: EventIndex, ids: ArrayLike<number>): LogEvent[] {
  const out = new Array<LogEvent>(ids.length);
  for (let k = 0; k < ids.length; k++) out[k] = index.at(ids[k] ?? 0) as LogEvent;
  return out;
}

/**
 * One pass over the events gathers what the rules look for. With the columns (`store`), the pass reads typed
 * arrays and builds a LogEvent only for the lines a rule will look at: errors, login lines, unanswered commands.
 */
export function buildEventIndex(
  events: readonly LogEvent[],
  hasTimes: boolean,
  nonProtocol: readonly NonProtocolLine[] = [],
  store?: EventStore,
): EventIndex {
  if (store !== undefined && store.length === events.length) return indexFromStore(store, events, hasTimes, nonProtocol);
  const byConnection = new Map<ConnectionId, EventId[]>();
  const positionInConnection = new Array<number>(events.length).fill(0);
  const verbIds = new Map<string, EventId[]>();
  const serverErrors: LogEvent[] = [];
  const unanswered: LogEvent[] = [];
  const shownPayloads: LogEvent[] = [];
  const loginLines: LogEvent[] = [];
  let lastConn: ConnectionId | null = null;
  let list: EventId[] = [];
  for (const ev of events) {
    const verbList = verbIds.get(ev.command);
    if (verbList === undefined) verbIds.set(ev.command, [ev.id]);
    else verbList.push(ev.id);
    if (ev.direction !== 'client' && errorCodeOf(ev) !== null) serverErrors.push(ev);
    if (ev.status === 'unanswered') unanswered.push(ev);
    const p = ev.payload;
    if (p !== null && p.shownBytes !== null && p.visibility !== 'summary' && p.visibility !== 'hidden' && p.shownBytes !== p.declaredBytes) shownPayloads.push(ev);
    if (LOGIN_LINE_VERBS.has(ev.command)) loginLines.push(ev);
    // Consecutive lines mostly share a connection: skip the map look-up then.
    if (ev.connection !== lastConn) {
      lastConn = ev.connection;
      const known = byConnection.get(ev.connection);
      if (known === undefined) {
        list = [];
        byConnection.set(ev.connection, list);
      } else list = known;
    }
    positionInConnection[ev.id] = list.length;
    list.push(ev.id);
  }
  const at = (id: number): LogEvent | undefined => events[id];
  return { events, at, byConnection, positionInConnection, hasTimes, nonProtocol, verbIds, serverErrors, unanswered, shownPayloads, loginLines };
}

function indexFromStore(store: EventStore, events: readonly LogEvent[], hasTimes: boolean, nonProtocol: readonly NonProtocolLine[]): EventIndex {
  const n = store.length;
  const serverErrors: LogEvent[] = [];
  const unanswered: LogEvent[] = [];
  const shownPayloads: LogEvent[] = [];
  const loginLines: LogEvent[] = [];
  // A fresh view per look-up, none kept: views are two fields, and keeping one per touched event (with its
  // decoded params) was the findings stage's peak memory on big logs. No rule compares events by identity.
  const at = (id: number): LogEvent | undefined => (id >= 0 && id < n ? store.view(id) : undefined);
  // The login walk skips switchboard traffic (login.ts isSwitchboardLine): the same test on the columns here
  // keeps the walk's input small and builds no LogEvent for the tens of thousands of switchboard logins.
  const sbConn = new Uint8Array(store.connectionIds.length);
  const usrVerb = store.verbs.indexOf('USR');
  const ansVerb = store.verbs.indexOf('ANS');
  const loginVerb = store.verbs.map((v) => LOGIN_LINE_VERBS.has(v));
  const switchboardLine = (i: number, v: number, conn: number): boolean => {
    if (sbConn[conn] === 1) return true;
    if (store.dirCode(i) !== DIR_CLIENT || (v !== usrVerb && v !== ansVerb)) return false;
    if (v === usrVerb && AUTH_PACKAGES.has(store.paramsOf(i)[0] ?? '')) return false;
    sbConn[conn] = 1;
    return true;
  };
  for (let i = 0; i < n; i++) {
    const v = store.verbIdOf(i);
    const status = store.statusOf(i);
    const serverError = store.dirCode(i) !== DIR_CLIENT && store.codeOf(i) >= 0;
    const mismatch = store.payloadLengthOff(i);
    const login = loginVerb[v] === true && !switchboardLine(i, v, store.connIndex(i));
    if (serverError || status === 'unanswered' || mismatch || login) {
      const ev = at(i) as LogEvent;
      if (serverError) serverErrors.push(ev);
      if (status === 'unanswered') unanswered.push(ev);
      if (mismatch) shownPayloads.push(ev);
      if (login) loginLines.push(ev);
    }
  }
  // Ids grouped by connection and by verb as two counting sorts into typed arrays: no JS array per connection
  // (a long log has tens of thousands), and positions within a connection fall out of the fill.
  const positionInConnection = new Int32Array(n);
  const byConnection = groupIds(n, store.connectionIds, (i) => store.connIndex(i), positionInConnection);
  const verbIds = groupIds(n, store.verbs, (i) => store.verbIdOf(i), null);
  return { events, at, store, byConnection, positionInConnection, hasTimes, nonProtocol, verbIds, serverErrors, unanswered, shownPayloads, loginLines };
}

/** Ids 0..n−1 grouped by key (a counting sort); each group a view into one Int32Array, in id order. */
function groupIds<K>(n: number, keys: readonly K[], keyOf: (i: number) => number, position: Int32Array | null): Map<K, ArrayLike<EventId>> {
  const start = new Int32Array(keys.length + 1);
  for (let i = 0; i < n; i++) {
    const k = keyOf(i);
    start[k + 1] = (start[k + 1] ?? 0) + 1;
  }
  for (let k = 0; k < keys.length; k++) start[k + 1] = (start[k + 1] ?? 0) + (start[k] ?? 0);
  const fill = start.slice(0, keys.length);
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = keyOf(i);
    const at = fill[k] ?? 0;
    ids[at] = i;
    if (position !== null) position[i] = at - (start[k] ?? 0);
    fill[k] = at + 1;
  }
  const out = new Map<K, ArrayLike<EventId>>();
  keys.forEach((key, k) => {
    const a = start[k] ?? 0;
    const b = start[k + 1] ?? 0;
    if (b > a) out.set(key, ids.subarray(a, b) as unknown as ArrayLike<EventId>);
  });
  return out;
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

/** The first later event on the same connection that passes `test` (no copy of the connection's list). */
export function findLaterOnConnection(index: EventIndex, ev: LogEvent, test: (e: LogEvent) => boolean): LogEvent | undefined {
  const list = index.byConnection.get(ev.connection) ?? [];
  for (let i = (index.positionInConnection[ev.id] ?? list.length) + 1; i < list.length; i++) {
    const later = eventAt(index, list[i] ?? -1);
    if (later !== undefined && test(later)) return later;
  }
  return undefined;
}

/** The next event on the same connection, if any. */
export function nextOnConnection(index: EventIndex, ev: LogEvent): LogEvent | undefined {
  const list = index.byConnection.get(ev.connection) ?? [];
  const pos = index.positionInConnection[ev.id];
  if (pos === undefined) return undefined;
  const next = list[pos + 1];
  return next === undefined ? undefined : eventAt(index, next);
}

/**
 * The first reply to a client command: from pairing when it paired one, else the next server line with the same
 * TrId on that connection before the client reuses the TrId.
 */
export function firstReplyOf(index: EventIndex, cmd: LogEvent): LogEvent | undefined {
  const paired = index.store !== undefined ? index.store.firstReply(cmd.id) : (cmd.replies[0] ?? -1);
  if (paired >= 0) return eventAt(index, paired);
  if (cmd.direction !== 'client' || cmd.trId === null || cmd.trId === 0) return undefined;
  const list = index.byConnection.get(cmd.connection) ?? [];
  const from = (index.positionInConnection[cmd.id] ?? list.length) + 1;
  // Bounded: a reply this far away is not a reply, and huge logs with many open commands stay linear.
  const to = Math.min(list.length, from + FALLBACK_SCAN);
  for (let i = from; i < to; i++) {
    const ev = eventAt(index, list[i] ?? -1);
    if (ev === undefined) continue;
    if (ev.trId !== cmd.trId) continue;
    if (ev.direction === 'client') return undefined; // TrId reused before any answer
    if (ev.direction === 'server') return ev;
  }
  return undefined;
}

/** Every reply to a client command (pairing's list, or the fallback's single line). */
export function repliesOf(index: EventIndex, cmd: LogEvent): readonly LogEvent[] {
  if (cmd.replies.length > 0) {
    return cmd.replies.map((id) => eventAt(index, id)).filter((e): e is LogEvent => e !== undefined);
  }
  const first = firstReplyOf(index, cmd);
  return first === undefined ? [] : [first];
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

const AUTH_PACKAGES = new Set(['MD5', 'TWN', 'SSO']);

/** True for a notification-server USR (`USR 3 TWN I h`), false for a switchboard USR (`USR 1 h cookie`). */
export function isAuthUsr(ev: LogEvent): boolean {
  return ev.command === 'USR' && AUTH_PACKAGES.has(ev.params[0] ?? '');
}

/**
 * The user's own handle, as the log shows it: `USR t TWN I me@x`, `USR t OK me@x …`, a switchboard
 * `USR t me@x cookie`, or the last CVR token. Null when the log never names it (e.g. a redacted address).
 */
export function findOwnHandle(index: EventIndex): string | null {
  // USR and CVR lines merged back into log order; the first that names the user wins (usually within a few).
  const usr = index.verbIds.get('USR') ?? [];
  const cvr = index.verbIds.get('CVR') ?? [];
  let a = 0;
  let b = 0;
  while (a < usr.length || b < cvr.length) {
    const u = usr[a] ?? Number.MAX_SAFE_INTEGER;
    const c = cvr[b] ?? Number.MAX_SAFE_INTEGER;
    const id = u < c ? u : c;
    if (u < c) a++;
    else b++;
    const ev = eventAt(index, id);
    const h = ev === undefined ? null : ownHandleFrom(ev);
    if (h !== null && h.includes('@')) return normalizeHandle(h);
  }
  return null;
}

function ownHandleFrom(ev: LogEvent): string | null {
  if (ev.command !== 'USR') return ev.command === 'CVR' && ev.direction === 'client' ? lastOf(ev.params) : null;
  if (ev.direction === 'client' && isAuthUsr(ev) && ev.params[1] === 'I') return ev.params[2] ?? null;
  if (ev.direction === 'client' && !isAuthUsr(ev)) return ev.params[0] ?? null;
  if (ev.direction === 'server' && ev.params[0] === 'OK') return ev.params[1] ?? null;
  return null;
}

function lastOf(list: readonly string[]): string | null {
  return list.length === 0 ? null : (list[list.length - 1] ?? null);
}

/** `HH:MM:SS` for a time in ms since the log's first midnight (days beyond the first add `+1d`). */
export function formatTime(ms: number): string {
  const day = Math.floor(ms / 86_400_000);
  const rest = ms - day * 86_400_000;
  const h = Math.floor(rest / 3_600_000);
  const m = Math.floor((rest % 3_600_000) / 60_000);
  const s = Math.floor((rest % 60_000) / 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}${day > 0 ? ` (+${day}d)` : ''}`;
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

/** Sorted, de-duplicated evidence ids. */
export function evidenceOf(ids: Iterable<EventId>): EventId[] {
  return [...new Set(ids)].sort((a, b) => a - b);
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
