/**
 * Rate-limit bursts: for every 800 ("changing too rapidly") and 713 ("calling too rapidly"), rebuild the run of
 * attempts that led to it, say which command was throttled, how many were allowed, where the server pushed back,
 * what was retried while throttled and when the window would have freed.
 *
 * Numbers come from the seed's error list (THE source, see msnp-protocol.md §5): up to 8 switchboard requests in
 * any 60 s, failed ones counting; 4 quick REAs then the 5th refused; 4 CHGs then the 5th refused; 5 CALs answered
 * 216/217 then the 6th answered 713. The seed gives no time window for REA, CHG or CAL, nor any number for other
 * commands: those are inferred (60 s, the one window the seed documents) and the narrative says so.
 */
import { DIR_CLIENT } from '../event-store';
import type { EventId, RateLimitBurst } from '../types';
import { commandOfReplyId, firstReplyId } from './column-reads';
import type { EventIndex, OwnHandles } from './event-index';
import { isSbRequest, normalizeHandle, NO_IDS } from './event-index';
import { NOT_CLIENT, verbReplies } from './verb-replies';
import { WINDOW_SECONDS } from './rate-limit-window';
import { splitBySubject, ThrottleSubjects, type ConnectionAccounts } from './rate-limit-subjects';
import { ACCEPTED, burstOrder, burstSpans, growAttempts, NO_REPLY, orphanBurst, OTHER_ERROR, REFUSED, spanBurst, type Group, type Spans } from './rate-limit-spans';

export type ThrottleKind = 'rea-self' | 'rea-other' | 'chg' | 'xfr-sb' | 'cal' | 'other';

export interface ThrottleRule {
  readonly kind: ThrottleKind;
  /**
   * Stable grouping key: one burst sequence per key (cut at each log of the file, burstSpans), and on a server's
   * log per key and account (rate-limit-subjects.ts).
   */
  readonly key: string;
  /** `RateLimitBurst.throttled`. */
  readonly label: string;
  /** Accepted attempts before the refusal, from the seed; null when the seed gives none. */
  readonly seedLimit: number | null;
  /** True only where the seed states the 60 s window (switchboard requests). */
  readonly seedWindow: boolean;
}

export { WINDOW_SECONDS };

/**
 * A burst plus what the narrative needs beyond the contract type. `burst.attempts` lists the attempts that
 * counted towards the limit (`leading` of them), then the refused one, then the retries sent while throttled;
 * an orphan (its command not in the log) has no attempts.
 */
export interface BurstFacts {
  readonly burst: RateLimitBurst;
  readonly rule: ThrottleRule;
  /** How many of `burst.attempts` came before the refused one and counted towards the limit. */
  readonly leading: number;
  /** The reply of each of `burst.attempts` (−1: none), in the same order. */
  readonly replies: readonly number[];
  /** How many retries were refused too (the others got no reply). */
  readonly retriesRefused: number;
  /** Ids of the error line(s) that refused attempts; the first is what triggered the rebuild. */
  readonly refusals: readonly EventId[];
  readonly evidence: readonly EventId[];
}

/** True unless the burst is an orphan: its refused command is among its attempts. */
export function hasRefusedAttempt(f: BurstFacts): boolean {
  return f.burst.attempts.length > 0;
}

/** How many attempts were sent while throttled, after the refused one. */
export function retryCount(f: BurstFacts): number {
  return Math.max(0, f.burst.attempts.length - f.leading - 1);
}

const REA_OTHER: ThrottleRule = { kind: 'rea-other', key: 'REA-other', label: 'REA (rename a contact)', seedLimit: null, seedWindow: false };
const REA_SELF: ThrottleRule = { kind: 'rea-self', key: 'REA-self', label: 'REA (rename self)', seedLimit: 4, seedWindow: false };
const CHG: ThrottleRule = { kind: 'chg', key: 'CHG', label: 'CHG', seedLimit: 4, seedWindow: false };
const CAL: ThrottleRule = { kind: 'cal', key: 'CAL', label: 'CAL', seedLimit: 5, seedWindow: false };
const XFR_SB: ThrottleRule = { kind: 'xfr-sb', key: 'XFR-SB', label: 'XFR SB', seedLimit: 8, seedWindow: true };

