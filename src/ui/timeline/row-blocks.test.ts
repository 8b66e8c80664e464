import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { BLOCK_ROWS, blockCount, blockExtras, blockSize, placeRows, rowBounds, type PlacedRow } from './row-blocks';

const RH = 22;

/** Reference: every row's bounds by walking all rows from the top. */
function naiveBounds(rowCount: number, extras: ReadonlyMap<number, number>): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let at = 0;
  for (let i = 0; i < rowCount; i++) {
    const end = at + RH + (extras.get(i) ?? 0);
    out.push({ start: at, end });
    at = end;
  }
  return out;
}

/** Block starts as the virtualizer computes them: the running sum of block sizes. */
function blockStarts(rowCount: number, extras: ReadonlyMap<number, number>): number[] {
  const byBlock = blockExtras(extras);
  const starts: number[] = [];
  let at = 0;
  for (let b = 0; b < blockCount(rowCount); b++) {
    starts.push(at);
    at += blockSize(b, rowCount, RH, byBlock);
  }
  return starts;
}

const extrasArb = (rowCount: number) =>
  fc
    .array(fc.tuple(fc.integer({ min: 0, max: Math.max(0, rowCount - 1) }), fc.integer({ min: 1, max: 300 })), { maxLength: 6 })
    .map((pairs) => new Map(rowCount === 0 ? [] : pairs));

describe('row blocks', () => {
  test('counts blocks, the last one partial', () => {
    expect(blockCount(0)).toBe(0);
    expect(blockCount(1)).toBe(1);
    expect(blockCount(BLOCK_ROWS)).toBe(1);
    expect(blockCount(BLOCK_ROWS + 1)).toBe(2);
    expect(blockSize(1, BLOCK_ROWS + 3, RH, new Map())).toBe(3 * RH);
  });

  test('rowBounds and placeRows agree with walking every row, expanded rows included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 * BLOCK_ROWS + 7 }).chain((n) => fc.tuple(fc.constant(n), extrasArb(n))),
        ([rowCount, extras]) => {
          const naive = naiveBounds(rowCount, extras);
          const starts = blockStarts(rowCount, extras);
          for (let i = 0; i < rowCount; i++) {
            expect(rowBounds(i, starts[Math.floor(i / BLOCK_ROWS)] ?? -1, RH, extras)).toEqual(naive[i]);
          }
          // A window in the middle: exactly the rows that overlap it, in order.
          const total = naive.at(-1)?.end ?? 0;
          const from = total / 3;
          const to = from + 200;
          const placed: PlacedRow[] = [];
          starts.forEach((s, b) => placeRows(b, s, rowCount, RH, extras, from, to, placed));
          const expected = naive.flatMap((r, index) => (r.end > from && r.start < to ? [{ index, ...r }] : []));
          expect(placed).toEqual(expected);
        },
      ),
    );
  });
});
