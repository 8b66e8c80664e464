/**
 * (connection index, TrId) → a non-negative integer (an event index), for the tables that pairing and connection
 * inference keep per TrId: an IntPairMap, plus a plain array per connection once that connection holds many keys.
 *
 * A connection's TrIds count up. A log of a million commands no one answers (a client-only log, made-up verbs)
 * kept a million keys of one connection in each of these tables: hash tables of 50 MB, filled, rehashed and
 * filled again as they grew, where touching fresh memory cost more than every look-up. Such a connection gets an
 * array indexed by TrId (4 bytes a key). A normal log's connections keep a few keys each and never get one.
 *
 * A key lives in one place: the array when it reaches that far, else the map (a key put in the map before the
 * array grew over it moves to the array when it is next put).
 */
import { IntPairMap } from './int-pair-map';

/** A connection gets its array once it holds this many keys in the map. */
const PROMOTE_AT = 1024;
/** The most TrIds a connection's array covers (4 bytes each). */
const DENSE_MAX = 1 << 24;

/**
 * A connection's array: value + 1 (0: none) of TrIds base, base + 1, …. It starts at the TrId that made the
 * connection cross PROMOTE_AT (the keys before it stay in the map) and grows while TrIds count on.
 */
interface Dense {
  readonly base: number;
  data: Int32Array;
}

export class TrIdIndex {
  private readonly map = new IntPairMap();
  /** Per connection: how many of its keys are in `map`. */
  private inMap = new Int32Array(64);
  /** Per connection: its array, once it has one. */
  private readonly dense: (Dense | undefined)[] = [];
  /** Some connection has an array: until then (a normal log, throughout) every call is the map's alone. */
  private anyDense = false;

  /** `promoteAt`: how many keys in the map give a connection its array (tests make it small). */
  constructor(private readonly promoteAt = PROMOTE_AT) {}

  /** The value of (c, t), or −1 when there is none. */
  get(c: number, t: number): number {
    const d = this.anyDense && c < this.dense.length ? this.dense[c] : undefined;
    if (d !== undefined) {
      const k = t - d.base;
      if (k >= 0 && k < d.data.length) {
        const v = (d.data[k] ?? 0) - 1;
        if (v >= 0) return v;
      }
    }
    return this.map.get(c, t);
  }

  set(c: number, t: number, value: number): void {
    this.put(c, t, value);
  }

  /** set, returning the value (c, t) had before, or −1. `value` ≥ 0. */
  put(c: number, t: number, value: number): number {
    const d = this.anyDense ? this.denseFor(c, t) : undefined;
    if (d === undefined) return this.putInMap(c, t, value);
    const k = t - (this.dense[c]?.base ?? 0);
    let before = (d[k] ?? 0) - 1;
    // Put in the map before the array reached it: it moves here.
    if (before < 0 && (this.inMap[c] ?? 0) > 0) {
      before = this.map.get(c, t);
      if (before >= 0) this.dropFromMap(c, t);
    }
    d[k] = value + 1;
    return before;
  }

  /** Remove (c, t); true when it was there. */
  delete(c: number, t: number): boolean {
    const d = this.anyDense && c < this.dense.length ? this.dense[c] : undefined;
    const k = d === undefined ? -1 : t - d.base;
    if (d !== undefined && k >= 0 && k < d.data.length && d.data[k] !== 0) {
      d.data[k] = 0;
      return true;
    }
    return this.dropFromMap(c, t);
  }

  private putInMap(c: number, t: number, value: number): number {
    const before = this.map.put(c, t, value);
    if (before >= 0) return before;
    if (c >= this.inMap.length) this.growCounts(c);
    const n = (this.inMap[c] ?? 0) + 1;
    this.inMap[c] = n;
    // From the next TrId on: this one is in the map already.
    if (n >= this.promoteAt && this.dense[c] === undefined) {
      this.dense[c] = { base: t + 1, data: new Int32Array(2 * this.promoteAt) };
      this.anyDense = true;
    }
    return -1;
  }

  private dropFromMap(c: number, t: number): boolean {
    if (!this.map.delete(c, t)) return false;
    this.inMap[c] = (this.inMap[c] ?? 0) - 1;
    return true;
  }

  /**
   * c's array (its data) when it holds or can grow to hold TrId t (it counts on: within twice its length), else
   * undefined: c has none, or t is before its base or far past its end.
   */
  private denseFor(c: number, t: number): Int32Array | undefined {
    const d = c < this.dense.length ? this.dense[c] : undefined;
    if (d === undefined) return undefined;
    const k = t - d.base;
    const len = d.data.length;
    if (k < 0) return undefined;
    if (k < len) return d.data;
    if (k >= 2 * len || len >= DENSE_MAX) return undefined;
    // A fresh array is zeroed: only the copy touches its pages, the rest as TrIds come.
    const grown = new Int32Array(Math.min(DENSE_MAX, Math.max(k + 1, 2 * len)));
    grown.set(d.data);
    d.data = grown;
    return grown;
  }

  private growCounts(c: number): void {
    const grown = new Int32Array(Math.max(c + 1, this.inMap.length * 2));
    grown.set(this.inMap);
    this.inMap = grown;
  }
}
