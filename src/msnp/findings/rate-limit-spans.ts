/**
 * Where the rate-limit bursts sit in the attempts of each throttled command (rate-limit.ts gathers them), and the
 * facts of each burst: its counting attempts inside the window, the refusal, the retries, when the window frees.
 */
import { formatCount } from '../format-count';
import type { EventStore } from '../event-store';
import type { EventId, RateLimitBurst } from '../types';
import { toEventId } from '../types';
import type { EventIndex } from './event-index';
import type { BurstFacts, ThrottleRule } from './rate-limit';
import { documentedCode, evidenceOfAttempts, freeAtOf, WINDOW_SECONDS, windowOf } from './rate-limit-window';

/** What an attempt got: accepted, refused with the burst's code, another error, no reply. */
export const ACCEPTED = 0;
export const REFUSED = 1;
export const OTHER_ERROR = 2;
export const NO_REPLY = 3;

/**
 * The throttled attempts of one command (one rule key), in log order, as parallel typed arrays (`count` used):
 * an object per attempt for every CHG/CAL/XFR of a big log was most of this rule's cost, and JS arrays of them
 * lived long enough to be promoted, at the parse's memory peak.
 */
export interface Group {
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
 * Doubles a group's lists (at most to `bound`, the verb's line count). Grown, not sized for every line of the
 * verb: a throttled verb's client lines are a fraction of its lines, and the lists live at the memory peak.
 */
