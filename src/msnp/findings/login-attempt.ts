/**
 * A login attempt while the walk (login.ts) rebuilds it: the mutable builder, the steps it records, and the
 * finished attempt with its outcome, ladder and evidence.
 */
import type { EventStore } from '../event-store';
import type { ConnectionId, EventId, LogEvent, LoginAttempt, LoginStep } from '../types';
import { toEventId } from '../types';
import { errorCodeAt, nextOnConnectionId, sortedUniqueIds } from './column-reads';
import type { EventIndex } from './event-index';
import { sessionEndOf } from './event-index';
import { generationOf, type Phase } from './login-ladder';
import { markStop, mergeWithLadder, orderSteps, toLoginStep, type StepRecord } from './login-steps';
import { openingTimeBefore, passportLinesBetween } from './client-lines';

/** The end reason of an attempt after which the log has no line at all. */
/** How a challenge step's note begins when the server accepted earlier rounds before one failed (login.ts). */
export const ACCEPTED_EARLIER = 'the server accepted';

export const LOG_ENDS = 'the log ends';

/** Why an attempt ended, with the line that shows it. */
export interface AttemptEnd {
  readonly outcome: LoginAttempt['outcome'];
  readonly code: number | null;
  /** Plain words: `the client gave up and sent OUT`, `the log ends` (only when no line follows). */
  readonly reason: string;
  readonly event: EventId | null;
}

export interface AttemptFacts {
  readonly attempt: LoginAttempt;
  readonly end: AttemptEnd;
  /** The step where the ladder stopped (failed or stopped), null when signed in. */
  readonly stopStep: LoginStep | null;
  readonly evidence: readonly EventId[];
  readonly firstEvent: LogEvent;
  readonly lastEvent: LogEvent;
}

/** An attempt while the walk rebuilds it; lines are event ids (−1: none). */
export interface Builder {
  steps: StepRecord[];
  /** Connection indexes the attempt touched, in first-touch order (ids looked up once, at the end). */
  connections: number[];
  /** The last connection index touched: nearly every line of an attempt is on it, so no search. */
  lastConn: number;
  /** The steps the walk looks up again on later lines (a search of `steps` per challenge or CHG line cost). */
  listSync: StepRecord | null;
  chg: StepRecord | null;
  challenge: StepRecord | null;
  version: number | null;
  pkg: string | null;
  phase: Phase;
  status: 'in-progress' | 'redirected' | 'signed-in';
  end: AttemptEnd | null;
  pendingChallenge: number;
  /** Started at a CHL/QRY with no sign-in in the log. */
  midSession: boolean;
  /** Lines that belong to the attempt without being a step (the client's closing OUT). */
  extra: EventId[];
  first: number;
  last: number;
}

export function newBuilder(store: EventStore, id: number): Builder {
  return {
    steps: [],
    connections: [store.connIndex(id)],
    lastConn: store.connIndex(id),
    listSync: null,
    chg: null,
    challenge: null,
    version: null,
    pkg: null,
    phase: 'NS',
    status: 'in-progress',
    end: null,
    pendingChallenge: -1,
    midSession: false,
    extra: [],
    first: id,
    last: id,
  };
}

/** Records a client command as a step, with its reply (−1: none): done, failed (error reply) or pending. */
export function addStep(store: EventStore, b: Builder, name: string, cmd: number, reply: number): StepRecord {
  const events = reply < 0 ? [toEventId(cmd)] : [toEventId(cmd), toEventId(reply)];
  const code = reply < 0 ? null : errorCodeAt(store, reply);
  const state = reply < 0 ? 'pending' : code === null ? 'done' : 'failed';
  const step: StepRecord = { name, phase: b.phase, state, events, note: undefined };
  b.steps.push(step);
  touch(store, b, cmd);
  if (reply >= 0) touch(store, b, reply);
  if (code !== null && b.end === null) {
    b.end = { outcome: code === 540 ? 'challenge-failed' : 'failed', code, reason: '', event: toEventId(reply) };
  }
  return step;
}

export function touch(store: EventStore, b: Builder, id: number): void {
  const c = store.connIndex(id);
  if (c !== b.lastConn) {
    b.lastConn = c;
    if (!b.connections.includes(c)) b.connections.push(c);
  }
  if (id > b.last) b.last = id;
}

export function addEvent(store: EventStore, b: Builder, step: StepRecord, id: number): void {
  step.events.push(toEventId(id));
  touch(store, b, id);
}

/** An attempt first seen at a challenge: a session signed in before the log starts. */
export function midSessionBuilder(store: EventStore, id: number): Builder {
  const b = newBuilder(store, id);
  b.status = 'signed-in';
  b.midSession = true;
  return b;
}

