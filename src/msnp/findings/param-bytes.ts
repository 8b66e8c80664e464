/**
 * Params of events read on the log's bytes, for the findings rules that test one or two params of tens of
 * thousands of lines (is this USR an auth USR, is this XFR an SB request, which grant's cookie does this USR
 * carry, does this JOI name the called principal).
 *
 * Params are located by the store (EventStore.locateParam, the rule paramAt uses); what this adds is tests
 * without a string per test: comparisons and hashes straight on the bytes. Where the bytes cannot say (params kept
 * as strings, or a non-ASCII character before them, so char and byte offsets differ) every method falls back
 * to the store's own accessors, so the answers are always `store.paramsOf(i)[k]`'s.
 */
import { PARAM_FOUND as FOUND, PARAM_NONE as ABSENT, PARAM_UNKNOWN as UNKNOWN, type EventStore } from '../event-store';

/** `ParamBytes.oneOf`: the param is none of the texts, or there is no such param. */
export const NOT_LISTED = -1;
export const NO_PARAM = -2;

function listed(at: number): number {
  return at < 0 ? NOT_LISTED : at;
}

/** Hashes are cut to 30 bits: small integers stay unboxed (a Map keyed by boxed numbers was this rule's cost). */
const SMALL = 0x3fffffff;
/** Most params one `scan` locates: more than any rule reads of a line. */
export const MAX_SCAN = 16;

export class ParamBytes {
  private readonly bytes: Uint8Array;
  /** Byte range [a, b) of the param the last successful `find` found. */
  private a = 0;
  private b = 0;
  /** Byte ranges [starts[t], ends[t]) of the params the last `scan` found. */
  private readonly starts = new Int32Array(MAX_SCAN);
  private readonly ends = new Int32Array(MAX_SCAN);
  /** Per param of the last scan: FNV-1a of its bytes (`rangeHash` when `high` is 0), and any byte ≥ 0x80 in it. */
  private readonly hashes = new Int32Array(MAX_SCAN);
  private readonly high = new Uint8Array(MAX_SCAN);
  /** The event of the last `scan` (−1: none) and how many params it found. */
  private scannedId = -1;
  private scannedCount = 0;

  constructor(readonly store: EventStore) {
    this.bytes = store.source.bytes;
  }

  /** `paramsOf(i)[k] === text` for an ASCII `text`. */
  is(i: number, k: number, text: string): boolean {
    const found = this.find(i, k);
    if (found === UNKNOWN) return this.store.paramIs(i, k, text);
    return found === FOUND && this.rangeIs(text);
  }

  /**
   * Which of the ASCII `texts` `paramsOf(i)[k]` is: its index, NOT_LISTED when it is another text, NO_PARAM when
   * there is no param k. One walk along the line for all of them, and no string (the login walk asks this of
   * every sign-in USR: which package, which step).
   */
  oneOf(i: number, k: number, texts: readonly string[]): number {
    const found = this.find(i, k);
    if (found === UNKNOWN) {
      const text = this.store.paramAt(i, k);
      return text === undefined ? NO_PARAM : listed(texts.indexOf(text));
    }
    if (found === ABSENT) return NO_PARAM;
    for (let t = 0; t < texts.length; t++) if (this.rangeIs(texts[t] ?? '')) return t;
    return NOT_LISTED;
  }

  private rangeIs(text: string): boolean {
    if (this.b - this.a !== text.length) return false;
    for (let j = 0; j < text.length; j++) if (this.bytes[this.a + j] !== text.charCodeAt(j)) return false;
    return true;
  }

  /** `paramsOf(i)[k]`. */
  at(i: number, k: number): string | undefined {
    const found = this.find(i, k);
    if (found === UNKNOWN) return this.store.paramAt(i, k);
    return found === ABSENT ? undefined : this.store.source.text(this.a, this.b);
  }

  /** True when event i has a param k. */
  has(i: number, k: number): boolean {
    const found = this.find(i, k);
    return found === UNKNOWN ? this.store.paramAt(i, k) !== undefined : found === FOUND;
  }