export function growAttempts(g: Group, bound: number): void {
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

/** Appends an attempt whose outcome is known (rate-limit-subjects.ts: an attempt moved to its account's group). */
export function addOutcome(group: Group, bound: number, id: number, reply: number, outcome: number): void {
  const at = group.count++;
  if (at === group.ids.length) growAttempts(group, bound);
  group.ids[at] = id;
  group.replies[at] = reply;
  group.outcomes[at] = outcome;
}

/**
 * Where each burst sits in its group's attempts, one entry per burst in parallel lists: attempts `from..refused−1`
 * may count towards the limit, `refused` is the refusal that starts it, `refused+1..end−1` are the retries.
 */
export interface Spans {
  readonly group: number[];
  readonly from: number[];
  readonly refused: number[];
  readonly end: number[];
}

/**
 * Cuts each group's attempts into bursts: each starts at a refusal and ends at the next accepted attempt.
 * `starts` (EventIndex.sessionStarts): another log of the file begins at each, so no burst reaches back or on
 * across one: the attempts of an earlier log never count towards a refusal, and a retry run ends there.
 */
export function burstSpans(groups: readonly Group[], starts: Int32Array): Spans {
  const spans: Spans = { group: [], from: [], refused: [], end: [] };
  for (let gi = 0; gi < groups.length; gi++) {
    const g = groups[gi] as Group;
    const n = g.count;
    let consumedUpTo = 0; // attempts before this index belong to an earlier burst, or to an earlier log
    // The first session start after the attempt at i (MAX: none, the usual one-log file: one compare an attempt).
    let s = 0;
    let nextStart = starts.length === 0 ? MAX_ID : (starts[0] ?? MAX_ID);
    let i = 0;
    while (i < n) {
      if ((g.ids[i] ?? 0) >= nextStart) {
        while (s < starts.length && (starts[s] ?? 0) <= (g.ids[i] ?? 0)) s++;
        nextStart = s < starts.length ? (starts[s] ?? MAX_ID) : MAX_ID;
        consumedUpTo = i;
      }
      if (g.outcomes[i] !== REFUSED) {
        i++;
        continue;
      }
      let end = i + 1;
      // Retried while throttled, in the same log.
      while (end < n && (g.outcomes[end] === REFUSED || g.outcomes[end] === NO_REPLY) && (g.ids[end] ?? 0) < nextStart) end++;
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

/** Above every event id: no session start. */
const MAX_ID = 0x7fffffff;

/**
 * Positions of the bursts (spans first, then orphans after them) ordered by the id of the refused line. Those ids
 * are distinct, so (id, position) packed into one double sorts natively, with no comparator and no object per burst
 * (exact while ids × bursts stay below 2⁵³: a million events times a million bursts is 10¹²).
 */
export function burstOrder(groups: readonly Group[], spans: Spans, orphans: readonly number[]): Int32Array {
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

/**
 * A burst's attempts and their replies, in lists sized up front (ten thousand bursts' lists outlive the parse in
 * the result, and lists grown by push were most of this rule's allocation), filled by `gather`.
 */
interface Gathered {
  readonly attempts: EventId[];
  readonly replies: number[];
  /** How many are filled. */
  count: number;
  /** With times: each attempt's time (NaN: none), in the same order, and how many have none. */
  readonly times: Float64Array;
  untimed: number;
  /** How many of them were refused (with a reply). */
  refusals: number;
}

/** Adds attempt k of the group; true when it was refused. */
function gather(g: Group, k: number, out: Gathered, time: number): boolean {
  const reply = g.replies[k] ?? -1;
  out.attempts[out.count] = toEventId(g.ids[k] ?? 0);
  out.replies[out.count] = reply;
  out.times[out.count] = time;
  if (Number.isNaN(time)) out.untimed++;
  out.count++;
  const refused = g.outcomes[k] === REFUSED;
  if (refused && reply >= 0) out.refusals++;
  return refused;
}

/** The burst of span `s`: its counting attempts (inside the window before the refusal), the refusal, the retries. */
export function spanBurst(index: EventIndex, groups: readonly Group[], spans: Spans, s: number): BurstFacts {
  const { store } = index;
  const g = groups[spans.group[s] ?? 0] as Group;
  const refused = spans.refused[s] ?? 0;
  const end = spans.end[s] ?? 0;
  const refusedTime = store.timeOrNaN(g.ids[refused] ?? 0);
  // With times, only the attempts inside the window before the refusal (or without a time) count; without, all.
  // The lists are sized for every candidate and cut to what was gathered (cutting shrinks them in place).
  const from = spans.from[s] ?? 0;
  const windowed = index.hasTimes && !Number.isNaN(refusedTime);
  const windowStart = refusedTime - WINDOW_SECONDS * 1000;
  const size = end - from;
  // Each attempt's time is read once, here (every read is a cache miss on a big log), and only when the burst can
  // be timed: without a time on the refusal it is not.
  const got: Gathered = { attempts: new Array<EventId>(size), replies: new Array<number>(size), count: 0, refusals: 0, times: scratchTimes(size), untimed: 0 };
  let allowed = 0;
  for (let k = from; k < refused; k++) {
    if (!windowed) {
      if (!gather(g, k, got, Number.NaN)) allowed++;
      continue;
    }
    const t = store.timeOrNaN(g.ids[k] ?? 0);
    // Inside the window before the refusal, or without a time: it counts.
    if ((Number.isNaN(t) || t > windowStart) && !gather(g, k, got, t)) allowed++;
  }
  const leading = got.count;
  gather(g, refused, got, refusedTime);
  let retriesRefused = 0;
  for (let k = refused + 1; k < end; k++) if (gather(g, k, got, windowed ? store.timeOrNaN(g.ids[k] ?? 0) : Number.NaN)) retriesRefused++;
  if (got.count < size) {
    got.attempts.length = got.count;
    got.replies.length = got.count;
  }
  const burst = burstOf(g, got, leading, allowed, windowed && got.untimed === 0);
  const evidence = evidenceOfAttempts(got.attempts, got.replies);
  return { burst, rule: g.rule, leading, replies: got.replies, retriesRefused, refusals: refusalsOf(g, refused, end, got.refusals), evidence };
}

/** The one list of attempt times every burst uses in turn (grown as needed): no list per burst. */
let TIMES = new Float64Array(64);

function scratchTimes(size: number): Float64Array {
  if (TIMES.length < size) TIMES = new Float64Array(Math.max(size, TIMES.length * 2));
  return TIMES;
}

/**
 * The replies that refused attempts `refused..end−1` of the group (`count` of them), in attempt order: the attempts
 * before a burst's refusal were not refused (burstSpans starts a burst at the first refusal).
 */
function refusalsOf(g: Group, refused: number, end: number, count: number): EventId[] {
  const out = new Array<EventId>(count);
  let w = 0;
  for (let k = refused; k < end && w < count; k++) {
    const reply = g.replies[k] ?? -1;
    if (reply >= 0 && g.outcomes[k] === REFUSED) out[w++] = toEventId(reply);
  }
  return out;
}

/** `timed`: the log has times and every attempt has one (`got.times`). */
function burstOf(g: Group, got: Gathered, leading: number, allowed: number, timed: boolean): RateLimitBurst {
  const { rule, code } = g;
  const attempts = got.attempts;
  const answered = code === 713 ? 713 : 800;
  // The seed's numbers belong to the code it documents for the command: a 713 to XFR SB is not measured against
  // the 8 switchboard requests of its 800, the window is inferred from the log's own accepted attempts.
  const seedApplies = documentedCode(rule) === answered;
  const limit = seedApplies ? (rule.seedLimit ?? allowed) : allowed;
  const source = seedApplies && rule.seedWindow ? 'seed' : 'inferred';
  const refusedAt = attempts[leading] ?? toEventId(0);
  const burst: { -readonly [K in keyof RateLimitBurst]: RateLimitBurst[K] } = {
    throttled: rule.label,
    code: answered,
    attempts,
    allowed,
    refusedAt,
    retriesWhileThrottled: attempts.slice(leading + 1),
    window: windowOf(limit, source),
    freeAt: null,
    timed,
  };
  // Set after the object exists, so the first burst of a run makes the field hold any value: a time past the
  // 12th day of a log is no small integer, and a field that starts as one changes its layout there, which threw
  // every optimised function that reads bursts back to the interpreter halfway through a big log.
  if (timed) burst.freeAt = freeAtOf(got.times, got.count, limit, got.times[leading] ?? 0);
  return burst;
}

/** A 713/800 whose command is not in the log (the log starts after it, or the TrId was unreadable). */
export function orphanBurst(store: EventStore, ids: readonly number[]): BurstFacts {
  const id = ids[0] ?? 0;
  const code = store.codeOf(id) === 713 ? 713 : 800;
  const trId = store.trIdOf(id);
  const label = ids.length > 1 ? `${formatCount(ids.length)} commands not in the log` : trId === null ? 'a command not in the log' : `a command not in the log (TrId ${trId})`;
  const rule: ThrottleRule = { kind: 'other', key: `orphan-${id}`, label, seedLimit: null, seedWindow: false };
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
  // The run's own list, shared: it is made for this burst alone, and a grep of a server log for `800` is one run
  // of a million refusals (a copy cost a tenth of a second).
  const refusals = ids as readonly EventId[];
  return { burst, rule, leading: 0, replies: [], retriesRefused: 0, refusals, evidence: refusals };
}
