/**
 * The timeline's row model. A row is an Int32 code: an event id (>= 0), or `~k` (< 0) for the k-th
 * non-protocol line, merged in line order. Typed arrays keep a million rows cheap to filter, sort and slice.
 */
import type { LogEvent, NonProtocolLine, ParseResult } from '../msnp/types';
import { NATURAL_ORDER } from './account-list';
import { getEventIndex } from './filter/event-index';
import type { SortSpec } from './url/url-state';
import { assertNever } from '../msnp/assert';

export type Row =
  | { readonly kind: 'event'; readonly code: number; readonly event: LogEvent }
  | { readonly kind: 'line'; readonly code: number; readonly line: NonProtocolLine };

/**
 * Each connection's account by connection id, or null when no connection names one (a client's own log): what the
 * timeline's Account column and the row exports show.
 */
export function accountsByConnection(result: ParseResult): ReadonlyMap<string, string> | null {
  const out = new Map<string, string>();
  for (const c of result.connections) if (c.account !== undefined) out.set(c.id, c.account);
  return out.size === 0 ? null : out;
}

/** Resolves a row code. Null when the code is out of range. */
export function rowAt(result: ParseResult, code: number): Row | null {
  if (code >= 0) {
    const event = result.events[code];
    return event ? { kind: 'event', code, event } : null;
  }
  const line = result.nonProtocol[~code];
  return line ? { kind: 'line', code, line } : null;
}

/** Non-protocol lines worth a row: blank lines are left out everywhere. */
export function isShownNonProtocol(l: NonProtocolLine): boolean {
  return l.reason !== 'blank';
}

/** Every event, in line order; plus the non-blank non-protocol lines when `withNonProtocol`. */
export function buildRows(result: ParseResult, withNonProtocol: boolean): Int32Array {
  const n = result.events.length;
  if (!withNonProtocol) {
    const rows = new Int32Array(n);
    for (let i = 0; i < rows.length; i++) rows[i] = i;
    return rows;
  }
  const { line, npLine, npShown } = getEventIndex(result);
  // Sized exactly (a count of the shown lines first), not cut to size after: on 1.7M rows the copy was half of
  // this function's time, in the task that first draws the table.
  let shown = 0;
  for (let k = 0; k < npShown.length; k++) shown += npShown[k] as number;
  const out = new Int32Array(n + shown);
  let m = 0;
  let e = 0;
  for (let k = 0; k < npLine.length; k++) {
    if (npShown[k] !== 1) continue;
    const at = npLine[k] as number;
    while (e < n && (line[e] as number) <= at) out[m++] = e++;
    out[m++] = ~k;
  }
  while (e < n) out[m++] = e++;
  return out;
}

/** Rank of each interned name in alphabetical order, so string columns sort as numbers. */
function rankOf(names: readonly string[]): Int32Array {
  const order = names.map((n, k) => ({ n, k })).sort((a, b) => (a.n < b.n ? -1 : a.n > b.n ? 1 : 0));
  const rank = new Int32Array(names.length);
  order.forEach((o, r) => {
    rank[o.k] = r;
  });
  return rank;
}

function sortKey(result: ParseResult, column: Exclude<SortSpec['column'], 'line'>): (code: number) => number {
  const idx = getEventIndex(result);
  const orMinus1 = (x: number | undefined): number => (x === undefined || Number.isNaN(x) ? -1 : x);
  switch (column) {
    case 'time': return (c) => orMinus1(idx.time[c]);
    case 'connection': {
      const rank = rankOf(idx.connectionIds);
      return (c) => rank[idx.connection[c] ?? 0] ?? 0;
    }
    case 'account': {
      // Rows on a connection with no account (a client's own log, a switchboard nobody was named on) go last.
      // One rank per account, not per connection: an account's sign-in and its switchboards tie, so its rows
      // stay in line order.
      const accounts = [...new Set(idx.connectionAccounts.flatMap((a) => (a === null ? [] : [a])))].sort(NATURAL_ORDER.compare);
      const rankOfAccount = new Map(accounts.map((a, r) => [a, r]));
      const rank = idx.connectionAccounts.map((a) => (a === null ? accounts.length : (rankOfAccount.get(a) ?? accounts.length)));
      return (c) => rank[idx.connection[c] ?? 0] ?? accounts.length;
    }
    case 'command': {
      const rank = rankOf(idx.commandNames);
      return (c) => rank[idx.command[c] ?? 0] ?? 0;
    }
    case 'trid': return (c) => idx.trId[c] ?? -1;
    case 'latency': return (c) => orMinus1(idx.latency[c]);
    case 'code': return (c) => idx.code[c] ?? -1;
    default: return assertNever(column, 'sort column');
  }
}