/** Which throttle the event `id` falls under; null for lines that are not client commands. */
export function classifyThrottle(index: EventIndex, id: number, own: OwnHandles): ThrottleRule | null {
  const { store } = index;
  if (store.dirCode(id) !== DIR_CLIENT) return null;
  const command = store.commandOf(id);
  switch (command) {
    case 'REA': {
      const ownHandle = own.of(id);
      if (ownHandle === null) return REA_SELF;
      // A target already in normal form is compared on its bytes (no string cut, nothing lower-cased).
      const { params } = index;
      if (params.scan(id, 1) >= 1 && params.tokenIsNormalHandle(0)) return params.tokenIs(0, ownHandle) ? REA_SELF : REA_OTHER;
      const target = store.paramAt(id, 0);
      const other = target !== undefined && normalizeHandle(target) !== ownHandle;
      return other ? REA_OTHER : REA_SELF;
    }
    case 'CHG':
      return CHG;
    case 'CAL':
      return CAL;
    case 'XFR':
      if (isSbRequest(index, id)) return XFR_SB;
      break;
    default:
      break;
  }
  const label = command === 'XFR' ? `XFR ${store.paramAt(id, 0) ?? ''}`.trim() : command;
  return { kind: 'other', key: `other-${label}`, label, seedLimit: null, seedWindow: false };
}


/** The command a 713/800 answers: pairing's `replyTo`, else the latest client line with its TrId (−1: none). */
function throttledCommand(index: EventIndex, reply: number): number {
  if (index.store.replyToOf(reply) < 0 && index.store.trIdOf(reply) === null) return -1;
  return commandOfReplyId(index, reply);
}

/**
 * Rebuilds every 713/800 burst in the log, in the order of the refused commands, and hands each to `each` (with
 * its 1-based rank) as soon as it is built: what `each` keeps of it is all that outlives the call. `accounts`: on
 * a server's log, whose each connection is; the attempts then form one sequence per rule and account (per
 * connection where unknown), as the server throttles each user on their own. Null (a client's log, one user's):
 * one sequence per rule.
 */
export function findRateLimitBursts<T>(index: EventIndex, own: OwnHandles, each: (facts: BurstFacts, n: number) => T, accounts: ConnectionAccounts | null = null): T[] {
  // One loop per function (here and below): on a fresh run a long loop is optimised while it runs, and the code
  // after it, never run yet, threw the optimised function back to the interpreter when the loop ended.
  const groups = new Map<string, Group>();
  // Sized once to the bound (every server error an orphan refusal): a grep of a server log for `800` has a
  // million, and lists pushed one by one cost several times the pages they fill.
  const bound = index.serverErrors.length;
  const orphans: Orphans = { ids: new Int32Array(bound), barriers: new Int32Array(bound), count: 0 };
  groupRefusals(index, own, groups, orphans);
  if (groups.size > 0) collectAttempts(index, own, groups);
  const all = [...groups.values()];
  const list = accounts === null ? all : splitBySubject(index, all, new ThrottleSubjects(accounts, index.firstOnConn.length));
  const spans = burstSpans(list, index.sessionStarts);
  return eachBurst(index, list, spans, orphanRuns(index, orphans), each);
}

/**
 * Refusals whose command is not in the log, in log order, each with the latest refusal of a known command on its
 * connection before it (−1: none), which ends a run of them.
 */
interface Orphans {
  readonly ids: Int32Array;
  readonly barriers: Int32Array;
  /** How many of `ids` (and `barriers`) are filled. */
  count: number;
}

/**
 * Refusals whose command is not in the log, as runs: one burst per run, not per line. A run is the orphan
 * refusals of one connection and code, in one log of the file, where each comes within the window of the one
 * before (with times), or with no refusal of a known command between them (without): a log cut after the
 * commands, or a grep of a server log for `800`, can hold thousands of them, and a finding each said the same
 * thing thousands of times.
 */
interface OrphanRuns {
  /** The first refusal of each run, in log order (what burstOrder sorts by). */
  readonly firsts: number[];
  readonly runs: number[][];
}