/** Decides the outcome, marks the stop and fills in the steps the attempt never reached. */
export function finishAttempt(index: EventIndex, b: Builder, reason: AttemptEnd | null, next: number): AttemptFacts {
  const gen = generationOf(b.version, b.pkg);
  b.steps = orderSteps(b.steps);
  const end = decideEnd(index, b, reason, next);
  // markStop may append a Passport step without events: the last step in log order, so the order holds.
  markStop(b.steps, b.phase, end.outcome);
  if (b.pendingChallenge >= 0 && end.outcome === 'signed-in') {
    b.steps.push({ name: 'CHL/QRY', phase: 'NS', state: 'stopped', events: [toEventId(b.pendingChallenge)], note: 'CHL never answered with QRY' });
    b.steps = orderSteps(b.steps);
  }
  b.steps = mergeWithLadder(b.steps, gen, b.version);
  const steps = new Array<LoginStep>(b.steps.length);
  let stopStep: LoginStep | null = null;
  for (let k = 0; k < steps.length; k++) {
    const step = withPassportLines(index, b.steps, k, toLoginStep(b.steps[k] as StepRecord), end, next);
    steps[k] = step;
    if (stopStep === null && (step.state === 'failed' || step.state === 'stopped')) stopStep = step;
  }
  const attempt: LoginAttempt = {
    generation: gen,
    protocolVersion: b.version,
    outcome: end.outcome,
    steps,
    connections: connectionIdsOf(index.store, b.connections),
    startTime: startTimeOf(index, b),
    // "The log ends" only when no line follows the attempt's last: then that last line is the log's last.
    logEndsAtCommand: end.reason === LOG_ENDS && stopStep !== null && stopStep.events.at(-1) === b.last,
  };
  const evidence = sortedUniqueIds(evidenceIds(steps, end, b.extra));
  return { attempt, end, stopStep, evidence, firstEvent: index.at(b.first) as LogEvent, lastEvent: index.at(b.last) as LogEvent };
}

/**
 * The Passport step with the client's own lines about it, when the log has any: those between the line before
 * the step (the policy) and the line after it (the ticket USR; for an attempt that stopped there, the line that
 * ended it, or the next attempt).
 */
function withPassportLines(
  index: EventIndex, records: readonly StepRecord[], k: number, step: LoginStep, end: AttemptEnd, next: number,
): LoginStep {
  const nonProtocol = index.nonProtocol;
  if (step.name !== 'Passport' || step.state === 'not-reached' || nonProtocol.length === 0) return step;
  const { store } = index;
  let from = -1;
  for (let j = k - 1; j >= 0 && from < 0; j--) {
    const events = (records[j] as StepRecord).events;
    if (events.length > 0) from = store.lineOf(events[events.length - 1] ?? 0);
  }
  let to = -1;
  for (let j = k + 1; j < records.length && to < 0; j++) {
    const events = (records[j] as StepRecord).events;
    if (events.length > 0) to = store.lineOf(events[0] ?? 0);
  }
  if (to < 0) to = end.event !== null ? store.lineOf(end.event) : next >= 0 ? store.lineOf(next) : Number.POSITIVE_INFINITY;
  if (from < 0) return step;
  const lines = passportLinesBetween(nonProtocol, from, to);
  return lines.length === 0 ? step : { ...step, lines };
}

/**
 * When the attempt began: the time of the line that says its connection opened (aMSN `< Connected to: … >`), when
 * the log has one just before the first message of a fresh connection; else the first message's time.
 */
function startTimeOf(index: EventIndex, b: Builder): number | null {
  const { store } = index;
  const first = store.timeOf(b.first);
  // Only the first event of its connection: asking prevOnConnectionId of such an event found nothing nearby and
  // built the whole log's back links (a column the size of the events) for every attempt's answer of "none".
  if (first === null || index.nonProtocol.length === 0 || index.firstOnConn[index.conn[b.first] ?? 0] !== b.first) return first;
  const after = b.first > 0 ? store.lineOf(b.first - 1) : 0;
  return openingTimeBefore(index.nonProtocol, after, store.lineOf(b.first), first) ?? first;
}

function connectionIdsOf(store: EventStore, conns: readonly number[]): ConnectionId[] {
  const out = new Array<ConnectionId>(conns.length);
  for (let k = 0; k < conns.length; k++) out[k] = store.connectionIds[conns[k] ?? 0] ?? ('' as ConnectionId);
  return out;
}

/** The ids of every step, then the end's line and the extra lines (unsorted). */
function evidenceIds(steps: readonly LoginStep[], end: AttemptEnd, extra: readonly EventId[]): number[] {
  const ids: number[] = [];
  for (let k = 0; k < steps.length; k++) {
    const events = (steps[k] as LoginStep).events;
    for (let e = 0; e < events.length; e++) ids.push(events[e] ?? 0);
  }
  if (end.event !== null) ids.push(end.event);
  for (let e = 0; e < extra.length; e++) ids.push(extra[e] ?? 0);
  return ids;
}

function decideEnd(index: EventIndex, b: Builder, reason: AttemptEnd | null, next: number): AttemptEnd {
  if (b.end !== null) return b.end;
  if (reason !== null && reason.outcome === 'signed-out') return reason;
  if (b.status === 'signed-in') return { outcome: 'signed-in', code: null, reason: '', event: null };
  if (reason !== null) return reason;
  return next < 0 ? quietEnd(index, b) : { outcome: 'no-reply', code: null, reason: 'the client started a new attempt', event: toEventId(next) };
}

/**
 * The end of an attempt that nothing ended (no error, OUT or new attempt), in words true to the log: "the log
 * ends" only when no line follows; an excerpt often goes on with the session, or with other connections.
 */
function quietEnd(index: EventIndex, b: Builder): AttemptEnd {
  const { store } = index;
  const after = nextOnConnectionId(index, b.last);
  const reason =
    after >= 0
      ? `the connection goes on (${store.commandOf(after)} at line ${store.lineOf(after)}) but the log shows no more of the sign-in`
      : b.last < sessionEndOf(index, b.last) // the attempt's own log: another log after it in the file is not more of it
        ? 'the log shows nothing more on this connection'
        : LOG_ENDS;
  return { outcome: 'no-reply', code: null, reason, event: null };
}