/**
 * Orders rows. Line order is the natural order (rows are built in it); other columns sort events by the
 * key, ties by line, and put non-protocol lines last. Returns `rows` itself for ascending line order.
 */
export function sortRows(result: ParseResult, rows: Int32Array, spec: SortSpec): Int32Array {
  if (spec.column === 'line') return spec.desc ? rows.slice().reverse() : rows;
  const key = sortKey(result, spec.column);
  let n = 0;
  for (let r = 0; r < rows.length; r++) if ((rows[r] ?? 0) >= 0) n++;
  const events = new Int32Array(n);
  const keys = new Float64Array(result.events.length);
  const out = new Int32Array(rows.length);
  let e = 0;
  let l = n;
  // Radix-sortable: every key a whole number from −1 to 2^32 − 2, and the events in ascending id (line) order,
  // which a stable sort then keeps within a key.
  let radix = true;
  let prev = -1;
  for (let r = 0; r < rows.length; r++) {
    const c = rows[r] ?? 0;
    if (c >= 0) {
      events[e++] = c;
      const k = key(c);
      keys[c] = k;
      if (radix && (c < prev || !(k >= -1 && k <= 0xfffffffe && Math.floor(k) === k))) radix = false;
      prev = c;
    } else out[l++] = c;
  }
  out.set(radix ? radixSorted(events, keys, spec.desc) : comparatorSorted(events, keys, spec.desc), 0);
  return out;
}

/** Events ordered by `keys[event]`, ties by id: the reference order, for any keys (exported for the tests). */
export function comparatorSorted(events: Int32Array, keys: Float64Array, desc: boolean): Int32Array {
  const dir = desc ? -1 : 1;
  return events.sort((a, b) => {
    const d = (keys[a] ?? 0) - (keys[b] ?? 0);
    return d !== 0 ? d * dir : a - b;
  });
}

/**
 * A stable LSD radix sort on 32-bit keys, 16 bits a pass: two passes over the events instead of a comparator
 * call per comparison (a million rows sorted in a few tens of ms, where the comparator took a third of a
 * second). Descending sorts the keys' complement, so ties still keep line order.
 */
export function radixSorted(events: Int32Array, keys: Float64Array, desc: boolean): Int32Array {
  const n = events.length;
  const k32 = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const k = (keys[events[i] ?? 0] ?? 0) + 1; // −1 (no value) → 0
    k32[i] = desc ? 0xffffffff - k : k;
  }
  let src: Int32Array = events;
  let srcKeys: Uint32Array = k32;
  let dst: Int32Array = new Int32Array(n);
  let dstKeys: Uint32Array = new Uint32Array(n);
  const counts = new Int32Array(0x10000);
  for (let shift = 0; shift < 32; shift += 16) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((srcKeys[i] ?? 0) >>> shift) & 0xffff]!++;
    let sum = 0;
    for (let b = 0; b < 0x10000; b++) {
      const c = counts[b] ?? 0;
      counts[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = srcKeys[i] ?? 0;
      const at = counts[(k >>> shift) & 0xffff]!++;
      dst[at] = src[i] ?? 0;
      dstKeys[at] = k;
    }
    [src, dst] = [dst, src];
    [srcKeys, dstKeys] = [dstKeys, srcKeys];
  }
  return src;
}
