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
import { commandOfReplyId, firstReplyId, sortedUniqueIds } from './column-reads';
import type { EventIndex } from './event-index';
import { isSbRequest, normalizeHandle, NO_IDS } from './event-index';

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

export const WINDOW_SECONDS = 60;

/** How one attempt was answered. */
export type AttemptOutcome = 'accepted' | 'refused' | 'other-error' | 'no-reply';

/** One attempt of a burst: the command's event id, its reply's (−1: none) and how it was answered. */
export interface AttemptInfo {
  readonly event: EventId;
  readonly reply: number;
  readonly outcome: AttemptOutcome;
}

/** A burst plus what the narrative needs beyond the contract type. */
export interface BurstFacts {
  readonly burst: RateLimitBurst;
  readonly rule: ThrottleRule;
  /** Attempts before the first refusal that counted towards the limit (accepted or otherwise answered). */
  readonly leading: readonly AttemptInfo[];
  readonly refused: AttemptInfo | null;
  readonly retries: readonly AttemptInfo[];
  /** Ids of the error line(s) that refused attempts; the first is what triggered the rebuild. */
  readonly refusals: readonly EventId[];
  readonly evidence: readonly EventId[];
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

const OUTCOMES: readonly AttemptOutcome[] = ['accepted', 'refused', 'other-error', 'no-reply'];
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
 * The throttled attempts of one command (one rule key), in log order, as parallel lists: an object per attempt
 * for every CHG/CAL/XFR of a big log was most of this rule's cost.
 */
interface Group {
  readonly rule: ThrottleRule;
  readonly code: number;
  /** The verb of the refused command: every attempt of the group has it. */
  readonly verb: string;
  readonly ids: number[];
  readonly replies: number[];
  /** Index into OUTCOMES. */
  readonly outcomes: number[];
}

/** Rebuilds every 713/800 burst in the log. */
export function findRateLimitBursts(index: EventIndex, ownHandle: string | null): BurstFacts[] {
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
    else if (!groups.has(rule.key)) groups.set(rule.key, { rule, code, verb: store.commandOf(cmd), ids: [], replies: [], outcomes: [] });
  }
  if (groups.size > 0) collectAttempts(index, ownHandle, groups);
  const bursts: BurstFacts[] = [];
  for (const group of groups.values()) splitBursts(index, group, bursts);
  for (const id of orphans) bursts.push(orphanBurst(store, id));
  return bursts.sort((a, b) => a.burst.refusedAt - b.burst.refusedAt);
}

/**
 * One pass over the lines of the throttled verbs for every group at once. Attempts keep log order within each
 * group.
 */
function collectAttempts(index: EventIndex, ownHandle: string | null, groups: Map<string, Group>): void {
  const { store } = index;
  const anyOther = [...groups.keys()].some((k) => k.startsWith('other-'));
  // Every attempt of a group has the verb of the command that was refused: walk only those verbs' lines.
  for (const verb of new Set([...groups.values()].map((g) => g.verb))) {
    for (let k10 = 0, ids10 = index.verbIds.get(verb) ?? NO_IDS; k10 < ids10.length; k10++) {
      const id = ids10[k10] ?? 0;
      // Server-initiated `CHG 0` echoes are not attempts; a CHG without TrId is not one either.
      if (store.dirCode(id) !== DIR_CLIENT || store.trIdOf(id) === 0) continue;
      const group = groups.get(throttleKey(index, id, ownHandle, anyOther));
      if (group === undefined) continue;
      const reply = firstReplyId(index, id);
      const replyCode = reply < 0 ? -1 : store.codeOf(reply);
      group.ids.push(id);
      group.replies.push(reply);
      group.outcomes.push(reply < 0 ? NO_REPLY : replyCode < 0 ? ACCEPTED : replyCode === group.code ? REFUSED : OTHER_ERROR);
    }
  }
}

