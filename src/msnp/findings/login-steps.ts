/**
 * A login attempt's steps while they are being rebuilt, their log order, and their merge with the expected
 * ladder of the generation (msnp-protocol.md §4): skipped ladder steps before a reached one are "not shown in the
 * log", the ones after the last reached step are "not reached".
 */
import { expectedLadder, type Generation, type LadderStep, type Phase } from './login-ladder';
import type { EventId, LoginAttempt, LoginStep } from '../types';

export interface StepRecord {
  name: string;
  phase: Phase;
  state: 'done' | 'failed' | 'pending' | 'stopped' | 'not-reached';
  events: EventId[];
  note?: string;
}

/** Steps a ladder may skip without anything being wrong (server-pushed GCF, INF on some MD5 clients). */
const OPTIONAL_STEPS = new Set(['GCF', 'INF']);

/**
 * Puts the recorded steps in log order and merges them with the expected ladder: ladder steps skipped before a
 * reached one are marked done but "not shown in the log" (an excerpt), those after the last reached one are
 * not reached.
 */
export function mergeWithLadder(steps: readonly StepRecord[], gen: Generation, version: number | null): StepRecord[] {
  const recorded = orderSteps(steps);
  const hasDs = recorded.some((s) => s.phase === 'DS');
  const { ladder, pos } = ladderOf(gen, version, hasDs ? 'DS' : 'NS');
  const seen = new Set(recorded.map((r) => key(r.phase, r.name)));
  const out: StepRecord[] = [];
  let next = 0;
  for (const r of recorded) {
    const p = pos.get(key(r.phase, r.name));
    if (p !== undefined && p >= next) {
      for (const l of ladder.slice(next, p)) {
        if (seen.has(key(l.phase, l.name)) || OPTIONAL_STEPS.has(l.name)) continue;
        out.push({ name: l.name, phase: l.phase, state: 'done', events: [], note: 'not shown in the log' });
      }
      next = p + 1;
    }
    out.push(r);
  }
  for (const l of ladder.slice(next)) {
    if (!seen.has(key(l.phase, l.name))) out.push({ name: l.name, phase: l.phase, state: 'not-reached', events: [] });
  }
  return out;
}

const key = (phase: Phase, name: string): string => `${phase}:${name}`;

interface IndexedLadder {
  readonly ladder: readonly LadderStep[];
  /** Position of each `phase:name` in the ladder. */
  readonly pos: ReadonlyMap<string, number>;
}

/** A log has a handful of distinct ladders and thousands of attempts: each ladder is built and indexed once. */
const LADDERS = new Map<string, IndexedLadder>();

function ladderOf(gen: Generation, version: number | null, from: Phase): IndexedLadder {
  const id = `${gen}|${version ?? ''}|${from}`;
  let out = LADDERS.get(id);
  if (out === undefined) {
    const ladder = expectedLadder(gen, version, from);
    out = { ladder, pos: new Map(ladder.map((l, i) => [key(l.phase, l.name), i])) };
    LADDERS.set(id, out);
  }
  return out;
}

/** Log order: by first event; a step without events (Passport) stays just before the step that follows it. */
export function orderSteps(steps: readonly StepRecord[]): StepRecord[] {
  const anchors: number[] = new Array<number>(steps.length);
  let nextAnchor = Number.POSITIVE_INFINITY;
  for (let i = steps.length - 1; i >= 0; i--) {
    const events = steps[i]?.events ?? [];
    anchors[i] = events.length > 0 ? Math.min(...events) : nextAnchor - 0.5;
    if (events.length > 0) nextAnchor = anchors[i] ?? nextAnchor;
  }
  return steps
    .map((step, i) => ({ step, i, anchor: anchors[i] ?? 0 }))
    .sort((x, y) => x.anchor - y.anchor || x.i - y.i)
    .map(({ step }) => step);
}

/** Marks the first unanswered step as the stop; a policy with no ticket after it stops at the Passport step. */
export function markStop(steps: StepRecord[], phase: Phase, outcome: LoginAttempt['outcome']): void {
  let stopped = false;
  for (const s of steps) {
    if (s.state !== 'pending') continue;
    s.state = 'stopped';
    if (!stopped) s.note ??= 'sent, never answered';
    stopped = true;
  }
  if (stopped || outcome === 'signed-in' || outcome === 'failed' || outcome === 'challenge-failed') return;
  if (outcome === 'version-refused') return;
  // Everything sent was answered, yet the attempt went no further: the next expected step is where it stopped.
  const last = steps.at(-1);
  if (last?.name === 'USR S (policy)') {
    steps.push({ name: 'Passport', phase, state: 'stopped', events: [], note: 'no ticket USR was ever sent' });
  }
}

export function toLoginStep(s: StepRecord): LoginStep {
  const state = s.state === 'pending' ? 'stopped' : s.state;
  const base = { name: s.name, state, events: [...s.events], phase: s.phase };
  return s.note === undefined ? base : { ...base, note: s.note };
}
