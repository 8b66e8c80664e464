/**
 * The overview strip's data, computed once per parse result (positions on the x axis for every event and every
 * non-protocol line) and once per filter change (bins). Row codes follow the state layer's row model: an event
 * id (>= 0) or `~k` for the k-th non-protocol line.
 */
import type { ParseResult } from '../../msnp/types';
import { FLAG_ERROR, getEventIndex } from '../../state/filter/event-index';
import { binOverview, toAxisPositions, type OverviewAxis, type OverviewBins } from './bin-overview';

export interface OverviewBase {
  readonly axis: OverviewAxis;
  /** Per event id. */
  readonly eventPos: Float64Array;
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

/** The strip's axis for a result, computed afresh (getOverviewBase caches it per result). */
export function computeOverviewBase(result: ParseResult): OverviewBase {
  // Typed columns (built in the worker), not event objects: this runs on the main thread as the log opens.
  const idx = getEventIndex(result);
  const n = idx.count;
  const { positions, axis } = toAxisPositions(
    n,
    (i) => {
      const t = idx.time[i] as number;
      return Number.isNaN(t) ? null : t;
    },
    (i) => idx.line[i] as number,
    result.hasTimes,
  );
  const errorMask = new Uint8Array(n);
  for (let i = 0; i < n; i++) errorMask[i] = (idx.flags[i] as number) & FLAG_ERROR;
  const linePos = new Float64Array(idx.npLine.length);
  let e = 0;
  for (let k = 0; k < linePos.length; k++) {
    const line = idx.npLine[k] as number;
    while (e + 1 < n && (idx.line[e + 1] as number) < line) e++;
    linePos[k] = positions[e] ?? axis.min;
  }
  return { axis, eventPos: positions, linePos, errorMask };
}

export function positionOfRow(base: OverviewBase, code: number): number {
  return code >= 0 ? (base.eventPos[code] ?? base.axis.min) : (base.linePos[~code] ?? base.axis.min);
}

/** Bins for the strip: density and errors over all events, hits over the filtered rows' events. */
export function binRows(base: OverviewBase, rows: Int32Array, filtered: boolean, binCount: number): OverviewBins {
  let hits: Int32Array = new Int32Array(0);
  if (filtered) {
    let m = 0;
    hits = new Int32Array(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const code = rows[r] ?? -1;
      if (code >= 0) hits[m++] = code;
    }
    hits = hits.subarray(0, m);
  }
  return binOverview(base.eventPos, base.axis, base.errorMask, hits, binCount);
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
