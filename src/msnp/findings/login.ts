/**
 * Login attempts: rebuilds every sign-in as a ladder of steps, following the state machines of msnp-protocol.md
 * §4 (MD5 2–7, TWN 8–14, SSO 15–20, MSNP21): dispatch `VER → CVR → USR I → XFR NS`, then on the notification
 * server `VER → CVR → USR I → (GCF) → USR S challenge/policy → (Passport) → USR S ticket → USR OK`, then the list
 * sync (SYN/ADL), the first CHG and the CHL/QRY challenge.
 *
 * One walk over the events feeds a small mutable builder per attempt; `finishAttempt` then decides the outcome
 * and fills in the steps that were never reached.
 */
import type { ConnectionId, EventId, LogEvent, LoginAttempt, LoginStep } from '../types';
import type { EventIndex } from './event-index';
import { errorCodeOf, firstReplyOf, isAuthUsr, nextOnConnection, eventAt } from './event-index';
import { generationOf, type Phase } from './login-ladder';
import { markStop, mergeWithLadder, orderSteps, toLoginStep, type StepRecord } from './login-steps';


/** Why an attempt ended, with the line that shows it. */
export interface AttemptEnd {
  readonly outcome: LoginAttempt['outcome'];
  readonly code: number | null;
  /** Plain words: `the client sent OUT 3 min 9 s later`, `the log ends`. */
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

interface Builder {
  steps: StepRecord[];
  connections: Set<ConnectionId>;
  version: number | null;
  pkg: string | null;
  phase: Phase;
  status: 'in-progress' | 'redirected' | 'signed-in';
  end: AttemptEnd | null;
  pendingChallenge: LogEvent | null;
  /** Started at a CHL/QRY with no sign-in in the log. */
  midSession: boolean;
  /** Lines that belong to the attempt without being a step (the client's closing OUT). */
  extra: EventId[];
  first: LogEvent;
  last: LogEvent;
}

const VERSION_TOKEN = /^MSNP(\d+)$/; // `MSNP15`

function newBuilder(ev: LogEvent): Builder {
  return {
    steps: [],
    connections: new Set([ev.connection]),
    version: null,
    pkg: null,
    phase: 'NS',
    status: 'in-progress',
    end: null,
    pendingChallenge: null,
    midSession: false,
    extra: [],
    first: ev,
    last: ev,
  };
}

/** Records a client command as a step, with its reply: done, failed (error reply) or pending (no reply). */
function addStep(b: Builder, name: string, cmd: LogEvent, reply: LogEvent | undefined): StepRecord {
  const events = reply === undefined ? [cmd.id] : [cmd.id, reply.id];
  const code = reply === undefined ? null : errorCodeOf(reply);
  const state = reply === undefined ? 'pending' : code === null ? 'done' : 'failed';
  const step: StepRecord = { name, phase: b.phase, state, events };
  b.steps.push(step);
  touch(b, cmd);
  if (reply !== undefined) touch(b, reply);
  if (code !== null && reply !== undefined && b.end === null) {
    b.end = { outcome: code === 540 ? 'challenge-failed' : 'failed', code, reason: '', event: reply.id };
  }
  return step;
}

function touch(b: Builder, ev: LogEvent): void {
  b.connections.add(ev.connection);
  if (ev.id > b.last.id) b.last = ev;
}

function readVersion(tokens: readonly string[]): number | null {
  for (const t of tokens) {
    const m = VERSION_TOKEN.exec(t);
    if (m?.[1] !== undefined) return Number(m[1]);
  }
  return null;
}

/** Walks the log once and returns every login attempt in order. */
export function findLoginAttempts(index: EventIndex): AttemptFacts[] {
  const done: AttemptFacts[] = [];
  const sbConnections = new Set<ConnectionId>();
  let current: Builder | null = null;
  const close = (reason: AttemptEnd | null, next: LogEvent | null): void => {
    const b: Builder | null = current;
    current = null;
    if (b === null) return;
    const facts = finishAttempt(index, b, reason, next);
    if (!(b.midSession && facts.attempt.outcome === 'signed-in')) done.push(facts);
  };
  for (const ev of index.loginLines) {
    if (isSwitchboardLine(ev, sbConnections)) continue;
    current = stepOne(index, current, ev, close);
  }
  close(null, null);
  return done;
}

const SB_ONLY: ReadonlySet<string> = new Set(['CAL', 'JOI', 'IRO', 'BYE', 'ACK', 'NAK']);

/** Switchboard traffic never belongs to a login: SB-kind lines, and everything on a connection after `USR t h cookie`/`ANS`. */
function isSwitchboardLine(ev: LogEvent, sb: Set<ConnectionId>): boolean {
  if (sb.has(ev.connection)) return true;
  const sbAuth = ev.direction === 'client' && ((ev.command === 'USR' && !isAuthUsr(ev)) || ev.command === 'ANS');
  const sbOnly = SB_ONLY.has(ev.command);
  if (sbAuth) sb.add(ev.connection);
  return sbAuth || sbOnly;
}

type Close = (reason: AttemptEnd | null, next: LogEvent | null) => void;

function stepOne(index: EventIndex, cur: Builder | null, ev: LogEvent, close: Close): Builder | null {
  if (ev.direction === 'server') return onServerLine(cur, ev, close);
  if (ev.direction !== 'client') return cur;
  switch (ev.command) {
    case 'VER':
      return onVer(index, cur, ev, close);
    case 'INF':
    case 'CVR':
      return onSimpleStep(index, cur, ev, close, ev.command);
    case 'USR':
      return isAuthUsr(ev) ? onUsr(index, cur, ev, close) : cur;
    case 'GCF':
      return cur === null ? cur : (addStep(cur, 'GCF', ev, firstReplyOf(index, ev)), cur);
    case 'SYN':
    case 'ADL':
      return onListSync(index, cur, ev);
    case 'CHG':
      return onFirstChg(index, cur, ev);
    case 'QRY':
      return onQry(index, cur, ev);
    case 'OUT':
      return onClientOut(index, cur, ev, close);
    default:
      return cur;
  }
}

function onVer(index: EventIndex, cur: Builder | null, ev: LogEvent, close: Close): Builder {
  let b = cur;
  if (b !== null && b.status === 'redirected') {
    b.phase = 'NS';
    b.status = 'in-progress';
  } else {
    close(b === null || b.status === 'signed-in' ? null : startedOver(ev), ev);
    b = newBuilder(ev);
  }
  const reply = firstReplyOf(index, ev);
  const step = addStep(b, 'VER', ev, reply);
  b.version = readVersion(reply?.params ?? []) ?? b.version ?? readVersion(ev.params);
  if (reply !== undefined && reply.command === 'VER' && reply.params[0] === '0') {
    step.state = 'failed';
    step.note = `the server offered no common version (VER 0) for ${ev.params.filter((p) => VERSION_TOKEN.test(p)).join(', ')}`;
    b.version = null;
    b.end = { outcome: 'version-refused', code: null, reason: 'VER 0', event: reply.id };
  } else if (reply !== undefined && step.state === 'done' && clientLeavesAfter(index, ev)) {
    step.state = 'failed';
    step.note = `the client closed the connection right after the server chose MSNP${b.version ?? '?'}`;
    b.end = { outcome: 'version-refused', code: null, reason: 'client OUT after VER', event: reply.id };
  }
  return b;
}

/** True when the client's next command on that connection after `ver` is OUT (nothing pipelined in between). */
function clientLeavesAfter(index: EventIndex, ver: LogEvent): boolean {
  let next = nextOnConnection(index, ver);
  while (next !== undefined && next.direction === 'server') next = nextOnConnection(index, next);
  return next?.command === 'OUT';
}

function startedOver(ev: LogEvent): AttemptEnd {
  return { outcome: 'no-reply', code: null, reason: 'the client started a new attempt', event: ev.id };
}

function onSimpleStep(index: EventIndex, cur: Builder | null, ev: LogEvent, close: Close, name: string): Builder {
  let b = cur;
  if (b === null || b.status === 'signed-in') {
    close(null, ev);
    b = newBuilder(ev);
  }
  addStep(b, name, ev, firstReplyOf(index, ev));
  return b;
}

function onUsr(index: EventIndex, cur: Builder | null, ev: LogEvent, close: Close): Builder | null {
  const kind = ev.params[1];
  let b = cur;
  if (kind === 'I' && (b === null || b.status === 'signed-in')) {
    close(null, ev);
    b = newBuilder(ev);
  }
  if (b === null) return null;
  b.pkg = ev.params[0] ?? b.pkg;
  const reply = firstReplyOf(index, ev);
  if (kind === 'I') onUsrInitial(b, ev, reply);
  else if (kind === 'S') onUsrTicket(b, ev, reply);
  return b;
}

function onUsrInitial(b: Builder, ev: LogEvent, reply: LogEvent | undefined): void {
  const step = addStep(b, 'USR I', ev, reply);
  if (reply === undefined || step.state !== 'done') return;
  step.events = [ev.id];
  if (reply.command === 'XFR' && reply.params[0] === 'NS') {
    for (const s of b.steps) s.phase = 'DS';
    b.phase = 'DS';
    b.steps.push({ name: 'XFR NS', phase: 'DS', state: 'done', events: [reply.id] });
    b.status = 'redirected';
  } else if (reply.command === 'USR' && reply.params[1] === 'S') {
    const name = generationOf(b.version, b.pkg) === 'MD5' ? 'USR S (salt)' : 'USR S (policy)';
    b.steps.push({ name, phase: b.phase, state: 'done', events: [reply.id] });
  }
}

function onUsrTicket(b: Builder, ev: LogEvent, reply: LogEvent | undefined): void {
  const gen = generationOf(b.version, b.pkg);
  if (gen !== 'MD5') b.steps.push({ name: 'Passport', phase: b.phase, state: 'done', events: [] });
  const step = addStep(b, gen === 'MD5' ? 'USR S (hash)' : 'USR S (ticket)', ev, reply);
  if (reply === undefined || step.state !== 'done') return;
  step.events = [ev.id];
  if (reply.command === 'USR' && reply.params[0] === 'OK') {
    b.steps.push({ name: 'USR OK', phase: b.phase, state: 'done', events: [reply.id] });
    b.status = 'signed-in';
  }
}

function onListSync(index: EventIndex, cur: Builder | null, ev: LogEvent): Builder | null {
  if (cur === null || cur.status !== 'signed-in' || ev.trId === 0) return cur;
  const existing = cur.steps.find((s) => s.name === 'SYN/ADL');
  const reply = firstReplyOf(index, ev);
  if (existing === undefined) {
    addStep(cur, 'SYN/ADL', ev, reply);
  } else if (ev.command === 'ADL' && !cur.steps.some((s) => s.name === 'CHG')) {
    // Initial ADLs come in batches (libpurple: ≤150 contacts each); they form one step.
    existing.events.push(ev.id, ...(reply === undefined ? [] : [reply.id]));
    if (reply !== undefined && errorCodeOf(reply) !== null) existing.state = 'failed';
  }
  return cur;
}

function onFirstChg(index: EventIndex, cur: Builder | null, ev: LogEvent): Builder | null {
  if (cur === null || cur.status !== 'signed-in' || cur.steps.some((s) => s.name === 'CHG')) return cur;
  addStep(cur, 'CHG', ev, firstReplyOf(index, ev));
  return cur;
}

/**
 * A QRY answers the server's CHL. A log that starts mid-session (documentation examples often do) still gets an
 * attempt here, so a 540 is reported as a failed challenge; such an attempt is dropped if it ends well.
 */
function onQry(index: EventIndex, cur: Builder | null, ev: LogEvent): Builder {
  const challenge = previousChallenge(index, ev);
  const b = cur ?? { ...newBuilder(challenge ?? ev), status: 'signed-in' as const, midSession: true };
  b.pendingChallenge = null;
  const reply = firstReplyOf(index, ev);
  const code = reply === undefined ? null : errorCodeOf(reply);
  const state = reply === undefined ? 'pending' : code === null ? 'done' : 'failed';
  const events = [...(challenge === null ? [] : [challenge.id]), ev.id, ...(reply === undefined ? [] : [reply.id])];
  const existing = b.steps.find((s) => s.name === 'CHL/QRY');
  if (existing === undefined) {
    b.steps.push({ name: 'CHL/QRY', phase: 'NS', state, events });
  } else {
    // A later challenge on the same session: one ladder step, its state from the latest answer.
    existing.events.push(...events);
    existing.state = existing.state === 'done' ? state : existing.state;
  }
  for (const id of events) touch(b, eventAt(index, id) ?? ev);
  if (code !== null && reply !== undefined && b.end === null) {
    b.end = { outcome: code === 540 ? 'challenge-failed' : 'failed', code, reason: '', event: reply.id };
  }
  return b;
}

/** The server's CHL this QRY answers: the latest CHL on the connection since the previous QRY. */
function previousChallenge(index: EventIndex, qry: LogEvent): LogEvent | null {
  const ids = index.byConnection.get(qry.connection) ?? [];
  for (let i = (index.positionInConnection[qry.id] ?? 0) - 1; i >= 0; i--) {
    const ev = eventAt(index, ids[i] ?? -1);
    if (ev === undefined || (ev.direction === 'client' && ev.command === 'QRY')) return null;
    if (ev.direction === 'server' && ev.command === 'CHL') return ev;
  }
  return null;
}

function onClientOut(index: EventIndex, cur: Builder | null, ev: LogEvent, close: Close): Builder | null {
  // Some clients say OUT to the dispatch server once redirected: that is the normal hand-over.
  if (cur !== null && cur.status === 'redirected') return cur;
  if (cur !== null && cur.end === null && cur.status !== 'signed-in') {
    touch(cur, ev);
    close({ outcome: 'no-reply', code: null, reason: 'the client gave up and sent OUT', event: ev.id }, null);
    return null;
  }
  if (cur !== null && !startsEmptyConnection(index, ev)) {
    touch(cur, ev); // the end of a session, or the client leaving after a failure
    cur.extra.push(ev.id);
    close(null, null);
    return null;
  }
  close(null, ev);
  if (!startsEmptyConnection(index, ev)) return null;
  // A connection that carried nothing but the client's OUT: it gave up before sending VER.
  const b = newBuilder(ev);
  b.steps.push({ name: 'VER', phase: 'NS', state: 'stopped', events: [ev.id], note: 'the client sent OUT before VER' });
  b.end = { outcome: 'no-reply', code: null, reason: 'the client closed the connection (OUT) before sending VER', event: ev.id };
  return b;
}

/**
 * True when nothing but earlier OUTs precede this OUT on its connection: a connection the client opened and
 * closed without protocol traffic (aMSN through a dead HTTP proxy: `->ns- OUT` every 15 s). The log may not
 * tell such connections apart, so earlier OUTs on the "same" connection do not count as traffic.
 */
function startsEmptyConnection(index: EventIndex, ev: LogEvent): boolean {
  const ids = index.byConnection.get(ev.connection) ?? [];
  const pos = index.positionInConnection[ev.id] ?? 0;
  const prev = pos === 0 ? undefined : eventAt(index, ids[pos - 1] ?? -1);
  return prev === undefined || prev.command === 'OUT';
}

function onServerLine(cur: Builder | null, ev: LogEvent, close: Close): Builder | null {
  if (cur === null) return null;
  if (ev.command === 'GCF' && ev.trId === 0 && cur.status === 'in-progress' && cur.phase === 'NS') {
    cur.steps.push({ name: 'GCF', phase: 'NS', state: 'done', events: [ev.id] });
    touch(cur, ev);
  } else if (ev.command === 'CHL') {
    cur.pendingChallenge = ev;
    touch(cur, ev);
  } else if (ev.command === 'OUT') {
    touch(cur, ev);
    const why = ev.params[0] ?? '';
    close({ outcome: 'signed-out', code: null, reason: why, event: ev.id }, null);
    return null;
  }
  return cur;
}

/** Decides the outcome, marks the stop and fills in the steps the attempt never reached. */
function finishAttempt(index: EventIndex, b: Builder, reason: AttemptEnd | null, next: LogEvent | null): AttemptFacts {
  const gen = generationOf(b.version, b.pkg);
  b.steps = orderSteps(b.steps);
  const end = decideEnd(index, b, reason, next);
  markStop(b.steps, b.phase, end.outcome);
  if (b.pendingChallenge !== null && end.outcome === 'signed-in') {
    b.steps.push({ name: 'CHL/QRY', phase: 'NS', state: 'stopped', events: [b.pendingChallenge.id], note: 'CHL never answered with QRY' });
  }
  b.steps = mergeWithLadder(b.steps, gen, b.version);
  const steps: LoginStep[] = b.steps.map(toLoginStep);
  const stopStep = steps.find((s) => s.state === 'failed' || s.state === 'stopped') ?? null;
  const attempt: LoginAttempt = {
    generation: gen,
    protocolVersion: b.version,
    outcome: end.outcome,
    steps,
    connections: [...b.connections],
    startTime: b.first.time,
  };
  const ended = [...(end.event === null ? [] : [end.event]), ...b.extra];
  const evidence = [...new Set([...steps.flatMap((s) => s.events), ...ended])].sort((x, y) => x - y);
  return { attempt, end, stopStep, evidence, firstEvent: b.first, lastEvent: b.last };
}

function decideEnd(index: EventIndex, b: Builder, reason: AttemptEnd | null, next: LogEvent | null): AttemptEnd {
  if (b.end !== null) return b.end;
  if (reason !== null && reason.outcome === 'signed-out') return reason;
  if (b.status === 'signed-in') return { outcome: 'signed-in', code: null, reason: '', event: null };
  if (reason !== null) return reason;
  void index;
  return next === null
    ? { outcome: 'no-reply', code: null, reason: 'the log ends', event: null }
    : { outcome: 'no-reply', code: null, reason: 'the client started a new attempt', event: next.id };
}

