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
import type { EventId, LogEvent, RateLimitBurst } from '../types';
import type { EventIndex } from './event-index';
import { errorCodeOf, eventsOfVerb, evidenceOf, firstReplyOf, normalizeHandle, eventAt } from './event-index';

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

export interface AttemptInfo {
  readonly event: LogEvent;
  readonly reply: LogEvent | undefined;
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
  /** The error line(s) that refused attempts; the first is what triggered the rebuild. */
  readonly refusals: readonly LogEvent[];
  readonly evidence: readonly EventId[];
}

/** Which throttle a client command falls under; null for lines that are not client commands. */
export function classifyThrottle(ev: LogEvent, ownHandle: string | null): ThrottleRule | null {
  if (ev.direction !== 'client') return null;
  switch (ev.command) {
    case 'REA': {
      const target = ev.params[0];
      const other = ownHandle !== null && target !== undefined && normalizeHandle(target) !== ownHandle;
      return other
        ? { kind: 'rea-other', key: 'REA-other', label: 'REA (rename a contact)', seedLimit: null, seedWindow: false }
        : { kind: 'rea-self', key: 'REA-self', label: 'REA (rename self)', seedLimit: 4, seedWindow: false };
    }
    case 'CHG':
      return { kind: 'chg', key: 'CHG', label: 'CHG', seedLimit: 4, seedWindow: false };
    case 'CAL':
      return { kind: 'cal', key: 'CAL', label: 'CAL', seedLimit: 5, seedWindow: false };
    case 'XFR':
      if (ev.params[0] === 'SB') {
        return { kind: 'xfr-sb', key: 'XFR-SB', label: 'XFR SB', seedLimit: 8, seedWindow: true };
      }
      break;
    default:
      break;
  }
  const label = ev.command === 'XFR' ? `XFR ${ev.params[0] ?? ''}`.trim() : ev.command;
  return { kind: 'other', key: `other-${label}`, label, seedLimit: null, seedWindow: false };
}

const THROTTLE_CODES = new Set([713, 800]);

/** The command an error line answers: pairing's `replyTo`, else the latest client line with that TrId. */
function commandOf(index: EventIndex, reply: LogEvent): LogEvent | undefined {
  if (reply.replyTo !== null) return eventAt(index, reply.replyTo);
  if (reply.trId === null) return undefined;
  for (let i = reply.id - 1; i >= Math.max(0, reply.id - 5000); i--) {
    const ev = eventAt(index, i);
    if (ev === undefined || ev.connection !== reply.connection) continue;
    if (ev.direction === 'client' && ev.trId === reply.trId) return ev;
  }
  return undefined;
}

function describeAttempt(index: EventIndex, ev: LogEvent, code: number): AttemptInfo {
  const reply = firstReplyOf(index, ev);
  if (reply === undefined) return { event: ev, reply, outcome: 'no-reply' };
  const replyCode = errorCodeOf(reply);
  if (replyCode === null) return { event: ev, reply, outcome: 'accepted' };
  return { event: ev, reply, outcome: replyCode === code ? 'refused' : 'other-error' };
}

/** The throttled attempts of one command (one rule key), gathered in log order. */
interface Group {
  readonly rule: ThrottleRule;
  readonly code: number;
  /** The verb of the refused command: every attempt of the group has it. */
  readonly verb: string;
  readonly attempts: AttemptInfo[];
}

/** Rebuilds every 713/800 burst in the log. */
export function findRateLimitBursts(index: EventIndex, ownHandle: string | null): BurstFacts[] {
  const groups = new Map<string, Group>();
  const orphans: LogEvent[] = [];
  for (const ev of index.serverErrors) {
    const code = errorCodeOf(ev);
    if (code === null || !THROTTLE_CODES.has(code)) continue;
    const cmd = commandOf(index, ev);
    const rule = cmd === undefined ? null : classifyThrottle(cmd, ownHandle);
    if (rule === null || cmd === undefined) orphans.push(ev);
    else if (!groups.has(rule.key)) groups.set(rule.key, { rule, code, verb: cmd.command, attempts: [] });
  }
  if (groups.size > 0) collectAttempts(index, ownHandle, groups);
  const bursts: BurstFacts[] = [];
  for (const { rule, code, attempts } of groups.values()) bursts.push(...splitBursts(index, rule, code, attempts));
  bursts.push(...orphans.map((ev) => orphanBurst(ev)));
  return bursts.sort((a, b) => a.burst.refusedAt - b.burst.refusedAt);
}

/**
 * One pass over the log for every throttled command at once (a pass per group, classifying every line each
 * time, dominated the findings stage on large logs). Attempts keep log order within each group.
 */
function collectAttempts(index: EventIndex, ownHandle: string | null, groups: Map<string, Group>): void {
  const anyOther = [...groups.keys()].some((k) => k.startsWith('other-'));
  // Every attempt of a group has the verb of the command that was refused: walk only those verbs' lines.
  for (const verb of new Set([...groups.values()].map((g) => g.verb))) {
    for (const ev of eventsOfVerb(index, verb)) {
      if (ev.direction !== 'client' || !isCountedAttempt(ev)) continue;
      const key = throttleKey(ev, ownHandle, anyOther);
      const group = groups.get(key);
      if (group !== undefined) group.attempts.push(describeAttempt(index, ev, group.code));
    }
  }
}

