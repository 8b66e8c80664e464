/**
 * The numbers of a rate-limit burst that outlive it in the result: its window (shared objects), the time the
 * window frees, and its evidence list, each sized or shared so ten thousand bursts keep little (rate-limit.ts
 * rebuilds the bursts).
 */
import { assertNever } from '../assert';
import type { EventId, RateLimitBurst } from '../types';
import { sortedUniqueIds } from './column-reads';
import type { ThrottleRule } from './rate-limit';

/** The one time window the seed documents (switchboard requests), used for every throttle. */
export const WINDOW_SECONDS = 60;

type BurstWindow = NonNullable<RateLimitBurst['window']>;

/**
 * The window of a burst: one frozen object per (limit, source), shared by every burst that has it (a log has a
 * handful; ten thousand bursts each held their own copy in the result).
 */
const WINDOWS = new Map<number, BurstWindow>();

export function windowOf(limit: number, source: BurstWindow['source']): BurstWindow {
  const key = limit * 2 + (source === 'seed' ? 1 : 0);
  let w = WINDOWS.get(key);
  if (w === undefined) {
    w = Object.freeze({ seconds: WINDOW_SECONDS, limit, source });
    if (WINDOWS.size < 256) WINDOWS.set(key, w); // limits inferred from odd logs: keep the table small
  }
  return w;
}

/**
 * Attempts and their replies, sorted and unique (usually already in order: command, answer, command…), in a
 * list sized to its length (see spanBurst): filled in place, copied only when it needs sorting.
 */
export function evidenceOfAttempts(attempts: readonly number[], replies: readonly number[]): EventId[] {
  let n = attempts.length;
  for (let k = 0; k < replies.length; k++) if ((replies[k] ?? -1) >= 0) n++;
  const ids = new Array<number>(n);
  let w = 0;
  let ordered = true;
  for (let k = 0; k < attempts.length; k++) {
    const id = attempts[k] ?? 0;
    ordered &&= w === 0 || (ids[w - 1] ?? 0) < id;
    ids[w++] = id;
    const reply = replies[k] ?? -1;
    if (reply < 0) continue;
    ordered &&= (ids[w - 1] ?? 0) < reply;
    ids[w++] = reply;
  }
  return ordered ? (ids as EventId[]) : sortedUniqueIds(ids).slice();
}

/**
 * Earliest time a new attempt fits under the limit, counting every attempt (failed ones count, per the seed for
 * switchboards; assumed for the rest). With fewer visible attempts than the limit, the unseen earlier ones all
 * happened before the refusal, so the refusal time plus the window is a safe bound. `times` holds the `n`
 * attempts' times, every one a time; `refusedTime` the refused attempt's.
 */
export function freeAtOf(times: Float64Array, n: number, limit: number, refusedTime: number): number {
  const windowMs = WINDOW_SECONDS * 1000;
  if (limit > 0 && n >= limit) return nthLatest(times, n, limit) + windowMs;
  return refusedTime + windowMs;
}

/** The `nth` latest of the first `n` times: read in place when they go forward (nearly always), else sorted. */
function nthLatest(times: Float64Array, n: number, nth: number): number {
  let prev = -Infinity;
  let ascending = true;
  for (let k = 0; k < n && ascending; k++) {
    const t = times[k] ?? 0;
    ascending = t >= prev;
    prev = t;
  }
  if (ascending) return times[n - nth] ?? 0;
  const sorted = times.slice(0, n).sort();
  return sorted[n - nth] ?? 0;
}

/** The code the error list documents for each throttle: 713 for repeated CALs, 800 for the others (null: none). */
export function documentedCode(rule: ThrottleRule): number | null {
  switch (rule.kind) {
    case 'cal':
      return 713;
    case 'xfr-sb':
    case 'rea-self':
    case 'chg':
      return 800;
    case 'rea-other':
    case 'other':
      return null;
    default:
      return assertNever(rule.kind, 'throttle kind');
  }
}
