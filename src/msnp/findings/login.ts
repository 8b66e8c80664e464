/**
 * Login attempts: rebuilds every sign-in as a ladder of steps, following the state machines of msnp-protocol.md
 * §4 (MD5 2–7, TWN 8–14, SSO 15–20, MSNP21): dispatch `VER → CVR → USR I → XFR NS`, then on the notification
 * server `VER → CVR → USR I → (GCF) → USR S challenge/policy → (Passport) → USR S ticket → USR OK`, then the list
 * sync (SYN/ADL), the first CHG and the CHL/QRY challenge.
 *
 * One walk over the events feeds a small mutable builder per attempt; `finishAttempt` then decides the outcome
 * and fills in the steps that were never reached.
 */
import { DIR_CLIENT, DIR_SERVER, type EventStore } from '../event-store';
import { toEventId } from '../types';
import { LADDER_PACKAGES } from '../usr-packages';
import { errorCodeAt, firstReplyId, nextOnConnectionId, prevOnConnectionId } from './column-reads';
import type { EventIndex } from './event-index';
import { isAuthUsr } from './event-index';
import { NO_PARAM } from './param-bytes';
import { UNANSWERED_CHALLENGE } from './login-codes';
import { generationOf } from './login-ladder';
import { ACCEPTED_EARLIER, addEvent, addStep, finishAttempt, midSessionBuilder, newBuilder, touch, type AttemptEnd, type AttemptFacts, type Builder } from './login-attempt';

export type { AttemptEnd, AttemptFacts } from './login-attempt';

const VERSION_TOKEN = /^MSNP(\d+)$/; // `MSNP15`

function readVersion(tokens: readonly string[]): number | null {
  for (const t of tokens) {
    const m = VERSION_TOKEN.exec(t);
    if (m?.[1] !== undefined) return Number(m[1]);
  }
  return null;
}

/**
 * Walks the login lines once (index.loginLines: switchboard traffic and lines that cannot move an attempt are
 * already left out) and returns every login attempt in order.
 *
 * `perConnection`: the log is a server's (Escargot), where every connection is one client's and sessions
 * interleave; each connection then gets a walk of its own, and a sign-in handed over to another server
 * (`XFR … NS`) is not an attempt that stopped: the client goes on, on another connection.
 */
export function findLoginAttempts(index: EventIndex, perConnection = false): AttemptFacts[] {
  // One challenge table for every walk: a walk touches only its connections' slots, and a table per walk cost
  // connections² writes on a server log (44,000 connections: 8 s of a 10 s parse).
  const challenges = new Int32Array(index.store.connectionIds.length).fill(-1);
  if (!perConnection) {
    // Each log of the file on its own: an attempt never runs on from one into the next (a walk each).
    const out: AttemptFacts[] = [];
    for (const lines of linesBySession(index)) for (const a of walkAttempts(index, lines, false, challenges)) out.push(a);
    return out;
  }
  const out: AttemptFacts[] = [];
  for (const lines of linesByConnection(index)) for (const a of walkAttempts(index, lines, true, challenges)) out.push(a);
  return out.sort((a, b) => a.firstEvent.id - b.firstEvent.id);
}

/** index.loginLines cut at the session starts (views, no copies): one list for a file that holds one log. */
function linesBySession(index: EventIndex): Int32Array[] {
  const lines = index.loginLines;
  const starts = index.sessionStarts;
  if (starts.length === 0) return [lines];
  const out: Int32Array[] = [];
  let from = 0;
  for (let s = 0; s <= starts.length; s++) {
    const start = starts[s] ?? Number.MAX_SAFE_INTEGER;
    let to = from;
    while (to < lines.length && (lines[to] ?? 0) < start) to++;
    if (to > from) out.push(lines.subarray(from, to));
    from = to;
  }
  return out;
}