function orphanRuns(index: EventIndex, orphans: Orphans): OrphanRuns {
  const { store } = index;
  const n = orphans.count;
  // First each orphan's run and each run's size, then every run's list at its final size.
  const runOf = new Int32Array(n);
  const runLast = new Int32Array(n);
  const runSize = new Int32Array(n);
  const firsts: number[] = [];
  // Per (connection, code): the run the next orphan may join.
  const open = new Map<number, number>();
  // A run ends at a session start (another log of the file): its connections are new ones anyway, but a run must
  // not depend on how the connections were told apart. The usual one-log file has none: one compare an orphan.
  const starts = index.sessionStarts;
  let s = 0;
  for (let k = 0; k < n; k++) {
    const id = orphans.ids[k] ?? 0;
    if (s < starts.length && (starts[s] ?? 0) <= id) {
      while (s < starts.length && (starts[s] ?? 0) <= id) s++;
      open.clear();
    }
    const key = store.connIndex(id) * 2 + (store.codeOf(id) === 713 ? 1 : 0);
    let run = open.get(key) ?? -1;
    if (run < 0 || !sameRun(store, runLast[run] ?? 0, id, orphans.barriers[k] ?? -1)) {
      run = firsts.length;
      open.set(key, run);
      firsts.push(id);
    }
    runOf[k] = run;
    runLast[run] = id;
    runSize[run] = (runSize[run] ?? 0) + 1;
  }
  return { firsts, runs: fillRuns(orphans.ids, runOf, runSize, firsts.length) };
}

/** The ids of each run (`runOf[k]`: the run of `ids[k]`), in the order they come, each list allocated once. */
function fillRuns(ids: Int32Array, runOf: Int32Array, runSize: Int32Array, count: number): number[][] {
  const runs: number[][] = new Array<number[]>(count);
  for (let r = 0; r < count; r++) runs[r] = new Array<number>(runSize[r] ?? 0);
  const filled = new Int32Array(count);
  for (let k = 0; k < runOf.length; k++) {
    const r = runOf[k] ?? 0;
    const run = runs[r];
    if (run === undefined) continue;
    const at = filled[r] ?? 0;
    filled[r] = at + 1;
    run[at] = ids[k] ?? 0;
  }
  return runs;
}

/** Orphan refusal b continues the run whose last is a (same connection and code); `barrier`: see Orphans. */
function sameRun(store: EventIndex['store'], a: number, b: number, barrier: number): boolean {
  const ta = store.timeOf(a);
  const tb = store.timeOf(b);
  if (ta !== null && tb !== null) return tb - ta <= WINDOW_SECONDS * 1000;
  return barrier < a;
}

/** The groups of the throttled commands, one per rule key, and the refusals whose command is not in the log. */
function groupRefusals(index: EventIndex, own: OwnHandles, groups: Map<string, Group>, orphans: Orphans): void {
  const { store } = index;
  // Per connection index, its latest refusal of a known command so far (−1: none).
  const known = new Map<number, number>();
  for (let k9 = 0, ids9 = index.serverErrors; k9 < ids9.length; k9++) {
    const id = ids9[k9] ?? 0;
    const code = store.codeOf(id);
    if (code !== 713 && code !== 800) continue;
    const cmd = throttledCommand(index, id);
    const rule = cmd < 0 ? null : classifyThrottle(index, cmd, own);
    const c = store.connIndex(id);
    if (rule === null) {
      orphans.ids[orphans.count] = id;
      orphans.barriers[orphans.count++] = known.get(c) ?? -1;
      continue;
    }
    known.set(c, id);
    if (!groups.has(rule.key)) groups.set(rule.key, newGroup(rule, code, store.commandOf(cmd)));
  }
}

/** Each burst (spans, then orphans) in the order of its refused line, handed to `each`. */
function eachBurst<T>(index: EventIndex, list: readonly Group[], spans: Spans, orphans: OrphanRuns, each: (facts: BurstFacts, n: number) => T): T[] {
  const order = burstOrder(list, spans, orphans.firsts);
  const out = new Array<T>(order.length);
  const nSpans = spans.group.length;
  for (let k = 0; k < order.length; k++) {
    const s = order[k] ?? 0;
    const facts = s < nSpans ? spanBurst(index, list, spans, s) : orphanBurst(index.store, orphans.runs[s - nSpans] ?? []);
    out[k] = each(facts, k + 1);
  }
  return out;
}

function newGroup(rule: ThrottleRule, code: number, verb: string): Group {
  return { rule, code, verb, ids: NO_IDS, replies: NO_IDS, outcomes: new Uint8Array(0), count: 0 };
}

