/**
 * A hash map from a pair of non-negative integers (connection index, TrId) to a non-negative integer (an event
 * index), with open addressing in one typed array: each slot is three neighbouring ints (a, b, value).
 *
 * Pairing and connection inference look up (connection, TrId) several times per message. With one JS Map per
 * connection each look-up cost ~50 ns, a deleted key made the Map shrink and reallocate, and every connection
 * carried a Map object; on a million messages and tens of thousands of switchboards that was a fifth of the build.
 * The slot's parts sit together because a long log keeps a hundred thousand commands open (never answered) in a
 * table of megabytes: a probe is a cache miss, and with keys and values in three arrays it was three.
 * A delete moves the rest of its probe run back over the hole (linear probing's backward shift) instead of leaving
 * a tombstone: commands open and close all the time, and with tombstones the table filled with them and was
 * rebuilt every few hundred thousand messages (a full pass over megabytes each time). The table only grows, when
 * live keys fill half of it.
 */

const EMPTY = -1;
const MIN_CAPACITY = 1024;
/** Ints per slot: a, b (as int32: the Uint32 TrId's bits), value. */
const STRIDE = 3;

export class IntPairMap {
  private slots: Int32Array;
  /** Slot count − 1 (a power of two − 1). */
  private mask: number;
  private live = 0;

  constructor(capacity = MIN_CAPACITY) {
    const cap = powerOfTwoAtLeast(Math.max(MIN_CAPACITY, capacity * 2));
    this.slots = emptySlots(cap);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.live;
  }

  /** The value of (a, b), or −1 when there is none. `a` in 0..2³¹−1, `b` in 0..2³²−1. */
  get(a: number, b: number): number {
    const at = this.find(a, b);
    return at < 0 ? -1 : (this.slots[at + 2] ?? -1);
  }

  set(a: number, b: number, value: number): void {
    this.put(a, b, value);
  }

  /** set, returning the value (a, b) had before, or −1: one probe where a get and a set took two. */
  put(a: number, b: number, value: number): number {
    if ((this.live + 1) * 2 > this.mask + 1) this.grow();
    const { slots, mask } = this;
    const bi = b | 0;
    // One probe: the key's slot if it is there, else the empty slot that ends its run.
    let i = hash(a, b) & mask;
    for (;;) {
      const at = i * STRIDE;
      const k = slots[at] ?? EMPTY;
      if (k === EMPTY) {
        slots[at] = a;
        slots[at + 1] = bi;
        slots[at + 2] = value;
        this.live++;
        return -1;
      }
      if (k === a && slots[at + 1] === bi) {
        const before = slots[at + 2] ?? -1;
        slots[at + 2] = value;
        return before;
      }
      i = (i + 1) & mask;
    }
  }

  /** Remove (a, b); true when it was there. */
  delete(a: number, b: number): boolean {
    const at = this.find(a, b);
    if (at < 0) return false;
    this.live--;
    const { slots, mask } = this;
    // Walk the rest of the run: a key whose home slot is not cyclically inside (hole, j] may move into the hole.
    let hole = at / STRIDE;
    let j = hole;
    for (;;) {
      j = (j + 1) & mask;
      const from = j * STRIDE;
      const k = slots[from] ?? EMPTY;
      if (k === EMPTY) break;
      const home = hash(k, (slots[from + 1] ?? 0) >>> 0) & mask;
      if (((j - home) & mask) < ((j - hole) & mask)) continue;
      const to = hole * STRIDE;
      slots[to] = k;
      slots[to + 1] = slots[from + 1] ?? 0;
      slots[to + 2] = slots[from + 2] ?? 0;
      hole = j;
    }
    slots[hole * STRIDE] = EMPTY;
    return true;
  }

  /** The offset in `slots` of the slot holding (a, b), or −1. */
  private find(a: number, b: number): number {
    const { slots, mask } = this;
    const bi = b | 0;
    let i = hash(a, b) & mask;
    for (;;) {
      const at = i * STRIDE;
      const k = slots[at] ?? EMPTY;
      if (k === EMPTY) return -1;
      if (k === a && slots[at + 1] === bi) return at;
      i = (i + 1) & mask;
    }
  }

  /** Rebuild at four times the live keys. */
  private grow(): void {
    const old = this.slots;
    const cap = powerOfTwoAtLeast(Math.max(MIN_CAPACITY, this.live * 4));
    this.slots = emptySlots(cap);
    this.mask = cap - 1;
    this.live = 0;
    for (let at = 0; at < old.length; at += STRIDE) {
      const a = old[at] ?? EMPTY;
      if (a >= 0) this.set(a, (old[at + 1] ?? 0) >>> 0, old[at + 2] ?? 0);
    }
  }
}

/** Every slot empty: the key part EMPTY (one native fill of all parts: the others are never read in an empty slot). */
function emptySlots(cap: number): Int32Array {
  return new Int32Array(cap * STRIDE).fill(EMPTY);
}

/**
 * A connection's TrIds count up, so its commands should sit in neighbouring slots: a look-up then stays in cache
 * lines it touched just before (with a fully mixed key, every look-up in a table of 100k open commands was a cache
 * miss). But a long run of neighbouring keys (the notification server's thousands of TrIds) is one huge cluster
 * for linear probing: every other key hashed into it walked to its end (8.6 probes on average, up to 783). So
 * TrIds are placed in blocks of eight: the block (connection, TrId / 8) is mixed, the TrId's low three bits are
 * the place in the block.
 */
function hash(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b >>> 3, 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h << 3) | (b & 7);
}

function powerOfTwoAtLeast(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