/** index.loginLines split by connection, each in log order (a counting sort: a server log has tens of thousands). */
function linesByConnection(index: EventIndex): Int32Array[] {
  const lines = index.loginLines;
  const conns = index.store.connectionIds.length;
  const counts = new Int32Array(conns);
  for (let k = 0; k < lines.length; k++) {
    const c = index.store.connIndex(lines[k] ?? 0);
    counts[c] = (counts[c] ?? 0) + 1;
  }
  const lanes: Int32Array[] = [];
  const laneOf = new Int32Array(conns).fill(-1);
  const fill = new Int32Array(conns);
  for (let k = 0; k < lines.length; k++) {
    const id = lines[k] ?? 0;
    const c = index.store.connIndex(id);
    if ((laneOf[c] ?? -1) < 0) {
      laneOf[c] = lanes.length;
      lanes.push(new Int32Array(counts[c] ?? 0));
    }
    const lane = lanes[laneOf[c] ?? 0] as Int32Array;
    lane[fill[c] ?? 0] = id;
    fill[c] = (fill[c] ?? 0) + 1;
  }
  return lanes;
}

function walkAttempts(index: EventIndex, lines: Int32Array, dropHandedOver: boolean, challenges: Int32Array): AttemptFacts[] {
  const done: AttemptFacts[] = [];
  let current: Builder | null = null;
  const close = (reason: AttemptEnd | null, next: number): void => {
    const b: Builder | null = current;
    current = null;
    if (b === null) return;
    if (dropHandedOver && reason === null && b.status === 'redirected') return;
    const facts = finishAttempt(index, b, reason, next);
    if (!(b.midSession && facts.attempt.outcome === 'signed-in')) done.push(facts);
  };
  const walk: Walk = { index, close, challenges, chl: index.store.verbs.indexOf('CHL') };
  for (let k3 = 0; k3 < lines.length; k3++) {
    const id = lines[k3] ?? 0;
    current = stepOne(walk, current, id);
  }
  close(null, -1);
  return done;
}

/** Ends the current attempt; `next` is the line that starts the next one (−1: none). */
type Close = (reason: AttemptEnd | null, next: number) => void;

/** What the walk carries from line to line besides the current attempt. */
interface Walk {
  readonly index: EventIndex;
  readonly close: Close;
  /**
   * Per connection index, the server's latest CHL since the client's latest QRY there (−1: none): what a QRY
   * answers. The walk sees every such line (index.loginLines keeps all of them on a connection that can carry a
   * QRY), so no walk back along the connection per QRY.
   */
  readonly challenges: Int32Array;
  /** The verb id of CHL (−1: none in the log). */
  readonly chl: number;
}

function stepOne(walk: Walk, cur: Builder | null, id: number): Builder | null {
  const { index, close } = walk;
  const { store } = index;
  const dir = store.dirCode(id);
  if (dir === DIR_SERVER) {
    if (store.verbIdOf(id) === walk.chl) walk.challenges[store.connIndex(id)] = id;
    return onServerLine(store, cur, id, close);
  }
  if (dir !== DIR_CLIENT) return cur;
  const command = store.commandOf(id);
  switch (command) {
    case 'VER':
      return onVer(index, cur, id, close);
    case 'INF':
    case 'CVR':
      return onSimpleStep(index, cur, id, close, command);
    case 'USR':
      return isAuthUsr(index, id) ? onUsr(index, cur, id, close) : cur;
    case 'GCF':
      return cur === null ? cur : (addStep(store, cur, 'GCF', id, firstReplyId(index, id)), cur);
    case 'SYN':
    case 'ADL':
      return onListSync(index, cur, id);
    case 'CHG':
      return onFirstChg(index, cur, id);
    case 'QRY': {
      const c = store.connIndex(id);
      const challenge = walk.challenges[c] ?? -1;
      walk.challenges[c] = -1;
      return onQry(index, cur, id, challenge);
    }
    case 'OUT':
      return onClientOut(index, cur, id, close);
    default:
      return cur;
  }
}

