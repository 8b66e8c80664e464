import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TrIdIndex } from './trid-index';

type Op =
  | { kind: 'put'; c: number; t: number; v: number }
  | { kind: 'delete'; c: number; t: number }
  | { kind: 'run'; c: number; from: number; n: number };

// Few connections, TrIds that count on (so a connection gets its array), a few far out (they stay in the map
// whatever the array does), and runs of puts that push a connection past the threshold mid-sequence.
const conn = fc.integer({ min: 0, max: 6 });
const trId = fc.oneof(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 3000 }), fc.constantFrom(4_294_967_295, 2_147_483_648, 20_000_000, 700, 1500));
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.tuple(conn, trId, fc.integer({ min: 0, max: 2 ** 31 - 2 })).map(([c, t, v]): Op => ({ kind: 'put', c, t, v })),
  fc.tuple(conn, trId).map(([c, t]): Op => ({ kind: 'delete', c, t })),
  fc.tuple(conn, fc.integer({ min: 0, max: 2900 }), fc.integer({ min: 1, max: 100 })).map(([c, from, n]): Op => ({ kind: 'run', c, from, n })),
);

describe('TrIdIndex', () => {
  it('behaves as a Map keyed by (connection, TrId) through puts, deletes and the arrays connections get (property)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), fc.integer({ min: 1, max: 12 }), (ops, promoteAt) => {
        const index = new TrIdIndex(promoteAt);
        const model = new Map<string, number>();
        const put = (c: number, t: number, v: number): void => {
          expect(index.put(c, t, v)).toBe(model.get(`${c}/${t}`) ?? -1);
          model.set(`${c}/${t}`, v);
        };
        for (const o of ops) {
          if (o.kind === 'put') put(o.c, o.t, o.v);
          else if (o.kind === 'run') for (let k = 0; k < o.n; k++) put(o.c, o.from + k, o.from * 7 + k);
          else expect(index.delete(o.c, o.t)).toBe(model.delete(`${o.c}/${o.t}`));
        }
        // Every key, compared in plain code (an expect per key made the test slow), the first difference shown.
        const wrong: string[] = [];
        for (let c = 0; c <= 7; c++) {
          for (const t of [...Array.from({ length: 3001 }, (_, k) => k), 4_294_967_295, 2_147_483_648, 20_000_000, 700, 1500]) {
            const want = model.get(`${c}/${t}`) ?? -1;
            if (index.get(c, t) !== want) wrong.push(`${c}/${t}: ${index.get(c, t)} instead of ${want}`);
          }
        }
        expect(wrong.slice(0, 1)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('a connection of a million open TrIds: every one found, then every one deleted', () => {
    const index = new TrIdIndex();
    for (let t = 1; t <= 1_000_000; t++) index.set(3, t, t * 2);
    index.set(4, 5, 9);
    for (let t = 1; t <= 1_000_000; t += 991) expect(index.get(3, t)).toBe(t * 2);
    expect(index.get(3, 0)).toBe(-1);
    expect(index.get(4, 5)).toBe(9);
    let deleted = 0;
    for (let t = 1; t <= 1_000_000; t++) if (index.delete(3, t)) deleted++;
    expect(deleted).toBe(1_000_000);
    expect(index.get(3, 77)).toBe(-1);
    expect(index.delete(3, 77)).toBe(false);
  });
});
