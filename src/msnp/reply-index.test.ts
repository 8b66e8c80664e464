import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildReplyIndex, firstReplyOf, replyCountOf, repliesOf, rowOf } from './reply-index';

/** A replyTo column (command id + 1, 0: none) where every reply answers an earlier event, as pairing makes them. */
const replyColumns = fc.array(fc.tuple(fc.boolean(), fc.nat()), { maxLength: 300 }).map((spec) => {
  const col = new Int32Array(spec.length);
  spec.forEach(([isReply, pick], i) => {
    if (isReply && i > 0) col[i] = (pick % i) + 1;
  });
  return col;
});

describe('buildReplyIndex', () => {
  it('gives every command exactly the replies that name it, in log order, and none to the others', () => {
    fc.assert(
      fc.property(replyColumns, (col) => {
        const n = col.length;
        const ix = buildReplyIndex(col, n);
        const want = Array.from({ length: n }, () => [] as number[]);
        col.forEach((v, i) => {
          if (v > 0) want[v - 1]?.push(i);
        });
        for (let i = 0; i < n; i++) {
          const w = want[i] ?? [];
          expect(repliesOf(ix, i)).toEqual(w);
          expect(replyCountOf(ix, i)).toBe(w.length);
          expect(firstReplyOf(ix, i)).toBe(w[0] ?? -1);
        }
        expect(ix.list.length).toBe(col.filter((v) => v > 0).length);
      }),
      { numRuns: 300 },
    );
  });

  it('numbers the answered commands 0, 1, 2… in event order, across 32-event words, bit 31 included', () => {
    const n = 100;
    const col = new Int32Array(n);
    // Commands 0, 31, 32, 63 and 64 answered (by the events right after each, and 31 twice).
    for (const [reply, command] of [[1, 0], [33, 31], [34, 31], [35, 32], [65, 63], [66, 64]] as const) col[reply] = command + 1;
    const ix = buildReplyIndex(col, n);
    expect([0, 31, 32, 63, 64].map((i) => rowOf(ix.bits, ix.rank, i))).toEqual([0, 1, 2, 3, 4]);
    expect([1, 30, 33, 62, 65, 99].map((i) => rowOf(ix.bits, ix.rank, i))).toEqual([-1, -1, -1, -1, -1, -1]);
    expect(repliesOf(ix, 31)).toEqual([33, 34]);
    expect(ix.start.length).toBe(6);
  });

  it('is empty for a log with no replies', () => {
    const ix = buildReplyIndex(new Int32Array(40), 40);
    expect([ix.list.length, ix.start.length, replyCountOf(ix, 0), firstReplyOf(ix, 39)]).toEqual([0, 1, 0, -1]);
  });
});
