import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIdList, sortedUniqueIds } from './column-reads';

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

describe('isIdList', () => {
  it('is true exactly when sortedUniqueIds would keep the list as it is and every id is an event of the log', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -3, max: 60 }), { maxLength: 40 }), fc.integer({ min: 0, max: 60 }), (ids, events) => {
        const kept = sortedUniqueIds(ids.filter((id) => id >= 0 && id < events));
        expect(isIdList(ids, events)).toBe(kept.length === ids.length && kept.every((id, k) => id === ids[k]));
      }),
    );
  });

  it('rejects a repeat, a step back and an id past the log', () => {
    expect(isIdList([1, 2, 2], 10)).toBe(false);
    expect(isIdList([1, 3, 2], 10)).toBe(false);
    expect(isIdList([1, 2, 10], 10)).toBe(false);
    expect(isIdList([-1, 2], 10)).toBe(false);
    expect(isIdList([0, 4, 9], 10)).toBe(true);
  });
});