  /**
   * `paramsOf(i)[k] === paramsOf(j)[m]`, both present. Equal ASCII bytes are equal strings and unequal ones
   * unequal; any other byte (a UTF-8 sequence, maybe an invalid one shown as U+FFFD) compares as text.
   */
  equals(i: number, k: number, j: number, m: number): boolean {
    if (this.find(i, k) !== FOUND) return this.textEquals(i, k, j, m);
    const a = this.a;
    const len = this.b - a;
    if (this.find(j, m) !== FOUND) return this.textEquals(i, k, j, m);
    if (this.b - this.a !== len) {
      const maybe = this.hasHighByte(a, a + len) || this.hasHighByte(this.a, this.b);
      return maybe && this.textEquals(i, k, j, m);
    }
    for (let x = 0; x < len; x++) {
      const c = this.bytes[a + x] ?? 0;
      if (c >= 0x80) return this.textEquals(i, k, j, m);
      if (c !== this.bytes[this.a + x]) return this.hasHighByte(this.a, this.b) && this.textEquals(i, k, j, m);
    }
    return true;
  }

  /**
   * A hash of `paramsOf(i)[k]`'s chars (FNV-1a cut to 30 bits), −1 when there is no param k; the same whatever
   * the param is read from: on the bytes of an ASCII param, else on its text (`hashText`). For bucketing only:
   * equal hashes still need `equals`.
   */
  hash(i: number, k: number): number {
    const found = this.find(i, k);
    if (found === ABSENT) return -1;
    if (found === UNKNOWN) {
      const text = this.store.paramAt(i, k);
      return text === undefined ? -1 : hashText(text);
    }
    return this.rangeHash(this.a, this.b);
  }

  /**
   * Locates the first `max` params (at most MAX_SCAN) of event i in one walk along its line, where a `find` per
   * param walks from the line's start again (a grant's cookie is its 4th param): how many it found, or −1 when
   * the bytes cannot say (then use the per-param methods). Read them with `token*` before the next scan.
   */
  scan(i: number, max: number): number {
    this.scannedId = -1;
    const found = this.store.locateParam(i, 0);
    if (found === UNKNOWN) return -1;
    this.scannedCount = 0;
    if (found === ABSENT) {
      this.scannedId = i;
      return 0;
    }
    const bytes = this.bytes;
    const end = this.store.source.end(this.store.lineOf(i) - 1);
    const limit = Math.min(max, MAX_SCAN);
    let a = this.store.paramRange.a;
    let n = 0;
    // Split on single spaces like locateParam: `A  B` has an empty param between the spaces, `A ` one at the end.
    // Each param's hash and highest byte are taken in the same walk: on a big log the lines are read at random,
    // and walking each again to hash or compare it cost as much as finding it.
    while (n < limit) {
      let b = a;
      let h = 0x811c9dc5;
      let high = 0;
      for (; b < end; b++) {
        const c = bytes[b] ?? 0;
        if (c === 32) break;
        high |= c;
        h = Math.imul(h ^ c, 0x01000193);
      }
      this.starts[n] = a;
      this.ends[n] = b;
      this.hashes[n] = h & SMALL;
      this.high[n] = high >= 0x80 ? 1 : 0;
      n++;
      if (b >= end) break;
      a = b + 1;
    }
    this.scannedId = i;
    this.scannedCount = n;
    return n;
  }

  /** How many params the last `scan` found when it was of event i (and found them on the bytes), else −1. */
  scannedOf(i: number): number {
    return this.scannedId === i ? this.scannedCount : -1;
  }

  /** Byte range of param t of the last scan. */
  tokenStart(t: number): number {
    return this.starts[t] ?? 0;
  }

  tokenEnd(t: number): number {
    return this.ends[t] ?? 0;
  }

  /** `paramsOf(i)[t] === text` for param t of the last scan and an ASCII `text`. */
  tokenIs(t: number, text: string): boolean {
    this.a = this.starts[t] ?? 0;
    this.b = this.ends[t] ?? 0;
    return this.rangeIs(text);
  }

