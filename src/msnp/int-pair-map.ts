/**
 * A hash map from a pair of non-negative integers (connection index, TrId) to a non-negative integer (an event
 * index), in three typed arrays with open addressing.
 *
 * Pairing and connection inference look up (connection, TrId) several times per message. With one JS Map per
 * connection each look-up cost ~50 ns, a deleted key made the Map shrink and reallocate, and every connection
 * carried a Map object; on a million messages and tens of thousands of switchboards that was a fifth of the build.
 * Deleted slots become tombstones; the table is rebuilt when live keys and tombstones fill half of it.
 */

const EMPTY = -1;
const TOMBSTONE = -2;
const MIN_CAPACITY = 1024;

export class IntPairMap {
  private keyA: Int32Array;
  private keyB: Uint32Array;
  private values: Int32Array;
  private mask: number;
  private live = 0;
  private used = 0;
  /** Buffers of the same size kept from the last rebuild: a table that only sheds tombstones allocates nothing. */
  private spare: { keyA: Int32Array; keyB: Uint32Array; values: Int32Array } | null = null;

  constructor(capacity = MIN_CAPACITY) {
    const cap = powerOfTwoAtLeast(Math.max(MIN_CAPACITY, capacity * 2));
    this.keyA = new Int32Array(cap).fill(EMPTY);
    this.keyB = new Uint32Array(cap);
    this.values = new Int32Array(cap);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.live;
  }

  /** The value of (a, b), or −1 when there is none. `a` in 0..2³¹−1, `b` in 0..2³²−1. */
  get(a: number, b: number): number {
    const slot = this.find(a, b);
    return slot < 0 ? -1 : (this.values[slot] ?? -1);
  }

  set(a: number, b: number, value: number): void {
    if ((this.used + 1) * 2 > this.keyA.length) this.rehash();
    const { keyA, keyB, mask } = this;
    // One probe: the key's slot if it is there, else the first tombstone passed, else the empty slot that ends it.
    let i = hash(a, b) & mask;
    let free = -1;
    for (;;) {
      const k = keyA[i] ?? EMPTY;
      if (k === EMPTY) break;
      if (k === a && keyB[i] === b) {
        this.values[i] = value;
        return;
      }
      if (k === TOMBSTONE && free < 0) free = i;
      i = (i + 1) & mask;
    }
    if (free < 0) {
      free = i;
      this.used++;
    }
    keyA[free] = a;
    keyB[free] = b;
    this.values[free] = value;
    this.live++;
  }

  delete(a: number, b: number): void {
    const slot = this.find(a, b);
    if (slot < 0) return;
    this.keyA[slot] = TOMBSTONE;
    this.live--;
  }

  /** The slot holding (a, b), or −1. */
  private find(a: number, b: number): number {
    const { keyA, keyB, mask } = this;
    let i = hash(a, b) & mask;
    for (;;) {
      const k = keyA[i] ?? EMPTY;
      if (k === EMPTY) return -1;
      if (k === a && keyB[i] === b) return i;
      i = (i + 1) & mask;
    }
  }

  /** Rebuild without tombstones, at four times the live keys (so a shrinking table gives memory back too). */
  private rehash(): void {
    const { keyA, keyB, values } = this;
    const cap = powerOfTwoAtLeast(Math.max(MIN_CAPACITY, this.live * 4));
    const spare = this.spare;
    if (spare !== null && spare.keyA.length === cap) {
      this.keyA = spare.keyA.fill(EMPTY);
      this.keyB = spare.keyB;
      this.values = spare.values;
    } else {
      this.keyA = new Int32Array(cap).fill(EMPTY);
      this.keyB = new Uint32Array(cap);
      this.values = new Int32Array(cap);
    }
    this.spare = keyA.length === cap ? { keyA, keyB, values } : null;
    this.mask = cap - 1;
    this.live = 0;
    this.used = 0;
    for (let i = 0; i < keyA.length; i++) {
      const a = keyA[i] ?? EMPTY;
      if (a >= 0) this.set(a, keyB[i] ?? 0, values[i] ?? 0);
    }
  }
}

/**
 * The connection's part is mixed, the TrId's is added as it is: a connection's TrIds count up, so the commands
 * open on one connection sit in neighbouring slots and a look-up stays in cache lines it touched just before
 * (with a fully mixed key, every look-up in a table of 100k open commands was a cache miss).
 */
function hash(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h + b) | 0;
}

function powerOfTwoAtLeast(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
