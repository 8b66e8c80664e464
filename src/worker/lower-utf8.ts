/**
 * Lower-casing UTF-8 text on its bytes, for the free-text column (table-columns.ts): the result is the UTF-8 of
 * `decoded.toLowerCase()` exactly, or the function declines and the caller goes through strings.
 *
 * Why: the text column copies every event's line and payload, lower-cased: 55–100 MB for a 100 MB log, built in
 * the worker between the parse and the first table row. Through strings (decode, toLowerCase, encode) a row cost
 * microseconds and garbage; most rows are ASCII, and the rest are chat text whose characters lower-casing leaves
 * as they are (accents already lower case, CJK, emoji).
 *
 * How: ASCII four bytes at a time (A–Z gain 0x20); any other character is decoded, and copied as it is when
 * `toLowerCase` leaves it alone. Such a character is left alone in any context: the only context-dependent rule of
 * `toLowerCase` (final sigma) is about Σ, which changes, so a row with Σ declines. So does a row with any other
 * character that changes, and any byte sequence that is not valid UTF-8 (the string path decodes it with U+FFFD).
 */

/** Byte → the byte lower-cased (A–Z; every other byte as it is). */
const LOWER: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let c = 0; c < 256; c++) t[c] = c >= 65 && c <= 90 ? c + 32 : c;
  return t;
})();

/** Bit per code point U+0000–U+1FFFF: set when `toLowerCase` changes the character. Built on first need. */
let changing: Uint8Array | null = null;

function changingTable(): Uint8Array {
  if (changing !== null) return changing;
  const t = new Uint8Array(0x20000 >>> 3);
  for (let cp = 0x80; cp < 0x20000; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue; // surrogates: never decoded from valid UTF-8
    const s = String.fromCodePoint(cp);
    if (s.toLowerCase() !== s) t[cp >>> 3] = (t[cp >>> 3] ?? 0) | (1 << (cp & 7));
  }
  changing = t;
  return t;
}

/** Whether `toLowerCase` changes the character (planes 2–16 hold no cased letters today, but are asked, not assumed). */
function changesWhenLowered(cp: number, table: Uint8Array): boolean {
  if (cp < 0x20000) return ((table[cp >>> 3] ?? 0) & (1 << (cp & 7))) !== 0;
  const s = String.fromCodePoint(cp);
  return s.toLowerCase() !== s;
}

const isContinuation = (b: number): boolean => (b & 0xc0) === 0x80;

/** Where a write goes: the output bytes, a DataView over them, and the position. */
export interface LowerOut {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  pos: number;
}

/**
 * Writes src[from, to) lower-cased at out.pos (there must be room for to − from bytes: lower-casing that does not
 * decline never changes a byte count). Returns the text's length in UTF-16 units, and advances out.pos; or −1
 * when it declines (out.pos is unchanged, the bytes after it are garbage).
 */
export function lowerUtf8(src: Uint8Array, srcView: DataView, from: number, to: number, out: LowerOut): number {
  const dst = out.bytes;
  const dstView = out.view;
  let p = out.pos;
  let k = from;
  let units = to - from; // one per byte, less the continuation bytes, plus one per four-byte character
  while (k < to) {
    // Four ASCII bytes at once: (b + 0x3f) has bit 7 set for b ≥ 0x41, (b + 0x25) for b ≥ 0x5b.
    while (k + 4 <= to) {
      const w = srcView.getUint32(k, true);
      if ((w & 0x80808080) !== 0) break;
      const upper = (w + 0x3f3f3f3f) & ~(w + 0x25252525) & 0x80808080;
      dstView.setUint32(p, w | (upper >>> 2), true);
      k += 4;
      p += 4;
    }
    if (k >= to) break;
    const b = src[k] ?? 0;
    if (b < 0x80) {
      dst[p++] = LOWER[b] ?? b;
      k++;
      continue;
    }
    const n = sequenceLength(src, k, to);
    if (n < 0) return -1;
    const cp = codePointAt(src, k, n);
    if (changesWhenLowered(cp, changing ?? changingTable())) return -1;
    for (let j = 0; j < n; j++) dst[p++] = src[k + j] ?? 0;
    k += n;
    units -= n === 4 ? 2 : n - 1;
  }
  out.pos = p;
  return units;
}

/** Byte length of the well-formed UTF-8 sequence at k (Unicode's table of well-formed sequences), or −1. */
function sequenceLength(s: Uint8Array, k: number, to: number): number {
  const b0 = s[k] ?? 0;
  const b1 = k + 1 < to ? (s[k + 1] ?? 0) : -1;
  if (b0 >= 0xc2 && b0 <= 0xdf) return isContinuation(b1) ? 2 : -1;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const lo = b0 === 0xe0 ? 0xa0 : 0x80;
    const hi = b0 === 0xed ? 0x9f : 0xbf; // ED A0–BF would be a surrogate
    return b1 >= lo && b1 <= hi && k + 2 < to && isContinuation(s[k + 2] ?? 0) ? 3 : -1;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const lo = b0 === 0xf0 ? 0x90 : 0x80;
    const hi = b0 === 0xf4 ? 0x8f : 0xbf; // above U+10FFFF
    return b1 >= lo && b1 <= hi && k + 3 < to && isContinuation(s[k + 2] ?? 0) && isContinuation(s[k + 3] ?? 0) ? 4 : -1;
  }
  return -1;
}

function codePointAt(s: Uint8Array, k: number, n: number): number {
  const b0 = s[k] ?? 0;
  const c1 = (s[k + 1] ?? 0) & 0x3f;
  if (n === 2) return ((b0 & 0x1f) << 6) | c1;
  const c2 = (s[k + 2] ?? 0) & 0x3f;
  if (n === 3) return ((b0 & 0x0f) << 12) | (c1 << 6) | c2;
  return ((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | ((s[k + 3] ?? 0) & 0x3f);
}
