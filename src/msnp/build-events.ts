/**
 * The meaning half of the core: tokenized messages in, events with connections, errors and pairs out.
 *
 * Stages, each its own module: assignConnections → error look-up → pairTransactions → diagnose.
 * `parseLog` (the reading half) calls this once per log; it must stay linear and allocation-light because
 * logs reach millions of messages (one LogEvent object per message, shared empty arrays, typed arrays inside).
 */
import { isErrorCode } from './commands';
import { assignConnections } from './connections';
import { diagnose } from './diagnose';
import { lookupError } from './error-codes';
import { pairTransactions, type Pairing } from './pair';
import type { Connection, ConnectionId, Diagnostic, EventId, LogEvent, TokenizedMessage } from './types';
import { toEventId } from './types';

export interface BuiltEvents {
  readonly events: LogEvent[];
  readonly connections: Connection[];
  readonly diagnostics: Diagnostic[];
}

const NO_REPLIES: readonly EventId[] = Object.freeze([]);

/** Assign connections, name errors, pair commands with replies and diagnose the result. */
export function buildEvents(messages: readonly TokenizedMessage[]): BuiltEvents {
  const { connOf, connections, afterClose } = assignConnections(messages);
  const pairing = pairTransactions(messages, connOf, connections.length);
  const events = toEvents(messages, connOf, connections, pairing);
  const diagnostics = diagnose({ events, connections, pairing, afterClose });
  return { events, connections, diagnostics };
}

/** The 3-digit code of an error line (`911 3`), or null. */
function errorCodeOf(m: TokenizedMessage): number | null {
  if (m.errorCode !== null) return m.errorCode;
  return isErrorCode(m.command) ? Number(m.command) : null;
}

function toEvents(
  messages: readonly TokenizedMessage[],
  connOf: Int32Array,
  connections: readonly Connection[],
  pairing: Pairing,
): LogEvent[] {
  const ids: ConnectionId[] = connections.map((c) => c.id);
  const events = new Array<LogEvent>(messages.length);
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (m === undefined) continue;
    const code = errorCodeOf(m);
    const replyIdx = pairing.replyTo[i] ?? -1;
    const replies = pairing.replies[i];
    events[i] = {
      id: toEventId(i), line: m.line, endLine: m.endLine, direction: m.direction,
      connection: ids[connOf[i] ?? 0] ?? ids[0] ?? ('NS1' as ConnectionId),
      time: m.time, command: m.command, error: code === null ? null : lookupError(code), trId: m.trId, params: m.params,
      raw: m.raw, payload: m.payload, flags: m.flags,
      replyTo: replyIdx >= 0 ? toEventId(replyIdx) : null,
      replies: replies === undefined ? NO_REPLIES : (replies as EventId[]),
      status: pairing.status[i] ?? 'not-a-command',
      latencyMs: latencyOf(messages, i, replies),
    };
  }
  return events;
}

/** Milliseconds from a command to its first reply, when both carry a time. */
function latencyOf(messages: readonly TokenizedMessage[], i: number, replies: number[] | undefined): number | null {
  const first = replies?.[0];
  if (first === undefined) return null;
  const sent = messages[i]?.time ?? null;
  const got = messages[first]?.time ?? null;
  return sent === null || got === null || got < sent ? null : got - sent;
}