/** `classifyThrottle(…).key` of a client line, without building a rule for the common commands. */
function throttleKey(index: EventIndex, id: number, ownHandle: string | null, anyOther: boolean): string {
  const command = index.store.commandOf(id);
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

function attemptAt(g: Group, k: number): AttemptInfo {
  return { event: toEventId(g.ids[k] ?? 0), reply: g.replies[k] ?? -1, outcome: OUTCOMES[g.outcomes[k] ?? 0] ?? 'accepted' };
}

/** Cuts a command's attempts into bursts (into `out`): each starts at a refusal and ends at the next accepted attempt. */
function splitBursts(index: EventIndex, g: Group, out: BurstFacts[]): void {
  const n = g.ids.length;
  let consumedUpTo = 0; // attempts before this index belong to an earlier burst
  let i = 0;
  while (i < n) {
    if (g.outcomes[i] !== REFUSED) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < n && (g.outcomes[end] === REFUSED || g.outcomes[end] === NO_REPLY)) end++; // retried while throttled
    const retries: AttemptInfo[] = [];
    for (let k = i + 1; k < end; k++) retries.push(attemptAt(g, k));
    out.push(buildBurst(index, g, leadingAttempts(index, g, consumedUpTo, i), attemptAt(g, i), retries));
    consumedUpTo = end;
    i = end;
  }
}

/**
 * The attempts `from..refused−1` that count towards the refusal: with times, those inside the window before it
 * (or without a time); without, every earlier attempt of the run.
 */
function leadingAttempts(index: EventIndex, g: Group, from: number, refused: number): AttemptInfo[] {
  const { store } = index;
  const refusedTime = store.timeOf(g.ids[refused] ?? 0);
  const windowStart = refusedTime === null ? 0 : refusedTime - WINDOW_SECONDS * 1000;
  const out: AttemptInfo[] = [];
  for (let k = from; k < refused; k++) {
    const t = index.hasTimes && refusedTime !== null ? store.timeOf(g.ids[k] ?? 0) : null;
    if (t === null || t > windowStart) out.push(attemptAt(g, k));
  }
  return out;
}

function buildBurst(index: EventIndex, g: Group, leading: readonly AttemptInfo[], refused: AttemptInfo, retries: readonly AttemptInfo[]): BurstFacts {
  const { store } = index;
  const { rule, code } = g;
  const all = [...leading, refused, ...retries];
  const timed = index.hasTimes && all.every((a) => store.timeOf(a.event) !== null);
  const allowed = leading.filter((a) => a.outcome !== 'refused').length;
  const limit = rule.seedLimit ?? allowed;
  const source = rule.seedWindow ? 'seed' : 'inferred';
  const burst: RateLimitBurst = {
    throttled: rule.label,
    code: code === 713 ? 713 : 800,
    attempts: all.map((a) => a.event),
    allowed,
    refusedAt: refused.event,
    retriesWhileThrottled: retries.map((a) => a.event),
    window: { seconds: WINDOW_SECONDS, limit, source },
    freeAt: timed ? computeFreeAt(store, all, limit, refused.event) : null,
    timed,
  };
  const refusals: EventId[] = [];
  const evidence: number[] = [];
  for (const a of all) {
    evidence.push(a.event);
    if (a.reply < 0) continue;
    evidence.push(a.reply);
    if (a.outcome === 'refused') refusals.push(toEventId(a.reply));
  }
  return { burst, rule, leading, refused, retries, refusals, evidence: sortedUniqueIds(evidence) };
}

/**
 * Earliest time a new attempt fits under the limit, counting every attempt (failed ones count, per the seed for
 * switchboards; assumed for the rest). With fewer visible attempts than the limit, the unseen earlier ones all
 * happened before the refusal, so the refusal time plus the window is a safe bound.
 */
function computeFreeAt(store: EventStore, all: readonly AttemptInfo[], limit: number, refused: number): number | null {
  const times: number[] = [];
  for (const a of all) {
    const t = store.timeOf(a.event);
    if (t !== null) times.push(t);
  }
  times.sort((a, b) => a - b);
  const windowMs = WINDOW_SECONDS * 1000;
  const nth = limit > 0 ? times[times.length - limit] : undefined;
  const refusedTime = store.timeOf(refused);
  if (nth !== undefined && times.length >= limit) return nth + windowMs;
  return refusedTime === null ? null : refusedTime + windowMs;
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
  return { burst, rule, leading: [], refused: null, retries: [], refusals: [toEventId(id)], evidence: [toEventId(id)] };
}
