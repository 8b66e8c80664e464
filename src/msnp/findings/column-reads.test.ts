import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortedUniqueIds } from './column-reads';

describe('sortedUniqueIds', () => {
  it('sorts numerically and drops repeats, short lists (insertion sort) and long ones (typed sort) alike', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2_000_000 }), { maxLength: 200 }), (ids) => {
        const expected = [...new Set(ids)].sort((a, b) => a - b);
        expect(sortedUniqueIds([...ids])).toEqual(expected);
      }),
    );
  });

  it('returns the list it was given, in place', () => {
    const ids = [9, 10, 2, 10, 100];
    expect(sortedUniqueIds(ids)).toBe(ids);
    expect(ids).toEqual([2, 9, 10, 100]);
  });
});
