/**
 * Explain an error reply in context: what the code means in general, and what it means *here*, given the
 * command it answers, the kind of connection it arrived on and the protocol version VER negotiated.
 *
 * Pure and on demand (the UI calls it for the selected event, the CLI for every error); the per-code rules
 * live in explain-rules.ts.
 */
import { describeError, lookupError } from './error-codes';
import { DIR_SERVER, storeOf, type EventStore } from './event-store';
import { catalogFallback, specificRule, type CommandRef, type ExplainContext, type KeptOpen } from './explain-rules';
import { sessionLastEvent } from './sessions';
import { toEventId, type Connection, type ConnectionId, type ConnectionKind, type ErrorClass, type EventId, type LogEvent, type ParseResult } from './types';

export interface Explanation {
  readonly code: number;
  readonly name: string;
  readonly title: string;
  readonly class: ErrorClass;
  readonly known: boolean;
  /** What the code means in general. */
  readonly meaning: string;
  /** What it means against the command it answers, the connection and the negotiated version. */
  readonly inContext: string;
  /**
   * Whether a rule for this code and command wrote `inContext`. When false it is the catalog's fallback ("<title>
   * in answer to …"), and the general `meaning` carries the explanation.
   */
  readonly fromRule: boolean;
  readonly advice: string;
  /** True when the server hangs up after this error: always for the code, or its connection falls silent while the log goes on. */
  readonly closesConnection: boolean;
  readonly versionNote?: string;
  /** The command the error answers, when the log shows it. */
  readonly answers: EventId | null;
}

/**
 * What explaining reads of a result. `sessionStarts` (ParseResult.sessionStarts, or the findings' own index of
 * them): where a file holding two logs changes from one to the other, so an error on the last line of the first
 * log is the end of that log. Absent on a list of events put together by hand: one log.
 */
type ResultView = Pick<ParseResult, 'events' | 'connections'> & { readonly sessionStarts?: ArrayLike<number> };

const ONE_LOG: ArrayLike<number> = [];

/** The explanation of an error event, or null when the event is not an error reply. */
export function explainEvent(result: ResultView, id: EventId): Explanation | null {
  const store = storeOf(result.events);
  // With a store, the error and its command are read from the columns: the CLI explains every error of a huge
  // log, and building a LogEvent (decoded line, params, payload, replies) for each cost most of that time.
  const error = store === undefined ? errorOfEvent(result, id) : errorOfStore(result, store, id);
  return error === null ? null : explainError(result, error);
}

/** What explaining reads of an error line. */
interface ErrorLine {
  readonly id: EventId;
  readonly code: number;
  readonly known: boolean;
  readonly trId: number | null;
  readonly connection: ConnectionId;
  /** Its connection, when the result lists it. */
  readonly conn: Connection | null;
  readonly answers: EventId | null;
  readonly command: CommandRef | null;
}

function explainError(result: ResultView, error: ErrorLine): Explanation {
  const info = describeError(error.code);
  const conn = error.conn;
  // Only codes after which servers hang up need the look-ahead (it can walk a long interleaved connection).
  const keptOpen = info.closesConnection === 'no' ? null : nextServerLine(result.events, error, conn);
  const closedAfter = info.closesConnection !== 'no' && conn !== null && keptOpen === null;
  // Silence after the last line of the error's log shows nothing: only traffic after it elsewhere in the same log
  // makes the silence a hang-up (a second log further down the file is someone else's evening, not more of this one).
  const logEnds = error.id >= sessionLastEvent(result.sessionStarts ?? ONE_LOG, error.id, result.events.length - 1);
  const ctx: ExplainContext = {
    trId: error.trId, connection: error.connection, command: error.command, info, closedAfter, keptOpen, logEnds,
    connectionKind: conn?.kind ?? 'unknown' satisfies ConnectionKind,
    version: negotiatedVersion(result, error, conn),
    events: result.events,
  };
  const specific = specificRule(ctx);
  const fromRule = specific !== null;
  const rule = specific ?? catalogFallback(ctx);
  // Even after a code the server always hangs up on, a later server line on the connection shows it did not here.
  const closes = info.closesConnection === 'always' ? keptOpen === null : info.closesConnection === 'sometimes' && closedAfter && !logEnds;
  const note = rule.versionNote ?? info.versionNote;
  // Two literals rather than `{ ...base, versionNote }`: that spread was the costliest step in a profile.
  return note === undefined
    ? {
      code: info.code, name: info.name, title: info.title, class: info.class, known: error.known,
      meaning: info.meaning, inContext: rule.inContext, fromRule, advice: rule.advice, closesConnection: closes,
      answers: error.answers,
    }
    : {
      code: info.code, name: info.name, title: info.title, class: info.class, known: error.known,
      meaning: info.meaning, inContext: rule.inContext, fromRule, advice: rule.advice, closesConnection: closes,
      answers: error.answers, versionNote: note,
    };
}

/** The error line from a plain events array (results built by hand, tests). */
function errorOfEvent(result: ResultView, id: EventId): ErrorLine | null {
  const events = result.events;
  const event = events[id];
  if (event?.error == null) return null;
  const command = event.replyTo === null ? undefined : events[event.replyTo];
  return {
    id: event.id, code: event.error.code, known: event.error.known, trId: event.trId, connection: event.connection,
    conn: connectionById(result.connections, event.connection),
    answers: event.replyTo, command: command === undefined ? null : eventCommand(command),
  };
}

