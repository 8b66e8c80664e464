/**
 * Explain an error reply in context: what the code means in general, and what it means *here*, given the
 * command it answers, the kind of connection it arrived on and the protocol version VER negotiated.
 *
 * Pure and on demand (the UI calls it for the selected event, the CLI for every error); the per-code rules
 * live in explain-rules.ts.
 */
import { describeError } from './error-codes';
import { DIR_SERVER, storeOf } from './event-store';
import { contextRule, type ExplainContext } from './explain-rules';
import type { Connection, ConnectionKind, ErrorClass, EventId, LogEvent, ParseResult } from './types';

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
  readonly advice: string;
  /** True when the server hangs up after this error (always for the code, or visibly in this log). */
  readonly closesConnection: boolean;
  readonly versionNote?: string;
  /** The command the error answers, when the log shows it. */
  readonly answers: EventId | null;
}

type ResultView = Pick<ParseResult, 'events' | 'connections'>;

/** The explanation of an error event, or null when the event is not an error reply. */
export function explainEvent(result: ResultView, id: EventId): Explanation | null {
  const event = result.events[id];
  if (event?.error == null) return null;
  const info = describeError(event.error.code);
  const conn = indexOf(result.connections).byId.get(event.connection) ?? null;
  const command = event.replyTo === null ? null : (result.events[event.replyTo] ?? null);
  // Only codes after which servers hang up need the look-ahead (it can walk a long interleaved connection).
  const closedAfter = info.closesConnection !== 'no' && serverClosedAfter(result.events, event, conn);
  const ctx: ExplainContext = {
    event, command, info, closedAfter,
    connectionKind: conn?.kind ?? 'unknown' satisfies ConnectionKind,
    version: negotiatedVersion(result, event, conn),
    events: result.events,
  };
  const rule = contextRule(ctx);
  const closes = info.closesConnection === 'always' || (info.closesConnection === 'sometimes' && closedAfter);
  const base: Explanation = {
    code: info.code, name: info.name, title: info.title, class: info.class, known: event.error.known,
    meaning: info.meaning, inContext: rule.inContext, advice: rule.advice, closesConnection: closes,
    answers: event.replyTo,
  };
  const note = rule.versionNote ?? info.versionNote;
  return note === undefined ? base : { ...base, versionNote: note };
}

interface ConnectionIndex {
  readonly byId: ReadonlyMap<string, Connection>;
  /** Connections that negotiated a version, in order of their first event. */
  readonly versioned: readonly Connection[];
}

/** Built once per result (keyed by its connections array): the CLI explains every error of huge logs. */
const INDEXES = new WeakMap<readonly Connection[], ConnectionIndex>();

function indexOf(connections: readonly Connection[]): ConnectionIndex {
  let index = INDEXES.get(connections);
  if (index === undefined) {
    index = {
      byId: new Map(connections.map((c) => [c.id, c])),
      versioned: connections.filter((c) => c.protocolVersion !== null).sort((a, b) => a.firstEvent - b.firstEvent),
    };
    INDEXES.set(connections, index);
  }
  return index;
}

/**
 * The protocol version in force for an event: its own connection's VER, else the latest one negotiated
 * before it (switchboards never send VER), else the first version the log shows.
 */
export function negotiatedVersion(result: ResultView, event: LogEvent, conn: Connection | null): number | null {
  if (conn?.protocolVersion != null) return conn.protocolVersion;
  const versioned = indexOf(result.connections).versioned;
  let lo = 0;
  let hi = versioned.length; // binary search: the last connection starting at or before the event
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((versioned[mid]?.firstEvent ?? 0) <= event.id) lo = mid + 1;
    else hi = mid;
  }
  return (versioned[lo - 1] ?? versioned[0])?.protocolVersion ?? null;
}

/** True when no server line follows the error on its connection (the server hung up, or the log ends there). */
function serverClosedAfter(events: readonly LogEvent[], event: LogEvent, conn: Connection | null): boolean {
  if (conn === null) return false;
  const store = storeOf(events);
  if (store !== undefined) {
    // From the columns: the walk can cross thousands of interleaved lines of other connections.
    const c = store.connIndex(event.id);
    for (let i = event.id + 1; i <= conn.lastEvent; i++) if (store.connIndex(i) === c && store.dirCode(i) === DIR_SERVER) return false;
    return true;
  }
  for (let i = event.id + 1; i <= conn.lastEvent; i++) {
    const e = events[i];
    if (e !== undefined && e.connection === event.connection && e.direction === 'server') return false;
  }
  return true;
}
