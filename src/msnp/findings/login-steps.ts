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
  /** Always present (undefined: none), so every record has one layout and the code reading them one shape. */
  note: string | undefined;
}

/** Steps a ladder may skip without anything being wrong (server-pushed GCF, INF on some MD5 clients). */
const OPTIONAL_STEPS = new Set(['GCF', 'INF']);

/**
 * Merges the recorded steps, in log order (`orderSteps`), with the expected ladder: ladder steps skipped before a
 * reached one are marked done but "not shown in the log" (an excerpt), those after the last reached one are
 * not reached.
 */
export function mergeWithLadder(recorded: readonly StepRecord[], gen: Generation, version: number | null): StepRecord[] {
  let hasDs = false;
  for (let k = 0; k < recorded.length && !hasDs; k++) hasDs = (recorded[k] as StepRecord).phase === 'DS';
  const indexed = ladderOf(gen, version, hasDs ? 'DS' : 'NS');
  const { ladder } = indexed;
  // Ladder position of each recorded step (−1: not on the ladder), and which positions were recorded: numbers,
  // where a `phase:name` key string per step and a Set per attempt cost more than the merge itself. Two lists
  // kept across attempts (grown as needed): a log has thousands of attempts and two typed arrays each.
  if (AT.length < recorded.length) AT = new Int32Array(recorded.length * 2);
  if (SEEN.length < ladder.length) SEEN = new Uint8Array(ladder.length * 2);
  const at = AT;
  const seen = SEEN.fill(0, 0, ladder.length);
  for (let k = 0; k < recorded.length; k++) {
    const r = recorded[k] as StepRecord;
    const p = (r.phase === 'DS' ? indexed.ds : indexed.ns).get(r.name) ?? -1;
    at[k] = p;
    if (p >= 0) seen[p] = 1;
  }
  const out: StepRecord[] = [];
  let next = 0;
  for (let k = 0; k < recorded.length; k++) {
    const p = at[k] ?? -1;
    if (p >= next) {
      for (let q = next; q < p; q++) {
        const l = ladder[q] as LadderStep;
        if (seen[q] === 1 || OPTIONAL_STEPS.has(l.name)) continue;
        out.push({ name: l.name, phase: l.phase, state: 'done', events: [], note: 'not shown in the log' });
      }
      next = p + 1;
    }
    out.push(recorded[k] as StepRecord);
  }
  for (let q = next; q < ladder.length; q++) {
    const l = ladder[q] as LadderStep;
    if (seen[q] !== 1) out.push({ name: l.name, phase: l.phase, state: 'not-reached', events: [], note: undefined });
  }
  return out;
}

let AT = new Int32Array(32);
let SEEN = new Uint8Array(32);

interface IndexedLadder {
  readonly ladder: readonly LadderStep[];
  /** Position in the ladder of each step name, per phase (a ladder names a step once per phase). */
  readonly ns: ReadonlyMap<string, number>;
  readonly ds: ReadonlyMap<string, number>;
}

/** A log has a handful of distinct ladders and thousands of attempts: each ladder is built and indexed once. */
const LADDERS = new Map<string, IndexedLadder>();

function ladderOf(gen: Generation, version: number | null, from: Phase): IndexedLadder {
  const id = `${gen}|${version ?? ''}|${from}`;
  let out = LADDERS.get(id);
  if (out === undefined) {
    const ladder = expectedLadder(gen, version, from);
    const ns = new Map<string, number>();
    const ds = new Map<string, number>();
    ladder.forEach((l, i) => (l.phase === 'DS' ? ds : ns).set(l.name, i));
    out = { ladder, ns, ds };
    LADDERS.set(id, out);
  }
  return out;
}

/**
 * Log order: by first event; a step without events (Passport) stays just before the step that follows it. Steps
 * are recorded nearly in log order: then the list itself is returned (the caller owns it), no copy.
 */
export function orderSteps(steps: StepRecord[]): StepRecord[] {
  const anchors: number[] = new Array<number>(steps.length);
  let nextAnchor = Number.POSITIVE_INFINITY;
  let ordered = true;
  for (let i = steps.length - 1; i >= 0; i--) {
    const events = steps[i]?.events ?? [];
    anchors[i] = events.length > 0 ? minOf(events) : nextAnchor - 0.5;
    if (events.length > 0) nextAnchor = anchors[i] ?? nextAnchor;
    if (i + 1 < steps.length && !((anchors[i] ?? 0) <= (anchors[i + 1] ?? 0))) ordered = false;
  }
  // The stable sort would leave them as they are.
  if (ordered) return steps;
  return steps
    .map((step, i) => ({ step, i, anchor: anchors[i] ?? 0 }))
    .sort((x, y) => x.anchor - y.anchor || x.i - y.i)
    .map(({ step }) => step);
}

function minOf(ids: readonly number[]): number {
  let min = Number.POSITIVE_INFINITY;
  for (let k = 0; k < ids.length; k++) if ((ids[k] ?? 0) < min) min = ids[k] ?? 0;
  return min;
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

/** The events of a step that shows none (a skipped or unreached ladder step): one shared frozen list. */
const NO_EVENTS: readonly EventId[] = Object.freeze([]);

export function toLoginStep(s: StepRecord): LoginStep {
  const state = s.state === 'pending' ? 'stopped' : s.state;
  if (s.events.length === 0) return emptyStep(s.name, state, s.phase, s.note);
  // A sized copy: a list grown by push keeps spare slots, and thousands of attempts' ladders outlive the parse.
  const events = s.events.slice();
  return s.note === undefined ? { name: s.name, state, events, phase: s.phase } : { name: s.name, state, events, phase: s.phase, note: s.note };
}

/**
 * Steps that show no event (a ladder step skipped or not reached, a Passport exchange the log cannot show) are
 * the same few objects in every attempt: one frozen object each, shared. A server's log of 44,000 sign-ins held
 * 130,000 of them; a message of findings to the page also carries a shared object once (structured clone keeps
 * identity within a message).
 */
const EMPTY_STEPS = new Map<string, LoginStep[]>();

/** Found by name, then among that name's few variants field by field: no key string built per step. */
function emptyStep(name: string, state: LoginStep['state'], phase: Phase, note: string | undefined): LoginStep {
  let variants = EMPTY_STEPS.get(name);
  if (variants === undefined) {
    variants = [];
    EMPTY_STEPS.set(name, variants);
  }
  for (let k = 0; k < variants.length; k++) {
    const v = variants[k] as LoginStep;
    if (v.state === state && v.phase === phase && v.note === note) return v;
  }
  const step = Object.freeze(note === undefined ? { name, state, events: NO_EVENTS, phase } : { name, state, events: NO_EVENTS, phase, note });
  variants.push(step);
  return step;
}
