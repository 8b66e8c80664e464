/**
 * Each command's replies, from the column that says which command each reply answers.
 *
 * Only commands that got a reply have a row: one bit per event says whether it has one, a running count per
 * 32-bit word turns an event into its row (a rank), and the rows' starts index the list of replies, grouped by
 * command in log order. A start per event (an Int32 for every line of a big log, most of them client lines with
 * no reply or server lines) was 6.4 MB on 1.6M events, every page of it written; this is 0.4 MB of bits and ranks
 * plus a start per answered command.
 */

export interface ReplyIndex {
  /** One bit per event: it is a command with at least one reply. */
  readonly bits: Uint32Array;
  /** Commands with replies before each 32-event word of `bits`. */
  readonly rank: Int32Array;
  /** Where each row's replies begin in `list`; one more entry than rows, the last being `list.length`. */
  readonly start: Int32Array;
  /** Reply ids, grouped by the command they answer (rows in command order), each group in log order. */
  readonly list: Int32Array;
}

/** An index of no replies: fresh arrays each time, since an index's buffers are transferred (and so detached). */
export function emptyReplyIndex(): ReplyIndex {
  return { bits: new Uint32Array(1), rank: new Int32Array(1), start: new Int32Array(1), list: new Int32Array(0) };
}

/**
 * The index of `n` events whose `replyTo` column holds the answered command's id + 1 (0: answers nothing). A
 * reply comes after its command, so filling the groups from the last reply back leaves each in log order.
 */
export function buildReplyIndex(replyTo: Int32Array, n: number): ReplyIndex {
  const words = (n >>> 5) + 1;
  const bits = new Uint32Array(words);
  let replies = 0;
  for (let i = 0; i < n; i++) {
    const c = (replyTo[i] ?? 0) - 1;
    if (c < 0) continue;
    bits[c >>> 5] = ((bits[c >>> 5] ?? 0) | (1 << (c & 31))) >>> 0;
    replies++;
  }
  const rank = new Int32Array(words);
  let rows = 0;
  for (let w = 0; w < words; w++) {
    rank[w] = rows;
    rows += popcount(bits[w] ?? 0);
  }
  // A counting sort without a second array: count into start[row], make the counts running totals (where each
  // row's replies end), then place replies from the last one back, moving start[row] down to where they begin.
  const start = new Int32Array(rows + 1);
  for (let i = 0; i < n; i++) {
    const c = (replyTo[i] ?? 0) - 1;
    if (c >= 0) {
      const row = rowOf(bits, rank, c);
      start[row] = (start[row] ?? 0) + 1;
    }
  }
  for (let r = 1; r < rows; r++) start[r] = (start[r] ?? 0) + (start[r - 1] ?? 0);
  start[rows] = replies;
  const list = new Int32Array(replies);
  for (let i = n - 1; i >= 0; i--) {
    const c = (replyTo[i] ?? 0) - 1;
    if (c < 0) continue;
    const row = rowOf(bits, rank, c);
    const at = (start[row] ?? 0) - 1;
    list[at] = i;
    start[row] = at;
  }
  return { bits, rank, start, list };
}

/** The rank of event i among the events whose bit is set, −1 when its bit is clear. */
export function rowOf(bits: Uint32Array, rank: Int32Array, i: number): number {
  const word = bits[i >>> 5] ?? 0;
  const b = i & 31;
  if (((word >>> b) & 1) === 0) return -1;
  return (rank[i >>> 5] ?? 0) + popcount(word & ((1 << b) - 1));
}

/** How many replies command i got. */
export function replyCountOf(ix: ReplyIndex, i: number): number {
  const row = rowOf(ix.bits, ix.rank, i);
  return row < 0 ? 0 : (ix.start[row + 1] ?? 0) - (ix.start[row] ?? 0);
}

/** The first reply of command i, or −1. */
export function firstReplyOf(ix: ReplyIndex, i: number): number {
  const row = rowOf(ix.bits, ix.rank, i);
  return row < 0 ? -1 : (ix.list[ix.start[row] ?? 0] ?? -1);
}

/** The replies of command i, in log order. */
export function repliesOf(ix: ReplyIndex, i: number): number[] {
  const row = rowOf(ix.bits, ix.rank, i);
  if (row < 0) return [];
  const a = ix.start[row] ?? 0;
  const b = ix.start[row + 1] ?? 0;
  const out = new Array<number>(b - a);
  for (let k = a; k < b; k++) out[k - a] = ix.list[k] ?? 0;
  return out;
}

export function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  v = (v + (v >>> 4)) & 0x0f0f0f0f;
  return Math.imul(v, 0x01010101) >>> 24;
}