/**
 * One pass over the lines of the throttled verbs for every group at once. Attempts keep log order within each
 * group.
 */
function collectAttempts(index: EventIndex, own: OwnHandles, groups: Map<string, Group>): void {
  const anyOther = [...groups.keys()].some((k) => k.startsWith('other-'));
  // Every attempt of a group has the verb of the command that was refused: walk only those verbs' lines.
  for (const verb of new Set([...groups.values()].map((g) => g.verb))) {
    if (SHARED_REPLIES.has(verb)) collectWithReplies(index, own, groups, verb, anyOther);
    else collectVerb(index, own, groups, verb, anyOther);
  }
}

/** Verbs whose lines' replies the switchboard rules read too: looked up once for both (verb-replies.ts). */
const SHARED_REPLIES: ReadonlySet<string> = new Set(['CAL', 'XFR']);

function collectVerb(index: EventIndex, own: OwnHandles, groups: Map<string, Group>, verb: string, anyOther: boolean): void {
  const { store } = index;
  const ids = index.verbIds.get(verb) ?? NO_IDS;
  const fixed = fixedGroup(groups, verb, anyOther);
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k] ?? 0;
    // Server-initiated `CHG 0` echoes are not attempts; a CHG without TrId is not one either.
    if (store.dirCode(id) !== DIR_CLIENT || store.trIdOf(id) === 0) continue;
    const group = fixed === null ? groups.get(throttleKey(index, id, verb, own, anyOther)) : fixed;
    if (group === undefined) continue;
    const reply = firstReplyId(index, id);
    addAttempt(group, ids.length, id, reply, reply < 0 ? -1 : store.codeOf(reply));
  }
}

/** collectVerb with each line's direction, reply and reply code from the shared list. */
function collectWithReplies(index: EventIndex, own: OwnHandles, groups: Map<string, Group>, verb: string, anyOther: boolean): void {
  const { store } = index;
  const ids = index.verbIds.get(verb) ?? NO_IDS;
  const replies = verbReplies(index, verb);
  const fixed = fixedGroup(groups, verb, anyOther);
  // A switchboard request's group, looked up once (most XFR lines the client sends are one).
  const sb = verb === 'XFR' ? groups.get(XFR_SB.key) : undefined;
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k] ?? 0;
    const reply = replies.reply[k] ?? NOT_CLIENT;
    if (reply === NOT_CLIENT || store.trIdOf(id) === 0) continue;
    let group = fixed;
    if (group === null) group = sb !== undefined && isSbRequest(index, id) ? sb : groups.get(throttleKey(index, id, verb, own, anyOther));
    if (group !== undefined) addAttempt(group, ids.length, id, reply, replies.code[k] ?? -1);
  }
}

/**
 * The group of every client line of `verb` when its key does not depend on the line (`throttleKey`: every verb
 * but XFR and REA), undefined when no such group exists; null when each line must be asked.
 */
function fixedGroup(groups: Map<string, Group>, verb: string, anyOther: boolean): Group | undefined | null {
  switch (verb) {
    case 'XFR':
    case 'REA':
      return null;
    case 'CHG':
    case 'CAL':
      return groups.get(verb);
    default:
      return anyOther ? groups.get(`other-${verb}`) : undefined;
  }
}

/** Appends an attempt (its reply −1: none; the reply's code −1: no error). */
function addAttempt(group: Group, bound: number, id: number, reply: number, replyCode: number): void {
  const at = group.count++;
  if (at === group.ids.length) growAttempts(group, bound);
  group.ids[at] = id;
  group.replies[at] = reply;
  group.outcomes[at] = reply < 0 ? NO_REPLY : replyCode < 0 ? ACCEPTED : replyCode === group.code ? REFUSED : OTHER_ERROR;
}

/** `classifyThrottle(…).key` of a client line (`command`: its verb), without building a rule for the common commands. */
function throttleKey(index: EventIndex, id: number, command: string, own: OwnHandles, anyOther: boolean): string {
  switch (command) {
    case 'CHG':
    case 'CAL':
      return command;
    case 'XFR':
      if (isSbRequest(index, id)) return XFR_SB.key;
      return classifyThrottle(index, id, own)?.key ?? '';
    case 'REA':
      return classifyThrottle(index, id, own)?.key ?? '';
    default:
      return anyOther ? `other-${command}` : ''; // no string per line when no other command was throttled
  }
}