/** `classifyThrottle(ev).key` without building the rule object (a client line only). */
function throttleKey(ev: LogEvent, ownHandle: string | null, anyOther: boolean): string {
  switch (ev.command) {
    case 'CHG':
    case 'CAL':
      return ev.command;
    case 'XFR':
      return ev.params[0] === 'SB' ? 'XFR-SB' : (classifyThrottle(ev, ownHandle)?.key ?? '');
    case 'REA':
      return classifyThrottle(ev, ownHandle)?.key ?? '';
    default:
      return anyOther ? `other-${ev.command}` : ''; // no string per line when no other command was throttled
  }
}

/** Server-initiated `CHG 0` echoes are not attempts; a CHG without TrId is not one either. */
function isCountedAttempt(ev: LogEvent): boolean {
  return ev.trId !== 0;
}

/** Cuts a command's attempts into bursts: each starts at a refusal and ends at the next accepted attempt. */
function splitBursts(
  index: EventIndex,
  rule: ThrottleRule,
  code: number,
  attempts: readonly AttemptInfo[],
): BurstFacts[] {
  const out: BurstFacts[] = [];
  let consumedUpTo = 0; // attempts before this index belong to an earlier burst
  let i = 0;
  while (i < attempts.length) {
    const at = attempts[i];
    if (at === undefined || at.outcome !== 'refused') {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < attempts.length && isThrottledRetry(attempts[end])) end++;
    const leading = leadingAttempts(index, attempts.slice(consumedUpTo, i), at.event);
    out.push(buildBurst(index, rule, code, leading, at, attempts.slice(i + 1, end)));
    consumedUpTo = end;
    i = end;
  }
  return out;
}

function isThrottledRetry(a: AttemptInfo | undefined): boolean {
  return a !== undefined && (a.outcome === 'refused' || a.outcome === 'no-reply');
}

/** With times: the attempts inside the window before the refusal; without: every earlier attempt of the run. */
function leadingAttempts(index: EventIndex, before: readonly AttemptInfo[], refused: LogEvent): AttemptInfo[] {
  if (!index.hasTimes || refused.time === null) return [...before];
  const from = refused.time - WINDOW_SECONDS * 1000;
  return before.filter((a) => a.event.time === null || a.event.time > from);
}

function buildBurst(
  index: EventIndex,
  rule: ThrottleRule,
  code: number,
  leading: readonly AttemptInfo[],
  refused: AttemptInfo,
  retries: readonly AttemptInfo[],
): BurstFacts {
  const all = [...leading, refused, ...retries];
  const timed = index.hasTimes && all.every((a) => a.event.time !== null);
  const limit = rule.seedLimit ?? leading.filter((a) => a.outcome !== 'refused').length;
  const source = rule.seedWindow ? 'seed' : 'inferred';
  const burst: RateLimitBurst = {
    throttled: rule.label,
    code: code === 713 ? 713 : 800,
    attempts: all.map((a) => a.event.id),
    allowed: leading.filter((a) => a.outcome !== 'refused').length,
    refusedAt: refused.event.id,
    retriesWhileThrottled: retries.map((a) => a.event.id),
    window: { seconds: WINDOW_SECONDS, limit, source },
    freeAt: timed ? computeFreeAt(all, limit, refused.event) : null,
    timed,
  };
  const refusals = all.filter((a) => a.outcome === 'refused').map((a) => a.reply).filter(isEvent);
  const evidence = evidenceOf(all.flatMap((a) => (a.reply === undefined ? [a.event.id] : [a.event.id, a.reply.id])));
  return { burst, rule, leading, refused, retries, refusals, evidence };
}

function isEvent(ev: LogEvent | undefined): ev is LogEvent {
  return ev !== undefined;
}

/**
 * Earliest time a new attempt fits under the limit, counting every attempt (failed ones count, per the seed for
 * switchboards; assumed for the rest). With fewer visible attempts than the limit, the unseen earlier ones all
 * happened before the refusal, so the refusal time plus the window is a safe bound.
 */
function computeFreeAt(all: readonly AttemptInfo[], limit: number, refused: LogEvent): number | null {
  const times = all.map((a) => a.event.time).filter((t): t is number => t !== null);
  times.sort((a, b) => a - b);
  const windowMs = WINDOW_SECONDS * 1000;
  const nth = limit > 0 ? times[times.length - limit] : undefined;
  const refusedTime = refused.time;
  if (nth !== undefined && times.length >= limit) return nth + windowMs;
  return refusedTime === null ? null : refusedTime + windowMs;
}

/** A 713/800 whose command is not in the log (the log starts after it, or the TrId was unreadable). */
function orphanBurst(reply: LogEvent): BurstFacts {
  const code = errorCodeOf(reply) === 713 ? 713 : 800;
  const rule: ThrottleRule = {
    kind: 'other',
    key: `orphan-${reply.id}`,
    label: reply.trId === null ? 'a command not in the log' : `a command not in the log (TrId ${reply.trId})`,
    seedLimit: null,
    seedWindow: false,
  };
  const burst: RateLimitBurst = {
    throttled: rule.label,
    code,
    attempts: [],
    allowed: 0,
    refusedAt: reply.id,
    retriesWhileThrottled: [],
    window: null,
    freeAt: null,
    timed: reply.time !== null,
  };
  return { burst, rule, leading: [], refused: null, retries: [], refusals: [reply], evidence: [reply.id] };
}
