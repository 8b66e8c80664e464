/**
 * The status column and the transaction view: for a command, how it ended ("→ 217 Principal not online",
 * "→ OK in 120 ms", "no reply"); for a reply, the command it answers ("answers CAL 5").
 */
import type { EventId, LogEvent, ParseResult } from '../msnp/types';
import { describeError } from '../msnp/error-codes';
import { assertNever } from '../msnp/assert';
import { clockStepOf, formatDuration } from './durations';

export interface RowStatus {
  readonly text: string;
  readonly tone: 'ok' | 'error' | 'warning' | 'muted';
  /** The event the status points at (the reply, or the command answered), for a link. */
  readonly target: EventId | null;
}

const NONE: RowStatus = { text: '', tone: 'muted', target: null };

function errorReply(result: ParseResult, e: LogEvent): LogEvent | null {
  for (const r of e.replies) {
    const reply = result.events[r];
    if (reply?.error) return reply;
  }
  return null;
}

function describeCommand(result: ParseResult, e: LogEvent): RowStatus {
  const first = e.replies[0] ?? null;
  const bad = errorReply(result, e);
  if (bad?.error) return { text: `→ ${bad.error.code} ${describeError(bad.error.code).title}`, tone: 'error', target: bad.id };
  const more = e.replies.length > 1 ? `, ${e.replies.length} replies` : '';
  const latency = e.latencyMs !== null ? ` in ${formatDuration(e.latencyMs, clockStepOf(result))}` : '';
  return { text: `→ OK${latency}${more}`, tone: 'ok', target: first };
}

function describeReply(result: ParseResult, e: LogEvent): RowStatus {
  if (e.replyTo === null) {
    return e.error ? { text: 'no matching command in the log', tone: 'warning', target: null } : NONE;
  }
  const cmd = result.events[e.replyTo];
  if (!cmd) return NONE;
  return { text: `answers ${cmd.command}${cmd.trId !== null ? ` ${cmd.trId}` : ''}`, tone: 'muted', target: cmd.id };
}

/** The status cell of one event. */
export function describeStatus(result: ParseResult, e: LogEvent): RowStatus {
  switch (e.status) {
    case 'answered':
    case 'error':
      return describeCommand(result, e);
    case 'unanswered':
      return { text: 'no reply', tone: 'warning', target: null };
    case 'no-reply-expected':
      return e.replies.length > 0 ? describeCommand(result, e) : NONE;
    case 'not-a-command':
      return describeReply(result, e);
    default:
      return assertNever(e.status, 'reply status');
  }
}

/** The command of an event's transaction and all its replies (for the detail pane's transaction list). */
export function transactionOf(result: ParseResult, id: EventId): { command: LogEvent | null; replies: LogEvent[] } {
  const e = result.events[id];
  if (!e) return { command: null, replies: [] };
  const command = e.replyTo !== null ? (result.events[e.replyTo] ?? null) : e.replies.length > 0 || e.direction === 'client' ? e : null;
  const replies = (command?.replies ?? (e.replyTo === null ? [] : [id]))
    .map((r) => result.events[r])
    .filter((r): r is LogEvent => r !== undefined);
  return { command, replies };
}

/** Milliseconds since the previous timed event in line order; null without times. */
export function timeSincePrevious(result: ParseResult, id: EventId): number | null {
  const t = result.events[id]?.time ?? null;
  if (t === null) return null;
  for (let i = id - 1; i >= 0; i--) {
    const p = result.events[i]?.time ?? null;
    if (p !== null) return t - p;
  }
  return null;
}