function onVer(index: EventIndex, cur: Builder | null, id: number, close: Close): Builder {
  const { store } = index;
  let b = cur;
  if (b !== null && b.status === 'redirected') {
    b.phase = 'NS';
    b.status = 'in-progress';
  } else {
    close(b === null || b.status === 'signed-in' ? null : startedOver(id), id);
    b = newBuilder(store, id);
  }
  const reply = firstReplyId(index, id);
  const step = addStep(store, b, 'VER', id, reply);
  b.version = readVersion(reply < 0 ? [] : store.paramsOf(reply)) ?? b.version ?? readVersion(store.paramsOf(id));
  if (reply >= 0 && store.commandOf(reply) === 'VER' && store.paramIs(reply, 0, '0')) {
    step.state = 'failed';
    step.note = `the server offered no common version (VER 0) for ${store.paramsOf(id).filter((p) => VERSION_TOKEN.test(p)).join(', ')}`;
    b.version = null;
    b.end = { outcome: 'version-refused', code: null, reason: 'VER 0', event: toEventId(reply) };
  } else if (reply >= 0 && step.state === 'done' && clientLeavesAfter(index, id)) {
    step.state = 'failed';
    step.note = `the client closed the connection right after the server chose ${b.version === null ? 'a version' : `MSNP${b.version}`}`;
    b.end = { outcome: 'version-refused', code: null, reason: 'client OUT after VER', event: toEventId(reply) };
  }
  return b;
}

/** True when the client's next command on that connection after `ver` is OUT (nothing pipelined in between). */
function clientLeavesAfter(index: EventIndex, ver: number): boolean {
  const { store } = index;
  let next = nextOnConnectionId(index, ver);
  while (next >= 0 && store.dirCode(next) === DIR_SERVER) next = nextOnConnectionId(index, next);
  return next >= 0 && store.commandOf(next) === 'OUT';
}

function startedOver(id: number): AttemptEnd {
  return { outcome: 'no-reply', code: null, reason: 'the client started a new attempt', event: toEventId(id) };
}

function onSimpleStep(index: EventIndex, cur: Builder | null, id: number, close: Close, name: string): Builder {
  let b = cur;
  if (b === null || b.status === 'signed-in') {
    close(null, id);
    b = newBuilder(index.store, id);
  }
  addStep(index.store, b, name, id, firstReplyId(index, id));
  return b;
}

/** The USR kinds and packages the walk tells apart (`USR 3 TWN I name`): asked on the bytes, no string cut. */
const USR_KINDS: readonly string[] = ['I', 'S'];
/** What `generationOf` makes of a package it does not know: any other text. */
const OTHER_PACKAGE = '?';

function onUsr(index: EventIndex, cur: Builder | null, id: number, close: Close): Builder | null {
  const { store, params } = index;
  const k = params.oneOf(id, 1, USR_KINDS);
  const kind = k === 0 ? 'I' : k === 1 ? 'S' : null;
  let b = cur;
  if (kind === 'I' && (b === null || b.status === 'signed-in')) {
    close(null, id);
    b = newBuilder(store, id);
  }
  if (b === null) return null;
  const pkg = params.oneOf(id, 0, LADDER_PACKAGES);
  if (pkg !== NO_PARAM) b.pkg = pkg >= 0 ? (LADDER_PACKAGES[pkg] ?? OTHER_PACKAGE) : OTHER_PACKAGE;
  const reply = firstReplyId(index, id);
  if (kind === 'I') onUsrInitial(store, b, id, reply);
  else if (kind === 'S') onUsrTicket(store, b, id, reply);
  return b;
}

