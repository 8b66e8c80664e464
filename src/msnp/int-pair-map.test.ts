import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntPairMap } from './int-pair-map';

type Op =
  | { kind: 'set'; a: number; b: number; v: number }
  | { kind: 'put'; a: number; b: number; v: number }
  | { kind: 'delete'; a: number; b: number };

// Small key ranges make collisions, overwrites and deletes of present keys common; a few huge TrIds check the
// unsigned half of the key.
const key = fc.tuple(fc.integer({ min: 0, max: 40 }), fc.oneof(fc.integer({ min: 0, max: 60 }), fc.constantFrom(4_294_967_295, 2_147_483_648)));
const op: fc.Arbitrary<Op> = fc.oneof(
  key.chain(([a, b]) => fc.integer({ min: 0, max: 2 ** 31 - 1 }).map((v): Op => ({ kind: 'set', a, b, v }))),
  key.chain(([a, b]) => fc.integer({ min: 0, max: 2 ** 31 - 1 }).map((v): Op => ({ kind: 'put', a, b, v }))),
  key.map(([a, b]): Op => ({ kind: 'delete', a, b })),
);

describe('IntPairMap', () => {
  it('behaves as a Map keyed by the pair, through any sequence of sets, puts and deletes (and the rebuilds they cause)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 3000 }), (ops) => {
        const map = new IntPairMap(4);
        const model = new Map<string, number>();
        for (const o of ops) {
          const k = `${o.a}/${o.b}`;
          if (o.kind === 'set') {
            map.set(o.a, o.b, o.v);
            model.set(k, o.v);
          } else if (o.kind === 'put') {
            // put answers what the key held before, as a get just before it would have.
            expect(map.put(o.a, o.b, o.v)).toBe(model.get(k) ?? -1);
            model.set(k, o.v);
          } else {
            map.delete(o.a, o.b);
            model.delete(k);
          }
          expect(map.get(o.a, o.b)).toBe(model.get(k) ?? -1);
        }
        expect(map.size).toBe(model.size);
        for (let a = 0; a <= 40; a++) for (let b = 0; b <= 60; b++) expect(map.get(a, b)).toBe(model.get(`${a}/${b}`) ?? -1);
        expect(map.get(3, 4_294_967_295)).toBe(model.get('3/4294967295') ?? -1);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps a million keys and finds each (a long log: one open command per connection and TrId)', () => {
    const map = new IntPairMap();
    for (let i = 0; i < 1_000_000; i++) map.set(i % 5000, i, i);
    expect(map.size).toBe(1_000_000);
    for (let i = 0; i < 1_000_000; i += 997) expect(map.get(i % 5000, i)).toBe(i);
    expect(map.get(1, 0)).toBe(-1);
  });
});
