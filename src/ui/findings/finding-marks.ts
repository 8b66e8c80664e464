/**
 * What the findings add to the timeline and the overview strip, computed from the parse result alone:
 * - for the active finding (the view's `finding`, an id or a kind): which rows are its evidence;
 * - for every rate-limit burst: a bracket beside its rows (first attempt … last refusal) and a band on the strip.
 * Pure and memoized per result, so the table rows only read a map.
 */
import { assertNever } from '../../msnp/assert';
import type { EventId, Finding, LoginAttempt, ParseResult } from '../../msnp/types';

export type BracketPart = 'start' | 'middle' | 'end' | 'single';

export interface RowMark {
  /** The row is evidence of the active finding. */
  readonly evidence: boolean;
  /** Part of a rate-limit burst's bracket, with the burst's finding id. */
  readonly bracket: { readonly part: BracketPart; readonly findingId: string; readonly label: string } | null;
}

export interface BurstBand {
  readonly findingId: string;
  readonly first: EventId;
  readonly last: EventId;
  readonly label: string;
}

/** The findings a view's `finding` value names: one id, or every finding of a kind. */
export function findingsNamed(findings: readonly Finding[], name: string | null): Finding[] {
  if (name === null) return [];
  const byId = findings.filter((f) => f.id === name);
  return byId.length > 0 ? byId : findings.filter((f) => f.kind === name);
}

/** Bursts as [first attempt … last refusal or retry], one per rate-limit finding. */
export function burstBands(result: ParseResult): BurstBand[] {
  const bands: BurstBand[] = [];
  for (const f of result.findings) {
    if (f.detail.kind !== 'rate-limit' || f.evidence.length === 0) continue;
    const first = f.evidence[0];
    const last = f.evidence[f.evidence.length - 1];
    if (first === undefined || last === undefined) continue;
    bands.push({ findingId: f.id, first, last, label: f.title });
  }
  return bands;
}

const bandCache = new WeakMap<ParseResult, BurstBand[]>();

export function getBurstBands(result: ParseResult): BurstBand[] {
  let bands = bandCache.get(result);
  if (bands === undefined) {
    bands = burstBands(result);
    bandCache.set(result, bands);
  }
  return bands;
}

/** Marks per event: evidence of the active finding, and burst brackets (by line order of the events). */
export function rowMarks(result: ParseResult, active: string | null): ReadonlyMap<EventId, RowMark> {
  const marks = new Map<EventId, RowMark>();
  const evidence = new Set(findingsNamed(result.findings, active).flatMap((f) => f.evidence));
  for (const id of evidence) marks.set(id, { evidence: true, bracket: null });
  for (const band of getBurstBands(result)) {
    for (let id = band.first; id <= band.last; id++) {
      const part: BracketPart =
        band.first === band.last ? 'single' : id === band.first ? 'start' : id === band.last ? 'end' : 'middle';
      marks.set(id as EventId, {
        evidence: evidence.has(id as EventId),
        bracket: { part, findingId: band.findingId, label: band.label },
      });
    }
  }
  return marks;
}

/** The event a click on a finding selects: where the burst was refused, where the login stopped, else the first. */
export function keyEventOf(f: Finding): EventId | null {
  switch (f.detail.kind) {
    case 'rate-limit':
      return f.detail.burst.refusedAt;
    case 'login':
      return stopEventOf(f.detail.attempt) ?? f.evidence[0] ?? null;
    case 'none':
      return f.evidence[0] ?? null;
    default:
      return assertNever(f.detail, 'finding detail');
  }
}

function stopEventOf(a: LoginAttempt): EventId | null {
  const stop = a.steps.find((s) => s.state === 'failed' || s.state === 'stopped');
  if (stop !== undefined && stop.events.length > 0) return stop.events[stop.events.length - 1] ?? null;
  const done = a.steps.filter((s) => s.state === 'done' && s.events.length > 0).at(-1);
  return done?.events.at(-1) ?? null;
}
