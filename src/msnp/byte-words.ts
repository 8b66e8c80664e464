/**
 * Four bytes at a time: the word tests the byte-level readers share (the line split, the params scan of the byte
 * path, the worker's text column). A DataView reads a little-endian word from any offset, aligned or not, so a
 * loop never steps byte by byte just to reach a word boundary.
 */

/** A DataView over exactly the bytes of `bytes` (index k of the view is byte k of the array). */
export function byteView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Bit 7 of each byte of x that is zero (the has-zero-byte test). A byte above a true zero can be flagged wrongly
 * (the borrow runs upwards), one below never is: the lowest flag is always a true zero.
 */
export function zeroBytes(x: number): number {
  return (x - 0x01010101) & ~x & 0x80808080;
}

/** The index (0–3, little-endian) of the lowest byte flagged in a non-zero mask of bit-7 flags. */
export function firstFlagged(flags: number): number {
  return (31 - Math.clz32(flags & -flags)) >>> 3;
}