function onUsrInitial(store: EventStore, b: Builder, id: number, reply: number): void {
  const step = addStep(store, b, 'USR I', id, reply);
  if (reply < 0 || step.state !== 'done') return;
  step.events = [toEventId(id)];
  const command = store.commandOf(reply);
  if (command === 'XFR' && store.paramIs(reply, 0, 'NS')) {
    for (const s of b.steps) s.phase = 'DS';
    b.phase = 'DS';
    b.steps.push({ name: 'XFR NS', phase: 'DS', state: 'done', events: [toEventId(reply)], note: undefined });
    b.status = 'redirected';
  } else if (command === 'USR' && store.paramIs(reply, 1, 'S')) {
    const name = generationOf(b.version, b.pkg) === 'MD5' ? 'USR S (salt)' : 'USR S (policy)';
    b.steps.push({ name, phase: b.phase, state: 'done', events: [toEventId(reply)], note: undefined });
  }
}

function onUsrTicket(store: EventStore, b: Builder, id: number, reply: number): void {
  const gen = generationOf(b.version, b.pkg);
  // One Passport step per phase: a ticket retried on the same connection does not fetch it again in the story.
  if (gen !== 'MD5' && !b.steps.some((s) => s.name === 'Passport' && s.phase === b.phase)) {
    b.steps.push({ name: 'Passport', phase: b.phase, state: 'done', events: [], note: undefined });
  }
  const step = addStep(store, b, gen === 'MD5' ? 'USR S (hash)' : 'USR S (ticket)', id, reply);
  if (reply < 0 || step.state !== 'done') return;
  step.events = [toEventId(id)];
  if (store.commandOf(reply) === 'USR' && store.paramIs(reply, 0, 'OK')) {
    b.steps.push({ name: 'USR OK', phase: b.phase, state: 'done', events: [toEventId(reply)], note: undefined });
    b.status = 'signed-in';
  }
}

function onListSync(index: EventIndex, cur: Builder | null, id: number): Builder | null {
  const { store } = index;
  if (cur === null || cur.status !== 'signed-in' || store.trIdOf(id) === 0) return cur;
  const existing = cur.listSync;
  if (existing === null) {
    cur.listSync = addStep(store, cur, 'SYN/ADL', id, firstReplyId(index, id));
  } else if (store.commandOf(id) === 'ADL' && cur.chg === null) {
    // Initial ADLs come in batches (libpurple: ≤150 contacts each); they form one step.
    const reply = firstReplyId(index, id);
    existing.events.push(toEventId(id));
    if (reply >= 0) existing.events.push(toEventId(reply));
    if (reply >= 0 && errorCodeAt(store, reply) !== null) existing.state = 'failed';
  }
  return cur;
}

function onFirstChg(index: EventIndex, cur: Builder | null, id: number): Builder | null {
  if (cur === null || cur.status !== 'signed-in' || cur.chg !== null) return cur;
  cur.chg = addStep(index.store, cur, 'CHG', id, firstReplyId(index, id));
  return cur;
}

/**
 * A QRY answers the server's CHL. A log that starts mid-session (documentation examples often do) still gets an
 * attempt here, so a 540 is reported as a failed challenge; such an attempt is dropped if it ends well.
 */
function onQry(index: EventIndex, cur: Builder | null, id: number, challenge: number): Builder {
  const { store } = index;
  const b = cur ?? midSessionBuilder(store, challenge >= 0 ? challenge : id);
  b.pendingChallenge = -1;
  const reply = firstReplyId(index, id);
  const code = reply < 0 ? null : errorCodeAt(store, reply);
  const state = reply < 0 ? 'pending' : code === null ? 'done' : 'failed';
  // Pushed one by one (no spread lists): a long session answers tens of thousands of challenges.
  let step = b.challenge;
  if (step === null) {
    step = { name: 'CHL/QRY', phase: 'NS', state, events: [], note: undefined };
    b.steps.push(step);
    b.challenge = step;
  } else if (step.state === 'done' && state !== 'done') {
    // A later challenge on the same session: one ladder step. The first one that is not answered well is what
    // the step is about: its lines replace the earlier challenges', which all passed. Those are still told (the
    // note), or the story would say the session completed nothing when the server accepted its first answers.
    step.note = acceptedChallengesNote(store, step.events);
    step.state = state;
    step.events = [];
  }
  if (challenge >= 0) addEvent(store, b, step, challenge);
  addEvent(store, b, step, id);
  if (reply >= 0) addEvent(store, b, step, reply);
  if (code !== null && b.end === null) {
    b.end = { outcome: code === 540 ? 'challenge-failed' : 'failed', code, reason: '', event: toEventId(reply) };
  }
  return b;
}