  /** `hash(i, t)` for param t of the last scan of event i. */
  tokenHash(t: number): number {
    return this.high[t] === 1 ? hashText(this.store.source.text(this.starts[t] ?? 0, this.ends[t] ?? 0)) : (this.hashes[t] ?? 0);
  }

  /**
   * Param t of the last scan is a handle `normalizeHandle` (event-index.ts) leaves as it is: ASCII, no upper-case
   * letter, no `;`, not starting with a digit (`bob@x.com`, not `1:Bob@x.com;{guid}`).
   */
  tokenIsNormalHandle(t: number): boolean {
    const a = this.starts[t] ?? 0;
    const b = this.ends[t] ?? 0;
    if (this.high[t] === 1 || b <= a) return false;
    const c0 = this.bytes[a] ?? 0;
    if (c0 >= 48 && c0 <= 57) return false;
    for (let x = a; x < b; x++) {
      const c = this.bytes[x] ?? 0;
      if ((c >= 65 && c <= 90) || c === 59) return false;
    }
    return true;
  }

  /** Param t of the last scan has a byte above ASCII (its text may differ from its bytes: compare it as text). */
  tokenHigh(t: number): boolean {
    return this.high[t] === 1;
  }

  /** `rangesEqual` for two ranges known to hold ASCII only: 1 or 0. */
  asciiRangesEqual(a: number, b: number, c: number, d: number): number {
    if (b - a !== d - c) return 0;
    for (let x = 0; x < b - a; x++) if (this.bytes[a + x] !== this.bytes[c + x]) return 0;
    return 1;
  }

  /**
   * Whether the params at byte ranges [a, b) and [c, d) are equal: 1 or 0 when their bytes say (both ASCII, or
   * of different lengths with no byte above ASCII), −1 when a non-ASCII byte leaves it to the text (`equals`).
   */
  rangesEqual(a: number, b: number, c: number, d: number): number {
    if (this.hasHighByte(a, b) || this.hasHighByte(c, d)) return -1;
    if (b - a !== d - c) return 0;
    for (let x = 0; x < b - a; x++) if (this.bytes[a + x] !== this.bytes[c + x]) return 0;
    return 1;
  }

  /**
   * Whether the param at byte range [a, b) (a token of the last scan) equals `paramsOf(j)[m]`: 1 or 0 when the
   * bytes say (`rangesEqual`), 0 when j has no param m, −1 when only the text can say (then use `equals`).
   */
  rangeEqualsParam(a: number, b: number, j: number, m: number): number {
    const found = this.find(j, m);
    if (found === UNKNOWN) return -1;
    return found === ABSENT ? 0 : this.rangesEqual(a, b, this.a, this.b);
  }

  /** FNV-1a of the chars of the param at byte range [a, b) (see `hash`). */
  private rangeHash(a: number, b: number): number {
    let h = 0x811c9dc5;
    for (let x = a; x < b; x++) {
      const c = this.bytes[x] ?? 0;
      if (c >= 0x80) return hashText(this.store.source.text(a, b));
      h = Math.imul(h ^ c, 0x01000193);
    }
    return h & SMALL;
  }

  private textEquals(i: number, k: number, j: number, m: number): boolean {
    const x = this.at(i, k);
    return x !== undefined && x === this.at(j, m);
  }

  private hasHighByte(a: number, b: number): boolean {
    for (let x = a; x < b; x++) if ((this.bytes[x] ?? 0) >= 0x80) return true;
    return false;
  }

  /** Locates param k of event i on the bytes (into a/b): FOUND, ABSENT, or UNKNOWN when the bytes cannot say. */
  private find(i: number, k: number): number {
    const found = this.store.locateParam(i, k);
    if (found === FOUND) {
      const range = this.store.paramRange;
      this.a = range.a;
      this.b = range.b;
    }
    return found;
  }
}

/** ParamBytes.hash of a text: FNV-1a over its char codes (an ASCII param's bytes are its char codes). */
export function hashText(s: string): number {
  let h = 0x811c9dc5;
  for (let x = 0; x < s.length; x++) h = Math.imul(h ^ s.charCodeAt(x), 0x01000193);
  return h & SMALL;
}
