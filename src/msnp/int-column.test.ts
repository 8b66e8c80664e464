import { describe, expect, it } from 'vitest';
import { IntColumn } from './int-column';

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
});
