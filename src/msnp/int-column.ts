/**
 * A growable column of 32-bit integers: what the streaming stages (connections, pairing) keep per message when
 * the number of messages is not known up front. 4 bytes a value, where a JS number array takes 8 plus slack.
 */
export class IntColumn {
  private data: Int32Array;
  private size = 0;

  constructor(
    private readonly fillValue: number,
    capacity = 1024,
  ) {
    this.data = new Int32Array(capacity);
    // A fresh typed array is zeroed already; writing zeros would only touch pages that may never be used.
    if (fillValue !== 0) this.data.fill(fillValue);
  }

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    if (this.size === this.data.length) this.growTo(this.size * 2);
    this.data[this.size++] = value;
  }

  /** The value at i, or the fill value outside the column. */
  get(i: number): number {
    return i >= 0 && i < this.size ? (this.data[i] ?? this.fillValue) : this.fillValue;
  }

  /** Set the value at i, growing the column (filled with the fill value) when i is past its end. */
  set(i: number, value: number): void {
    if (i >= this.data.length) this.growTo(Math.max(i + 1, this.data.length * 2));
    if (i >= this.size) this.size = i + 1;
    this.data[i] = value;
  }

  /** The values as a view, no copy: for a column that is complete (a later push may move the data). */
  view(): Int32Array {
    return this.data.subarray(0, this.size);
  }

  /** An exact-size copy. */
  toInt32Array(): Int32Array {
    return this.data.slice(0, this.size);
  }

  /**
   * An exact-size plain array copy, for a list whose public type is a number array: one allocation of the final
   * size, where pushing a million values one by one into an array cost four times as much (regrowth copies of
   * 8-byte slots, each on fresh pages).
   */
  toArray(): number[] {
    return copyToArray(this.data, this.size);
  }

  private growTo(capacity: number): void {
    const next = new Int32Array(capacity);
    next.set(this.data);
    if (this.fillValue !== 0) next.fill(this.fillValue, this.data.length);
    this.data = next;
  }
}

/** The first `n` values of `from` as a plain array, allocated once at its final size. */
export function copyToArray(from: ArrayLike<number>, n = from.length): number[] {
  const out = new Array<number>(n);
  for (let k = 0; k < n; k++) out[k] = from[k] ?? 0;
  return out;
}

/** `next` with `old`'s values copied in (a column grown to a larger capacity). */
export function grown<T extends Int32Array | Float64Array | Uint8Array | Uint16Array | Int16Array | Uint32Array>(old: T, next: T): T {
  next.set(old as never);
  return next;
}
