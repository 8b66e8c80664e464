/**
 * Params of events read on the log's bytes, for the findings rules that test one or two params of tens of
 * thousands of lines (is this USR an auth USR, is this XFR an SB request, which grant's cookie does this USR
 * carry, does this JOI name the called principal).
 *
 * The cut is EventStore.paramAt's (the params start at the event's raw offset plus its params offset, split on
 * single spaces), located with the store's own offsets; what differs is the cost: no range tuple
 * and no string per test, comparisons and hashes straight on the bytes. Where the bytes cannot say (params kept
 * as strings, or a non-ASCII character before them, so char and byte offsets differ) every method falls back
 * to the store's own accessors, so the answers are always `store.paramsOf(i)[k]`'s.
 */
import type { EventStore } from '../event-store';

/** What `find` learnt about param k of an event. */
const FOUND = 1;
const ABSENT = 0;
const UNKNOWN = -1;
const PREFIX_UNKNOWN = 0;
const PREFIX_ASCII = 1;
const PREFIX_OTHER = 2;
/** Hashes are cut to 30 bits: small integers stay unboxed (a Map keyed by boxed numbers was this rule's cost). */
const SMALL = 0x3fffffff;

export class ParamBytes {
  private readonly bytes: Uint8Array;
  private readonly starts: Int32Array;
  /** Byte range [a, b) of the param the last successful `find` found. */
  private a = 0;
  private b = 0;
  /** The bytes as 32-bit words (any byte order: the test masks every byte), when they start 4-aligned. */
  private readonly words: Uint32Array | null;
  /**
   * Per event: PREFIX_UNKNOWN until `locate` checked the bytes before its params. Made on the first line the byte
   * reader did not mark ASCII (most logs have none: no array of a byte per event at the parse's memory peak).
   */
  private prefix: Uint8Array | null = null;
  /** `locate`'s answer for the event `lastEvent`. */
  private lastEvent = -1;
  private lastAt = -1;
  private lastEnd = 0;

  constructor(readonly store: EventStore) {
    this.bytes = store.source.bytes;
    this.starts = store.source.starts;
    const b = this.bytes;
    this.words = b.byteOffset % 4 === 0 ? new Uint32Array(b.buffer, b.byteOffset, b.length >>> 2) : null;
  }

  /** `paramsOf(i)[k] === text` for an ASCII `text`. */
  is(i: number, k: number, text: string): boolean {
    const found = this.find(i, k);
    if (found === UNKNOWN) return this.store.paramIs(i, k, text);
    return found === FOUND && this.rangeIs(text);
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
    let h = 0x811c9dc5;
    for (let x = this.a; x < this.b; x++) {
      const c = this.bytes[x] ?? 0;
      if (c >= 0x80) return hashText(this.store.source.text(this.a, this.b));
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
    if (i !== this.lastEvent) this.locate(i);
    const at = this.lastAt;
    const end = this.lastEnd;
    if (at < 0) return UNKNOWN;
    if (at > end) return ABSENT;
    const bytes = this.bytes;
    let a = at;
    for (let n = 0; n < k; n++) {
      while (a < end && bytes[a] !== 32) a++;
      if (a >= end) return ABSENT;
      a++;
    }
    let b = a;
    while (b < end && bytes[b] !== 32) b++;
    this.a = a;
    this.b = b;
    return FOUND;
  }

  /**
   * Where event i's params start on the bytes (−1 when they cannot be found there) and where its line ends.
   * Kept for the last event asked about (rules test several params of one line in a row); whether the line is
   * ASCII before its params is kept per event (rules come back to the same lines), as that check was most of a
   * test's cost.
   */
  private locate(i: number): void {
    this.lastEvent = i;
    const off = this.store.rawOffsetOf(i);
    const from = this.store.paramsFromOf(i);
    const line = this.store.lineOf(i) - 1;
    const start = this.starts[line] ?? 0;
    const end = this.store.source.end(line);
    this.lastEnd = end;
    this.lastAt = -1;
    if (off < 0 || from < 0) return;
    const at = start + off + from;
    let prefix = this.store.isAsciiLine(i) ? PREFIX_ASCII : PREFIX_UNKNOWN;
    if (prefix === PREFIX_UNKNOWN) {
      this.prefix ??= new Uint8Array(this.store.length);
      prefix = this.prefix[i] ?? PREFIX_UNKNOWN;
      if (prefix === PREFIX_UNKNOWN) {
        prefix = this.isAscii(start, Math.min(at, end)) ? PREFIX_ASCII : PREFIX_OTHER;
        this.prefix[i] = prefix;
      }
    }
    if (prefix === PREFIX_ASCII) this.lastAt = at;
  }

  /** No byte of [a, b) is ≥ 0x80; four bytes at a time where the bytes can be read as aligned words. */
  private isAscii(a: number, b: number): boolean {
    const bytes = this.bytes;
    const words = this.words;
    let x = a;
    if (words !== null) {
      for (; x < b && (x & 3) !== 0; x++) if ((bytes[x] ?? 0) >= 0x80) return false;
      for (; x + 4 <= b; x += 4) if (((words[x >>> 2] ?? 0) & 0x80808080) !== 0) return false;
    }
    for (; x < b; x++) if ((bytes[x] ?? 0) >= 0x80) return false;
    return true;
  }
}

/** ParamBytes.hash of a text: FNV-1a over its char codes (an ASCII param's bytes are its char codes). */
export function hashText(s: string): number {
  let h = 0x811c9dc5;
  for (let x = 0; x < s.length; x++) h = Math.imul(h ^ s.charCodeAt(x), 0x01000193);
  return h & SMALL;
}
