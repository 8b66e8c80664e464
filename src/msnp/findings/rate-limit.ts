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
import { DIR_CLIENT, type EventStore } from '../event-store';
import type { EventId, RateLimitBurst } from '../types';
import { toEventId } from '../types';
import { commandOfReplyId, firstReplyId } from './column-reads';
import type { EventIndex } from './event-index';
import { isSbRequest, normalizeHandle, NO_IDS } from './event-index';
import { NOT_CLIENT, verbReplies } from './verb-replies';
import { allTimed, computeFreeAt, evidenceOfAttempts, WINDOW_SECONDS, windowOf } from './rate-limit-window';

export type ThrottleKind = 'rea-self' | 'rea-other' | 'chg' | 'xfr-sb' | 'cal' | 'other';

export interface ThrottleRule {
  readonly kind: ThrottleKind;
  /** Stable grouping key: one burst sequence per key. */
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
export function classifyThrottle(index: EventIndex, id: number, ownHandle: string | null): ThrottleRule | null {
  const { store } = index;
  if (store.dirCode(id) !== DIR_CLIENT) return null;
  const command = store.commandOf(id);
  switch (command) {
    case 'REA': {
      const target = store.paramAt(id, 0);
      const other = ownHandle !== null && target !== undefined && normalizeHandle(target) !== ownHandle;
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

const ACCEPTED = 0;
const REFUSED = 1;
const OTHER_ERROR = 2;
const NO_REPLY = 3;

/** The command a 713/800 answers: pairing's `replyTo`, else the latest client line with its TrId (−1: none). */
function throttledCommand(index: EventIndex, reply: number): number {
  if (index.store.replyToOf(reply) < 0 && index.store.trIdOf(reply) === null) return -1;
  return commandOfReplyId(index, reply);
}

/**
 * The throttled attempts of one command (one rule key), in log order, as parallel typed arrays (`count` used):
 * an object per attempt for every CHG/CAL/XFR of a big log was most of this rule's cost, and JS arrays of them
 * lived long enough to be promoted, at the parse's memory peak.
 */
interface Group {
  readonly rule: ThrottleRule;
  readonly code: number;
  /** The verb of the refused command: every attempt of the group has it. */
  readonly verb: string;
  ids: Int32Array;
  replies: Int32Array;
  /** ACCEPTED, REFUSED, OTHER_ERROR or NO_REPLY. */
  outcomes: Uint8Array;
  count: number;
}

/**
 * Rebuilds every 713/800 burst in the log, in the order of the refused commands, and hands each to `each` (with
 * its 1-based rank) as soon as it is built: what `each` keeps of it is all that outlives the call.
 */
export function findRateLimitBursts<T>(index: EventIndex, ownHandle: string | null, each: (facts: BurstFacts, n: number) => T): T[] {
  const { store } = index;
  const groups = new Map<string, Group>();
  const orphans: number[] = [];
  for (let k9 = 0, ids9 = index.serverErrors; k9 < ids9.length; k9++) {
    const id = ids9[k9] ?? 0;
    const code = store.codeOf(id);
    if (code !== 713 && code !== 800) continue;
    const cmd = throttledCommand(index, id);
    const rule = cmd < 0 ? null : classifyThrottle(index, cmd, ownHandle);
    if (rule === null) orphans.push(id);
    else if (!groups.has(rule.key)) groups.set(rule.key, newGroup(rule, code, store.commandOf(cmd)));
  }
  if (groups.size > 0) collectAttempts(index, ownHandle, groups);
  const list = [...groups.values()];
  const spans = burstSpans(list);
  const out: T[] = [];
  for (const s of burstOrder(list, spans, orphans)) {
    const facts = s < spans.group.length ? spanBurst(index, list, spans, s) : orphanBurst(store, orphans[s - spans.group.length] ?? 0);
    out.push(each(facts, out.length + 1));
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
function collectAttempts(index: EventIndex, ownHandle: string | null, groups: Map<string, Group>): void {
  const anyOther = [...groups.keys()].some((k) => k.startsWith('other-'));
  // Every attempt of a group has the verb of the command that was refused: walk only those verbs' lines.
  for (const verb of new Set([...groups.values()].map((g) => g.verb))) {
    if (SHARED_REPLIES.has(verb)) collectWithReplies(index, ownHandle, groups, verb, anyOther);
    else collectVerb(index, ownHandle, groups, verb, anyOther);
  }
}

/** Verbs whose lines' replies the switchboard rules read too: looked up once for both (verb-replies.ts). */
const SHARED_REPLIES: ReadonlySet<string> = new Set(['CAL', 'XFR']);

function collectVerb(index: EventIndex, ownHandle: string | null, groups: Map<string, Group>, verb: string, anyOther: boolean): void {
  const { store } = index;
  const ids = index.verbIds.get(verb) ?? NO_IDS;
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k] ?? 0;
    // Server-initiated `CHG 0` echoes are not attempts; a CHG without TrId is not one either.
    if (store.dirCode(id) !== DIR_CLIENT || store.trIdOf(id) === 0) continue;
    const group = groups.get(throttleKey(index, id, verb, ownHandle, anyOther));
    if (group === undefined) continue;
    const reply = firstReplyId(index, id);
    addAttempt(group, ids.length, id, reply, reply < 0 ? -1 : store.codeOf(reply));
  }
}

/** collectVerb with each line's direction, reply and reply code from the shared list. */
function collectWithReplies(index: EventIndex, ownHandle: string | null, groups: Map<string, Group>, verb: string, anyOther: boolean): void {
  const { store } = index;
  const ids = index.verbIds.get(verb) ?? NO_IDS;
  const replies = verbReplies(index, verb);
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k] ?? 0;
    const reply = replies.reply[k] ?? NOT_CLIENT;
    if (reply === NOT_CLIENT || store.trIdOf(id) === 0) continue;
    const group = groups.get(throttleKey(index, id, verb, ownHandle, anyOther));
    if (group !== undefined) addAttempt(group, ids.length, id, reply, replies.code[k] ?? -1);
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

/**
 * Doubles a group's lists (at most to `bound`, the verb's line count). Grown, not sized for every line of the
 * verb: a throttled verb's client lines are a fraction of its lines, and the lists live at the memory peak.
 */
function growAttempts(g: Group, bound: number): void {
  const capacity = Math.min(bound, Math.max(256, g.ids.length * 2));
  const ids = new Int32Array(capacity);
  const replies = new Int32Array(capacity);
  const outcomes = new Uint8Array(capacity);
  ids.set(g.ids);
  replies.set(g.replies);
  outcomes.set(g.outcomes);
  g.ids = ids;
  g.replies = replies;
  g.outcomes = outcomes;
}

/** `classifyThrottle(…).key` of a client line (`command`: its verb), without building a rule for the common commands. */
function throttleKey(index: EventIndex, id: number, command: string, ownHandle: string | null, anyOther: boolean): string {
  switch (command) {
    case 'CHG':
    case 'CAL':
      return command;
    case 'XFR':
      if (isSbRequest(index, id)) return XFR_SB.key;
      return classifyThrottle(index, id, ownHandle)?.key ?? '';
    case 'REA':
      return classifyThrottle(index, id, ownHandle)?.key ?? '';
    default:
      return anyOther ? `other-${command}` : ''; // no string per line when no other command was throttled
  }
}

/**
 * Where each burst sits in its group's attempts, one entry per burst in parallel lists: attempts `from..refused−1`
 * may count towards the limit, `refused` is the refusal that starts it, `refused+1..end−1` are the retries.
 */
interface Spans {
  readonly group: number[];
  readonly from: number[];
  readonly refused: number[];
  readonly end: number[];
}

/** Cuts each group's attempts into bursts: each starts at a refusal and ends at the next accepted attempt. */
function burstSpans(groups: readonly Group[]): Spans {
  const spans: Spans = { group: [], from: [], refused: [], end: [] };
  for (let gi = 0; gi < groups.length; gi++) {
    const g = groups[gi] as Group;
    const n = g.count;
    let consumedUpTo = 0; // attempts before this index belong to an earlier burst
    let i = 0;
    while (i < n) {
      if (g.outcomes[i] !== REFUSED) {
        i++;
        continue;
      }
      let end = i + 1;
      while (end < n && (g.outcomes[end] === REFUSED || g.outcomes[end] === NO_REPLY)) end++; // retried while throttled
      spans.group.push(gi);
      spans.from.push(consumedUpTo);
      spans.refused.push(i);
      spans.end.push(end);
      consumedUpTo = end;
      i = end;
    }
  }
  return spans;
}

/**
 * Positions of the bursts (spans first, then orphans after them) ordered by the id of the refused line. Those ids
 * are distinct, so (id, position) packed into one double sorts natively, with no comparator and no object per burst
 * (exact while ids × bursts stay below 2⁵³: a million events times a million bursts is 10¹²).
 */
function burstOrder(groups: readonly Group[], spans: Spans, orphans: readonly number[]): Int32Array {
  const nSpans = spans.group.length;
  const total = nSpans + orphans.length;
  const keys = new Float64Array(total);
  for (let s = 0; s < nSpans; s++) {
    const g = groups[spans.group[s] ?? 0] as Group;
    keys[s] = (g.ids[spans.refused[s] ?? 0] ?? 0) * total + s;
  }
  for (let o = 0; o < orphans.length; o++) keys[nSpans + o] = (orphans[o] ?? 0) * total + nSpans + o;
  keys.sort();
  const order = new Int32Array(total);
  for (let k = 0; k < total; k++) order[k] = (keys[k] ?? 0) % total;
  return order;
}

/** A burst's attempts as they are gathered, in order, with their replies and the replies that refused them. */
interface Gathered {
  readonly attempts: EventId[];
  readonly replies: number[];
  readonly refusals: EventId[];
}

/** Adds attempt k of the group; true when it was refused. */
function gather(g: Group, k: number, out: Gathered): boolean {
  const reply = g.replies[k] ?? -1;
  out.attempts.push(toEventId(g.ids[k] ?? 0));
  out.replies.push(reply);
  const refused = g.outcomes[k] === REFUSED;
  if (refused && reply >= 0) out.refusals.push(toEventId(reply));
  return refused;
}

/** The burst of span `s`: its counting attempts (inside the window before the refusal), the refusal, the retries. */
function spanBurst(index: EventIndex, groups: readonly Group[], spans: Spans, s: number): BurstFacts {
  const { store } = index;
  const g = groups[spans.group[s] ?? 0] as Group;
  const refused = spans.refused[s] ?? 0;
  const end = spans.end[s] ?? 0;
  const refusedTime = store.timeOf(g.ids[refused] ?? 0);
  // With times, only the attempts inside the window before the refusal (or without a time) count; without, all.
  const windowed = index.hasTimes && refusedTime !== null;
  const windowStart = refusedTime === null ? 0 : refusedTime - WINDOW_SECONDS * 1000;
  const got: Gathered = { attempts: [], replies: [], refusals: [] };
  let allowed = 0;
  for (let k = spans.from[s] ?? 0; k < refused; k++) {
    const t = windowed ? store.timeOf(g.ids[k] ?? 0) : null;
    if ((t === null || t > windowStart) && !gather(g, k, got)) allowed++;
  }
  const leading = got.attempts.length;
  gather(g, refused, got);
  let retriesRefused = 0;
  for (let k = refused + 1; k < end; k++) if (gather(g, k, got)) retriesRefused++;
  // A copy sized to its length: a list grown by push keeps up to half again as many slots, and ten thousand
  // bursts' lists outlive the parse in the result.
  const burst = burstOf(index, g, got.attempts.slice(), leading, allowed);
  const evidence = evidenceOfAttempts(got.attempts, got.replies);
  return { burst, rule: g.rule, leading, replies: got.replies, retriesRefused, refusals: got.refusals, evidence };
}

function burstOf(index: EventIndex, g: Group, attempts: EventId[], leading: number, allowed: number): RateLimitBurst {
  const { store } = index;
  const { rule, code } = g;
  const timed = index.hasTimes && allTimed(store, attempts);
  const limit = rule.seedLimit ?? allowed;
  const source = rule.seedWindow ? 'seed' : 'inferred';
  const refusedAt = attempts[leading] ?? toEventId(0);
  return {
    throttled: rule.label,
    code: code === 713 ? 713 : 800,
    attempts,
    allowed,
    refusedAt,
    retriesWhileThrottled: attempts.slice(leading + 1),
    window: windowOf(limit, source),
    freeAt: timed ? computeFreeAt(store, attempts, limit, refusedAt) : null,
    timed,
  };
}

/** A 713/800 whose command is not in the log (the log starts after it, or the TrId was unreadable). */
function orphanBurst(store: EventStore, id: number): BurstFacts {
  const code = store.codeOf(id) === 713 ? 713 : 800;
  const trId = store.trIdOf(id);
  const rule: ThrottleRule = {
    kind: 'other',
    key: `orphan-${id}`,
    label: trId === null ? 'a command not in the log' : `a command not in the log (TrId ${trId})`,
    seedLimit: null,
    seedWindow: false,
  };
  const burst: RateLimitBurst = {
    throttled: rule.label,
    code,
    attempts: [],
    allowed: 0,
    refusedAt: toEventId(id),
    retriesWhileThrottled: [],
    window: null,
    freeAt: null,
    timed: store.timeOf(id) !== null,
  };
  return { burst, rule, leading: 0, replies: [], retriesRefused: 0, refusals: [toEventId(id)], evidence: [toEventId(id)] };
}
