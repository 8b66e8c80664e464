/**
 * Binning for the overview strip. The strip spans the whole log, so on a 1M-row log it must never walk the rows
 * per frame: the rows are binned once per data/filter change into a few hundred counters, and each frame only
 * paints those counters plus the scroll window.
 *
 * The x axis is time when the log has times, else line order. Times are made non-decreasing (running maximum)
 * so a log whose clock steps back, or whose connections interleave out of order, still maps monotonically and
 * a click can be answered with a binary search.
 */

export type AxisKind = 'time' | 'line';

export interface OverviewAxis {
  readonly kind: AxisKind;
  readonly min: number;
  readonly max: number;
}

export interface OverviewBins {
  readonly axis: OverviewAxis;
  readonly binCount: number;
  /** Every message per bin (density). */
  readonly total: Uint32Array;
  /** Error replies per bin. */
  readonly errors: Uint32Array;
  /** Rows matching the current filter per bin. */
  readonly hits: Uint32Array;
  readonly maxTotal: number;
}

/**
 * Per-row x positions on the strip's axis, non-decreasing: times in ms or line numbers. An Int32Array where a
 * log's line column serves as its own axis (overview-model.ts).
 */
export type AxisPositions = Float64Array | Int32Array;

/** Per-row x positions: running max of `times` when every row that has one is usable, else `lines`. */
export function toAxisPositions(
  count: number,
  timeAt: (i: number) => number | null,
  lineAt: (i: number) => number,
  useTime: boolean,
): { readonly positions: Float64Array; readonly axis: OverviewAxis } {
  const positions = new Float64Array(count);
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    const raw = useTime ? timeAt(i) : lineAt(i);
    // A row without a time inherits the previous row's, so untimed lines sit next to their neighbours.
    const v = raw === null ? (last === Number.NEGATIVE_INFINITY ? 0 : last) : Math.max(raw, last);
    positions[i] = v;
    last = v;
  }
  const min = count > 0 ? (positions[0] ?? 0) : 0;
  const max = count > 0 ? (positions[count - 1] ?? 0) : 0;
  return { positions, axis: { kind: useTime ? 'time' : 'line', min, max } };
}

/** Which bin a position falls in; the last position lands in the last bin. */
export function binOf(axis: OverviewAxis, binCount: number, pos: number): number {
  const span = axis.max - axis.min;
  if (span <= 0) return 0;
  const b = Math.floor(((pos - axis.min) / span) * binCount);
  return Math.min(binCount - 1, Math.max(0, b));
}

/** The axis position at a fraction 0..1 of the strip's width. */
export function positionAtFraction(axis: OverviewAxis, fraction: number): number {
  const f = Math.min(1, Math.max(0, fraction));
  return axis.min + f * (axis.max - axis.min);
}

/** The fraction 0..1 of the strip's width where a position sits. */
export function fractionOf(axis: OverviewAxis, pos: number): number {
  const span = axis.max - axis.min;
  return span <= 0 ? 0 : Math.min(1, Math.max(0, (pos - axis.min) / span));
}

/** The part of the bins that depends on the log only (not on the filter): density and errors. */
export interface DensityBins {
  readonly axis: OverviewAxis;
  readonly binCount: number;
  readonly total: Uint32Array;
  readonly errors: Uint32Array;
  readonly maxTotal: number;
}

/** Bins every row once: O(rows). `errorMask[i]` is 1 for an error row. */
export function binDensity(positions: AxisPositions, axis: OverviewAxis, errorMask: Uint8Array, binCount: number): DensityBins {
  const bins = Math.max(1, Math.floor(binCount));
  const total = new Uint32Array(bins);
  const errors = new Uint32Array(bins);
  const span = axis.max - axis.min;
  const scale = span > 0 ? bins / span : 0;
  const last = bins - 1;
  const min = axis.min;
  // Typed-array reads without `?? 0`: every index is in range by construction (this loop runs over 1M rows).
  for (let i = 0; i < positions.length; i++) {
    const b = Math.min(last, Math.floor(((positions[i] as number) - min) * scale));
    total[b]!++;
    if (errorMask[i] === 1) errors[b]!++;
  }
  let maxTotal = 0;
  for (let b = 0; b < bins; b++) maxTotal = Math.max(maxTotal, total[b] as number);
  return { axis, binCount: bins, total, errors, maxTotal };
}

/** Hit counts per bin: `hitAt(k)` is the k-th hit's row index (k < count), or -1 for a hit that has no position. */
export function binHits(positions: AxisPositions, axis: OverviewAxis, count: number, hitAt: (k: number) => number, binCount: number): Uint32Array {
  const bins = Math.max(1, Math.floor(binCount));
  const hits = new Uint32Array(bins);
  const span = axis.max - axis.min;
  const scale = span > 0 ? bins / span : 0;
  const last = bins - 1;
  for (let k = 0; k < count; k++) {
    const i = hitAt(k);
    if (i < 0) continue;
    const b = Math.min(last, Math.floor(((positions[i] ?? 0) - axis.min) * scale));
    hits[b]!++;
  }
  return hits;
}

/**
 * Bins every row once: O(rows + hits). `errorMask[i]` is 1 for an error row; `hits` lists the row indices that
 * match the filter (ascending or not, it does not matter).
 */
export function binOverview(
  positions: Float64Array,
  axis: OverviewAxis,
  errorMask: Uint8Array,
  hits: ArrayLike<number>,
  binCount: number,
): OverviewBins {
  const density = binDensity(positions, axis, errorMask, binCount);
  return { ...density, hits: binHits(positions, axis, hits.length, (k) => hits[k] ?? -1, density.binCount) };
}
