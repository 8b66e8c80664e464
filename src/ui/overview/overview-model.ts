/**
 * The overview strip's data, computed once per parse result (positions on the x axis for every event and every
 * non-protocol line) and once per filter change (bins). Row codes follow the state layer's row model: an event
 * id (>= 0) or `~k` for the k-th non-protocol line.
 */
import type { ParseResult } from '../../msnp/types';
import { FLAG_ERROR, getEventIndex } from '../../state/filter/event-index';
import { binDensity, binHits, type AxisPositions, type DensityBins, type OverviewAxis, type OverviewBins } from './bin-overview';

export interface OverviewBase {
  readonly axis: OverviewAxis;
  /** Per event id (the event index's own time or line column when that is already the axis). */
  readonly eventPos: AxisPositions;
  /** Per non-protocol line index: the position of the event just before it (or the first event). */
  readonly linePos: Float64Array;
  readonly errorMask: Uint8Array;
}

const baseCache = new WeakMap<ParseResult, OverviewBase>();

export function getOverviewBase(result: ParseResult): OverviewBase {
  const cached = baseCache.get(result);
  if (cached) return cached;
  const base = computeOverviewBase(result);
  baseCache.set(result, base);
  return base;
}

/**
 * Per-event positions on the axis: time (running maximum, so the axis is monotonic; an event without a time sits
 * at its predecessor's) when the log has times, else the line number. This runs on the main thread as the log
 * opens, over a million events: where the column already is its own running maximum (line numbers always, times
 * that never go back with none missing: most logs), it is the axis as it stands. A fresh array of a million
 * doubles cost more than the loop that fills it (in Chromium, 72 of 79 ms on 1.6M events were the first writes
 * to its pages).
 */
function eventPositions(time: Float64Array, line: Int32Array, n: number, useTime: boolean): { positions: AxisPositions; axis: OverviewAxis } {
  const kind = useTime ? 'time' : 'line';
  const column = useTime ? time : line;
  const positions = column.length >= n && isOwnAxis(column, n) ? column.subarray(0, n) : runningMax(column, n);
  const min = n > 0 ? (positions[0] as number) : 0;
  const max = n > 0 ? (positions[n - 1] as number) : 0;
  return { positions, axis: { kind, min, max } };
}

/** The running maximum of the first n values; a missing one (NaN) takes its predecessor's, the first 0. */
function runningMax(column: AxisPositions, n: number): Float64Array {
  const positions = new Float64Array(n);
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const raw = column[i] as number;
    const v = Number.isNaN(raw) ? (last === Number.NEGATIVE_INFINITY ? 0 : last) : raw > last ? raw : last;
    positions[i] = v;
    last = v;
  }
  return positions;
}

/** The first n values never go back and none is missing (NaN, no time): the column is its own running maximum. */
function isOwnAxis(column: AxisPositions, n: number): boolean {
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const v = column[i] as number;
    if (!(v >= last)) return false; // NaN fails this too
    last = v;
  }
  return true;
}

/** The strip's axis for a result, computed afresh (getOverviewBase caches it per result). */
export function computeOverviewBase(result: ParseResult): OverviewBase {
  // Typed columns (built in the worker), not event objects.
  const idx = getEventIndex(result);
  const n = idx.count;
  const { positions, axis } = eventPositions(idx.time, idx.line, n, result.hasTimes);
  const errorMask = new Uint8Array(n);
  const flags = idx.flags;
  for (let i = 0; i < n; i++) errorMask[i] = (flags[i] as number) & FLAG_ERROR;
  const linePos = new Float64Array(idx.npLine.length);
  let e = 0;
  for (let k = 0; k < linePos.length; k++) {
    const line = idx.npLine[k] as number;
    while (e + 1 < n && (idx.line[e + 1] as number) < line) e++;
    linePos[k] = n > 0 ? (positions[e] as number) : axis.min;
  }
  return { axis, eventPos: positions, linePos, errorMask };
}

export function positionOfRow(base: OverviewBase, code: number): number {
  return code >= 0 ? (base.eventPos[code] ?? base.axis.min) : (base.linePos[~code] ?? base.axis.min);
}

const densityCache = new WeakMap<OverviewBase, Map<number, DensityBins>>();

/** Density and error bins depend on the log and the strip's width only: computed once per width, not per filter. */
function densityOf(base: OverviewBase, binCount: number): DensityBins {
  let byCount = densityCache.get(base);
  if (byCount === undefined) {
    byCount = new Map();
    densityCache.set(base, byCount);
  }
  let d = byCount.get(binCount);
  if (d === undefined) {
    d = binDensity(base.eventPos, base.axis, base.errorMask, binCount);
    byCount.set(binCount, d);
  }
  return d;
}

/** Bins for the strip: density and errors over all events, hits over the filtered rows' events. */
export function binRows(base: OverviewBase, rows: Int32Array, filtered: boolean, binCount: number): OverviewBins {
  const density = densityOf(base, Math.max(1, Math.floor(binCount)));
  // Non-protocol rows (negative codes) are not hits: they have no event position.
  const hits = filtered ? binHits(base.eventPos, base.axis, rows.length, (k) => rows[k] as number, density.binCount) : new Uint32Array(density.binCount);
  return { ...density, hits };
}

/**
 * The index in `rows` to jump to for a position on the strip. `rows` in line order (the default sort) allows a
 * binary search; any other order falls back to the nearest row by a scan.
 */
export function rowIndexAtPosition(base: OverviewBase, rows: Int32Array, pos: number, lineOrder: boolean): number {
  if (rows.length === 0) return -1;
  if (lineOrder) {
    // Positions of rows in line order are non-decreasing (running maximum), so a binary search works.
    const at = (r: number): number => positionOfRow(base, rows[r] ?? 0);
    let lo = 0;
    let hi = rows.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (at(mid) < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  let best = 0;
  let bestDist = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rows.length; r++) {
    const d = Math.abs(positionOfRow(base, rows[r] ?? 0) - pos);
    if (d < bestDist) {
      bestDist = d;
      best = r;
    }
  }
  return best;
}
