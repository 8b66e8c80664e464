/**
 * TEMPORARY scaffold owned by the connections/pairing engineer, who replaces it with the real stage:
 * connection assignment, error look-up, pairing, diagnostics. Signature is the contract.
 */
import type { Connection, Diagnostic, LogEvent, TokenizedMessage } from './types';
import { toConnectionId, toEventId } from './types';

export interface BuiltEvents {
  readonly events: LogEvent[];
  readonly connections: Connection[];
  readonly diagnostics: Diagnostic[];
}

export function buildEvents(messages: readonly TokenizedMessage[]): BuiltEvents {
  const conn = toConnectionId('NS1');
  const events: LogEvent[] = messages.map((m, i) => ({
    id: toEventId(i),
    line: m.line,
    endLine: m.endLine,
    direction: m.direction,
    connection: conn,
    time: m.time,
    command: m.command,
    error: null,
    trId: m.trId,
    params: m.params,
    raw: m.raw,
    payload: m.payload,
    flags: m.flags,
    replyTo: null,
    replies: [],
    status: m.direction === 'client' ? 'unanswered' : 'not-a-command',
    latencyMs: null,
  }));
  const connections: Connection[] =
    events.length === 0
      ? []
      : [
          {
            id: conn,
            kind: 'unknown',
            sourceName: null,
            protocol: null,
            protocolVersion: null,
            firstEvent: toEventId(0),
            lastEvent: toEventId(events.length - 1),
            eventCount: events.length,
            inferredFrom: 'first',
          },
        ];
  return { events, connections, diagnostics: [] };
}