/** The error line from the store's columns: no LogEvent built, no line decoded. */
function errorOfStore(result: ResultView, store: EventStore, id: EventId): ErrorLine | null {
  if (!(id >= 0 && id < store.length)) return null; // the columns may be longer than the log (spare capacity)
  const code = store.codeOf(id);
  if (code < 0) return null;
  const replyTo = store.replyToOf(id);
  const k = store.connIndex(id);
  const connection = store.connectionOf(id);
  // The parser lists the connections in the store's order; a result put together otherwise is looked up by id.
  const listed = result.connections[k];
  const conn = listed?.id === connection ? listed : connectionById(result.connections, connection);
  return {
    id, code, known: lookupError(code).known, trId: store.trIdOf(id), connection, conn,
    answers: replyTo < 0 ? null : toEventId(replyTo), command: replyTo < 0 ? null : new StoreCommand(store, replyTo),
  };
}

function eventCommand(e: LogEvent): CommandRef {
  return {
    id: e.id, command: e.command, trId: e.trId,
    param: (k) => e.params[k],
    params: () => e.params,
    paramText: () => (e.params.length === 0 ? null : e.params.join(' ')),
    payloadBytes: () => (e.payload === null ? null : { declared: e.payload.declaredBytes, shown: e.payload.shownBytes }),
  };
}

/** A command read from the columns; its params are cut from the bytes one at a time, or decoded only when printed. */
class StoreCommand implements CommandRef {
  constructor(
    private readonly store: EventStore,
    readonly id: number,
  ) {}
  get command(): string {
    return this.store.commandOf(this.id);
  }
  get trId(): number | null {
    return this.store.trIdOf(this.id);
  }
  param(k: number): string | undefined {
    return this.store.paramAt(this.id, k);
  }
  params(): readonly string[] {
    return this.store.paramsOf(this.id);
  }
  paramText(): string | null {
    return this.store.paramsTextOf(this.id);
  }
  payloadBytes(): { readonly declared: number; readonly shown: number | null } | null {
    if (!this.store.hasPayload(this.id)) return null;
    const shown = this.store.payloadShownBytes(this.id);
    return { declared: this.store.payloadDeclaredBytes(this.id), shown: shown < 0 ? null : shown };
  }
}

/** Connections by id, built once per result (keyed by its connections array) when it is needed. */
const BY_ID = new WeakMap<readonly Connection[], ReadonlyMap<string, Connection>>();

function connectionById(connections: readonly Connection[], id: ConnectionId): Connection | null {
  let byId = BY_ID.get(connections);
  if (byId === undefined) {
    const map = new Map<string, Connection>();
    for (const c of connections) map.set(c.id, c);
    byId = map;
    BY_ID.set(connections, byId);
  }
  return byId.get(id) ?? null;
}

/**
 * Connections that negotiated a version, in order of their first event, as two columns: the binary search of
 * every error reads numbers, not fields of 75k connection objects of varied shapes. Once per result.
 */
interface VersionIndex {
  readonly firstEvent: Float64Array;
  /** The connection's protocolVersion, NaN for none. */
  readonly version: Float64Array;
}

const VERSIONS = new WeakMap<readonly Connection[], VersionIndex>();

function versionIndex(connections: readonly Connection[]): VersionIndex {
  let index = VERSIONS.get(connections);
  if (index === undefined) {
    const versioned = connections.filter((c) => c.protocolVersion !== null).sort((a, b) => a.firstEvent - b.firstEvent);
    index = {
      firstEvent: Float64Array.from(versioned, (c) => c.firstEvent),
      version: Float64Array.from(versioned, (c) => c.protocolVersion ?? Number.NaN),
    };
    VERSIONS.set(connections, index);
  }
  return index;
}

/**
 * The protocol version in force for an event: its own connection's VER, else the latest one negotiated
 * before it (switchboards never send VER), else the first version the log shows.
 */
export function negotiatedVersion(result: ResultView, event: Pick<LogEvent, 'id'>, conn: Connection | null): number | null {
  if (conn?.protocolVersion != null) return conn.protocolVersion;
  const { firstEvent, version } = versionIndex(result.connections);
  let lo = 0;
  let hi = firstEvent.length; // binary search: the last connection starting at or before the event
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((firstEvent[mid] ?? 0) <= event.id) lo = mid + 1;
    else hi = mid;
  }
  const v = version[Math.max(0, lo - 1)] ?? Number.NaN;
  return Number.isNaN(v) ? null : v;
}

/**
 * The first server line after the error on its connection (the server went on talking: it did not hang up), as its
 * line and verb; null when none follows (it hung up, or the log ends there) or the connection is not known.
 */
function nextServerLine(events: readonly LogEvent[], error: ErrorLine, conn: Connection | null): KeptOpen | null {
  if (conn === null) return null;
  const store = storeOf(events);
  if (store !== undefined) {
    // From the columns: the walk can cross thousands of interleaved lines of other connections.
    const c = store.connIndex(error.id);
    for (let i = error.id + 1; i <= conn.lastEvent; i++) {
      if (store.connIndex(i) === c && store.dirCode(i) === DIR_SERVER) return { line: store.lineOf(i), command: store.commandOf(i) };
    }
    return null;
  }
  for (let i = error.id + 1; i <= conn.lastEvent; i++) {
    const e = events[i];
    if (e !== undefined && e.connection === error.connection && e.direction === 'server') return { line: e.line, command: e.command };
  }
  return null;
}
