import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseLog } from '../msnp/parse-log';
import { buildRows, sortRows } from './rows';

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
