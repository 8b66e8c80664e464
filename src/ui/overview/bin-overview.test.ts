import { describe, expect, it } from 'vitest';
import { binOf, binOverview, fractionOf, positionAtFraction, toAxisPositions } from './bin-overview';

describe('overview binning', () => {
  const times = [1000, 2000, null, 1500, 9000, 11_000];
  const lines = [1, 2, 3, 4, 5, 10];

  it('uses time as a running maximum, untimed rows inheriting their neighbour', () => {
    const { positions, axis } = toAxisPositions(6, (i) => times[i] ?? null, (i) => lines[i] ?? 0, true);
    expect(Array.from(positions)).toEqual([1000, 2000, 2000, 2000, 9000, 11_000]);
    expect(axis).toEqual({ kind: 'time', min: 1000, max: 11_000 });
  });

  it('falls back to line order', () => {
    const { positions, axis } = toAxisPositions(6, () => null, (i) => lines[i] ?? 0, false);
    expect(Array.from(positions)).toEqual(lines);
    expect(axis.kind).toBe('line');
  });

  it('counts every row, errors and hits in the right bins', () => {
    const { positions, axis } = toAxisPositions(6, () => null, (i) => lines[i] ?? 0, false);
    const errorMask = Uint8Array.from([0, 0, 1, 0, 0, 1]);
    const bins = binOverview(positions, axis, errorMask, [0, 5], 3);
    // span 1..10 in 3 bins: [1,4) [4,7) [7,10]
    expect(Array.from(bins.total)).toEqual([3, 2, 1]);
    expect(Array.from(bins.errors)).toEqual([1, 0, 1]);
    expect(Array.from(bins.hits)).toEqual([1, 0, 1]);
    expect(bins.maxTotal).toBe(3);
    expect(binOf(axis, 3, 10)).toBe(2);
    expect(binOf(axis, 3, 1)).toBe(0);
  });

  it('maps fractions and positions both ways', () => {
    const axis = { kind: 'line' as const, min: 100, max: 200 };
    expect(positionAtFraction(axis, 0.25)).toBe(125);
    expect(fractionOf(axis, 150)).toBe(0.5);
    expect(fractionOf(axis, 500)).toBe(1);
  });

  // Speed is measured in the benchmark (bench/ui-bench.ts, `npm run bench`), not in a timed test.
  it('bins a million rows without losing one', () => {
    const n = 1_000_000;
    const { positions, axis } = toAxisPositions(n, (i) => i * 3, (i) => i, true);
    const hits = new Int32Array(n / 2).map((_, k) => k * 2);
    const bins = binOverview(positions, axis, new Uint8Array(n), hits, 800);
    expect(bins.total.reduce((a, b) => a + b, 0)).toBe(n);
    expect(bins.hits.reduce((a, b) => a + b, 0)).toBe(n / 2);
    // evenly spread rows: every bin holds n / 800 of them, give or take the rounding at bin edges
    expect(bins.maxTotal).toBeLessThanOrEqual(n / 800 + 1);
  });
});
