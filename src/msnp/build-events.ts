/**
 * The meaning half of the core: tokenized messages in, events with connections, errors and pairs out.
 *
 * Stages, each its own module: connection assignment → error look-up → pairing → diagnose. The first three run
 * message by message (`EventBuilder.add`), so parseLog feeds each message in as soon as the reader made it: the
 * tokenized message dies young and only the LogEvent stays, instead of a second array of a million messages
 * living until the end. `finish` then fills in what only the whole log decides (connection ids, replies, status,
 * latency) on the same objects and runs the diagnostics.
 */
import { isErrorCode } from './commands';
import { ConnectionAssigner } from './connections';
import { diagnose, diagnoseEvent } from './diagnose';
import { lookupError } from './error-codes';
import { IntColumn } from './int-column';
import { Pairer } from './pair';
import { StatsCounter } from './stats';
import type { Connection, ConnectionId, Diagnostic, EventId, LogEvent, TokenizedMessage } from './types';
import { toEventId } from './types';

export interface BuiltEvents {
  readonly events: LogEvent[];
  readonly connections: Connection[];
  readonly diagnostics: Diagnostic[];
  /** Some event carries a time. */
  readonly hasTimes: boolean;
  /** The event counts of the summary, gathered in the same pass (`stats.result(allDiagnostics)`). */
  readonly stats: StatsCounter;
}

const NO_REPLIES: readonly EventId[] = Object.freeze([]);
/** The connection of an event before `finish` knows the ids (a kind can still change, NS → DS). */
const PENDING = '' as ConnectionId;

/** A LogEvent while it is being built: the builder owns it until `finish` hands it out read-only. */
type DraftEvent = { -readonly [K in keyof LogEvent]: LogEvent[K] };

/** Builds events one message at a time, in log order. */
export class EventBuilder {
  private readonly events: DraftEvent[] = [];
  private readonly assigner = new ConnectionAssigner();
  private readonly connOf = new IntColumn(0);
  private readonly pairer = new Pairer(this.events);
  private hasTimes = false;

  get count(): number {
    return this.events.length;
  }

  add(m: TokenizedMessage): void {
    const i = this.events.length;
    const conn = this.assigner.assign(m, i);
    this.connOf.push(conn);
    this.events.push(draftEvent(i, m));
    this.pairer.add(m, i, conn);
    if (m.time !== null) this.hasTimes = true;
  }

  /** Connection ids, pairs and latencies on every event, then the diagnostics. Call once. */
  finish(): BuiltEvents {
    const { connections, afterClose } = this.assigner.finish();
    const ids: ConnectionId[] = connections.map((c) => c.id);
    const fallback = ids[0] ?? ('NS1' as ConnectionId);
    const { events, pairer } = this;
    const stats = new StatsCounter();
    const perEvent: Diagnostic[] = [];
    // One pass finishes, counts and diagnoses each event: on huge logs every extra pass over the events costs.
    for (let i = 0; i < events.length; i++) {
      const ev = events[i];
      if (ev === undefined) continue;
      ev.connection = ids[this.connOf.get(i)] ?? fallback;
      const replyIdx = pairer.replyTo.get(i);
      if (replyIdx >= 0) ev.replyTo = toEventId(replyIdx);
      const replies = pairer.replies[i];
      if (replies !== undefined) {
        ev.replies = replies as EventId[];
        ev.latencyMs = latencyOf(ev.time, events[replies[0] ?? -1]?.time ?? null);
      }
      ev.status = pairer.status[i] ?? 'not-a-command';
      stats.add(ev);
      diagnoseEvent(ev, perEvent);
    }
    const diagnostics = diagnose({ events, connections, pairing: pairer, afterClose }, perEvent);
    return { events, connections, diagnostics, hasTimes: this.hasTimes, stats };
  }
}

/** The event of message `i`, before connection ids, pairs and latency are known. */
function draftEvent(i: number, m: TokenizedMessage): DraftEvent {
  const code = errorCodeOf(m);
  // Field order is the LogEvent order every consumer (JSON, dumps) sees.
  return {
    id: toEventId(i), line: m.line, endLine: m.endLine, direction: m.direction, connection: PENDING,
    time: m.time, command: m.command, error: code === null ? null : lookupError(code), trId: m.trId, params: m.params,
    raw: m.raw, payload: m.payload, flags: m.flags,
    replyTo: null, replies: NO_REPLIES, status: 'not-a-command', latencyMs: null,
  };
}


/** Assign connections, name errors, pair commands with replies and diagnose the result. */
export function buildEvents(messages: readonly TokenizedMessage[]): BuiltEvents {
  const builder = new EventBuilder();
  for (const m of messages) builder.add(m);
  return builder.finish();
}

/** The 3-digit code of an error line (`911 3`), or null. */
function errorCodeOf(m: TokenizedMessage): number | null {
  if (m.errorCode !== null) return m.errorCode;
  return isErrorCode(m.command) ? Number(m.command) : null;
}

/** Milliseconds from a command to its first reply, when both carry a time. */
function latencyOf(sent: number | null, got: number | null): number | null {
  return sent === null || got === null || got < sent ? null : got - sent;
}
