import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseLog } from '../msnp/parse-log';
import { buildRows, comparatorSorted, radixSorted, sortRows } from './rows';

// Two accounts whose sessions interleave line by line; alice has a sign-in and a switchboard, and one
// connection names no account.
const FIXTURE = join(__dirname, '../../fixtures/msnp/findings/server-interleaved.log');
const result = parseLog(new Uint8Array(readFileSync(FIXTURE)), { fileName: 'server-interleaved.log' });
const accountOf = (code: number): string | null => {
  const event = result.events[code];
  const conn = result.connections.find((c) => c.id === event?.connection);
  return conn?.account ?? null;
};
const lineOf = (code: number): number => result.events[code]?.line ?? -1;

describe('sortRows by account', () => {
  const rows = buildRows(result, false);

  test('accounts ascending, each account in line order across its connections, no account last', () => {
    const sorted = Array.from(sortRows(result, rows, { column: 'account', desc: false }));
    expect(sorted.length).toBe(rows.length);
    const accounts = sorted.map(accountOf);
    expect([...new Set(accounts)]).toEqual(['alice@example.invalid', 'bob@example.invalid', null]);
    const alice = sorted.filter((c) => accountOf(c) === 'alice@example.invalid');
    // alice's sign-in (NS2) and switchboard (SB1) interleave: one account is one block in line order.
    expect(new Set(alice.map((c) => result.events[c]?.connection))).toEqual(new Set(['NS2', 'SB1']));
    expect(alice.map(lineOf)).toEqual(alice.map(lineOf).sort((a, b) => a - b));
  });

  test('descending puts the accounts in reverse order and keeps line order inside each', () => {
    const sorted = Array.from(sortRows(result, rows, { column: 'account', desc: true }));
    expect([...new Set(sorted.map(accountOf))]).toEqual([null, 'bob@example.invalid', 'alice@example.invalid']);
    const bob = sorted.filter((c) => accountOf(c) === 'bob@example.invalid').map(lineOf);
    expect(bob).toEqual([...bob].sort((a, b) => a - b));
  });
});

describe('the radix sort', () => {
  test('gives the comparator order for any whole keys from −1 to 2^32 − 2, both ways, ties by line (property)', () => {
    const key = fc.oneof(fc.integer({ min: -1, max: 3 }), fc.integer({ min: -1, max: 70_000 }), fc.integer({ min: -1, max: 0xfffffffe }));
    fc.assert(
      fc.property(fc.array(key, { maxLength: 300 }), fc.boolean(), (ks, desc) => {
        const keys = Float64Array.from(ks);
        const events = Int32Array.from(ks.keys());
        expect(Array.from(radixSorted(events.slice(), keys, desc))).toEqual(Array.from(comparatorSorted(events.slice(), keys, desc)));
      }),
    );
  });

  test('every sort column of a real log orders the same rows, whichever sort ran', () => {
    const rows = buildRows(result, true);
    for (const column of ['time', 'connection', 'account', 'command', 'trid', 'latency', 'code'] as const) {
      for (const desc of [false, true]) {
        const sorted = sortRows(result, rows, { column, desc });
        expect(new Set(sorted).size).toBe(rows.length);
        expect([...sorted].sort((a, b) => a - b)).toEqual([...rows].sort((a, b) => a - b));
        // Non-protocol lines keep their place at the end, in line order.
        const lines = Array.from(sorted).filter((c) => c < 0);
        expect(Array.from(sorted).slice(sorted.length - lines.length)).toEqual(lines);
      }
    }
  });
});