/** `the server accepted 1 earlier answer (QRY at line 2) before refusing one`, from the passed rounds' events. */
function acceptedChallengesNote(store: EventStore, events: readonly number[]): string | undefined {
  let count = 0;
  let first = -1;
  for (const id of events) {
    if (store.dirCode(id) !== DIR_CLIENT || store.commandOf(id) !== 'QRY') continue;
    if (count++ === 0) first = id;
  }
  if (count === 0) return undefined;
  const answers = count === 1 ? `1 earlier answer (QRY at line ${store.lineOf(first)})` : `${count} earlier answers (the first QRY at line ${store.lineOf(first)})`;
  return `${ACCEPTED_EARLIER} ${answers} before refusing one`;
}

function onClientOut(index: EventIndex, cur: Builder | null, id: number, close: Close): Builder | null {
  const { store } = index;
  // Some clients say OUT to the dispatch server once redirected: that is the normal hand-over.
  if (cur !== null && cur.status === 'redirected') return cur;
  if (cur !== null && cur.end === null && cur.status !== 'signed-in') {
    touch(store, cur, id);
    close({ outcome: 'no-reply', code: null, reason: 'the client gave up and sent OUT', event: toEventId(id) }, -1);
    return null;
  }
  if (cur !== null && !startsEmptyConnection(index, id)) {
    touch(store, cur, id); // the end of a session, or the client leaving after a failure
    cur.extra.push(toEventId(id));
    close(null, -1);
    return null;
  }
  close(null, id);
  if (!startsEmptyConnection(index, id)) return null;
  // A connection that carried nothing but the client's OUT: it gave up before sending VER.
  const b = newBuilder(store, id);
  b.steps.push({ name: 'VER', phase: 'NS', state: 'stopped', events: [toEventId(id)], note: 'the client sent OUT before VER' });
  b.end = { outcome: 'no-reply', code: null, reason: 'the client closed the connection (OUT) before sending VER', event: toEventId(id) };
  return b;
}

/**
 * True when nothing but earlier OUTs precede this OUT on its connection: a connection the client opened and
 * closed without protocol traffic (aMSN through a dead HTTP proxy: `->ns- OUT` every 15 s). The log may not
 * tell such connections apart, so earlier OUTs on the "same" connection do not count as traffic.
 */
function startsEmptyConnection(index: EventIndex, id: number): boolean {
  const prev = prevOnConnectionId(index, id);
  return prev < 0 || index.store.commandOf(prev) === 'OUT';
}

function onServerLine(store: EventStore, cur: Builder | null, id: number, close: Close): Builder | null {
  if (cur === null) return null;
  const command = store.commandOf(id);
  if (command === 'GCF' && store.trIdOf(id) === 0 && cur.status === 'in-progress' && cur.phase === 'NS') {
    cur.steps.push({ name: 'GCF', phase: 'NS', state: 'done', events: [toEventId(id)], note: undefined });
    touch(store, cur, id);
  } else if (command === 'CHL') {
    cur.pendingChallenge = id;
    touch(store, cur, id);
  } else if (command === 'OUT') {
    touch(store, cur, id);
    let why = store.paramAt(id, 0) ?? '';
    // A bare OUT while the server's challenge waits for its QRY: the server signs out a client that does not
    // answer (msnp-protocol.md §3, §4.2), so that is the reason to give, with the CHL among the evidence.
    if (why === '' && cur.pendingChallenge >= 0) {
      why = UNANSWERED_CHALLENGE;
      cur.extra.push(toEventId(cur.pendingChallenge));
    }
    close({ outcome: 'signed-out', code: null, reason: why, event: toEventId(id) }, -1);
    return null;
  }
  return cur;
}

