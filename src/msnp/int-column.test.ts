import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { copyToArray, IntColumn } from './int-column';

describe('IntColumn', () => {
  it('grows past its first capacity and keeps every value', () => {
    const c = new IntColumn(-1, 2);
    for (let i = 0; i < 100; i++) c.push(i * 3);
    expect(c.length).toBe(100);
    expect(c.get(0)).toBe(0);
    expect(c.get(99)).toBe(297);
    expect([...c.toInt32Array()]).toEqual(Array.from({ length: 100 }, (_, i) => i * 3));
  });

  it('reads the fill value outside the column and fills the gap when set past its end', () => {
    const c = new IntColumn(-1, 4);
    expect(c.get(-1)).toBe(-1);
    expect(c.get(10)).toBe(-1);
    c.set(9, 7);
    expect(c.length).toBe(10);
    expect([...c.toInt32Array()]).toEqual([-1, -1, -1, -1, -1, -1, -1, -1, -1, 7]);
  });

  it('toArray is a plain array of exactly the pushed values, whatever the growth (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 300 }), fc.integer({ min: 1, max: 8 }), (values, capacity) => {
        const c = new IntColumn(-1, capacity);
        for (const v of values) c.push(v);
        const out = c.toArray();
        expect(Array.isArray(out)).toBe(true);
        expect(out).toEqual(values);
        // A copy: later pushes do not show in it.
        c.push(5);
        expect(out).toHaveLength(values.length);
      }),
    );
  });

  it('copyToArray copies a prefix, or the whole list by default', () => {
    const from = Int32Array.of(4, 5, 6, 7);
    expect(copyToArray(from, 2)).toEqual([4, 5]);
    expect(copyToArray(from)).toEqual([4, 5, 6, 7]);
    expect(copyToArray([], 0)).toEqual([]);
  });
});
