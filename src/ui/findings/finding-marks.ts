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

/** What the table asks of the marks: the mark of one row (undefined when it has none). */
export interface RowMarks {
  get(id: EventId): RowMark | undefined;
}

/** Marks per event: evidence of the active finding, and burst brackets (by line order of the events). */
export function rowMarks(result: ParseResult, active: string | null): RowMarks {
  const evidence = new Set(findingsNamed(result.findings, active).flatMap((f) => f.evidence));
  return marksOf(getBurstBands(result), evidence);
}

/**
 * The marks of bands and evidence, answered row by row: the table asks only for the rows it draws. (A map with an
 * entry for every row inside every band was built at once: on a 100 MB log, bursts spread over millions of rows,
 * and building it blocked the page for a second after the parse.) A row inside several bands gets the bracket of
 * the last band listed, as the map did. Each answer is kept, so a row's mark stays the same object.
 */
export function marksOf(bands: readonly BurstBand[], evidence: ReadonlySet<EventId>): RowMarks {
  const index = bandIndex(bands);
  const answered = new Map<EventId, RowMark | undefined>();
  return {
    get(id) {
      if (answered.has(id)) return answered.get(id);
      const band = bands[lastBandHolding(index, bands, id)];
      const isEvidence = evidence.has(id);
      const mark: RowMark | undefined = band !== undefined
        ? { evidence: isEvidence, bracket: { part: bracketPart(band, id), findingId: band.findingId, label: band.label } }
        : isEvidence ? { evidence: true, bracket: null } : undefined;
      answered.set(id, mark);
      return mark;
    },
  };
}

function bracketPart(band: BurstBand, id: EventId): BracketPart {
  return band.first === band.last ? 'single' : id === band.first ? 'start' : id === band.last ? 'end' : 'middle';
}

/** Bands by first row, with the furthest last row of each prefix: a look-up walks back only while one can reach. */
interface BandIndex {
  /** Band indexes, by first row. */
  readonly order: Int32Array;
  readonly first: Int32Array;
  /** The largest last row among order[0..k]. */
  readonly reach: Int32Array;
}

const bandIndexes = new WeakMap<readonly BurstBand[], BandIndex>();

/** Built once per result's bands: choosing another finding makes new marks over the same bands. */
function bandIndex(bands: readonly BurstBand[]): BandIndex {
  let index = bandIndexes.get(bands);
  if (index === undefined) {
    index = buildBandIndex(bands);
    bandIndexes.set(bands, index);
  }
  return index;
}

function buildBandIndex(bands: readonly BurstBand[]): BandIndex {
  const order = Int32Array.from(bands.keys()).sort((a, b) => (bands[a]?.first ?? 0) - (bands[b]?.first ?? 0) || a - b);
  const first = Int32Array.from(order, (k) => bands[k]?.first ?? 0);
  const reach = new Int32Array(order.length);
  let far = -1;
  order.forEach((k, j) => {
    far = Math.max(far, bands[k]?.last ?? -1);
    reach[j] = far;
  });
  return { order, first, reach };
}

/** Index (in `bands`) of the last band that holds row id, or −1. */
function lastBandHolding(index: BandIndex, bands: readonly BurstBand[], id: number): number {
  const { order, first, reach } = index;
  let lo = 0;
  let hi = first.length; // bands order[0..lo) start at or before id
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((first[mid] ?? 0) <= id) lo = mid + 1;
    else hi = mid;
  }
  let best = -1;
  for (let j = lo - 1; j >= 0 && (reach[j] ?? -1) >= id; j--) {
    const k = order[j] ?? -1;
    if (k > best && (bands[k]?.last ?? -1) >= id) best = k;
  }
  return best;
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
