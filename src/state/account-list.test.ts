import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { summarizeAccounts } from '../msnp/findings/accounts';
import { parseLog } from '../msnp/parse-log';
import { accountsToCsv, describeAccountSort, firstClickDesc, searchAccounts, sortAccounts } from './account-list';
import { buildRows, sortRows } from './rows';
import { ACCOUNT_SORT_COLUMNS } from './url/url-state';

const fixture = (name: string) => parseLog(new Uint8Array(readFileSync(join(__dirname, '../../fixtures/msnp/findings', name))), {});
// Nine sign-ins of eight accounts (heidi twice), six refused; and four accounts, each throttled.
const many = summarizeAccounts(fixture('server-many-accounts.log'));
const bursts = summarizeAccounts(fixture('server-bursts.log'));

describe('sortAccounts', () => {
  test('trouble is the summary order itself, and reversed when descending', () => {
    expect(sortAccounts(many, { column: 'trouble', desc: false })).toBe(many);
    expect(sortAccounts(many, { column: 'trouble', desc: true })).toEqual([...many].reverse());
  });

  test('by account, A to Z and back', () => {
    const names = sortAccounts(many, { column: 'account', desc: false }).map((a) => a.account);
    expect(names).toEqual([...names].sort());
    expect(names).toHaveLength(many.length);
    expect(sortAccounts(many, { column: 'account', desc: true }).map((a) => a.account)).toEqual([...names].reverse());
  });

  test('by a count, ties keep the trouble order', () => {
    const bySignIns = sortAccounts(many, { column: 'signIns', desc: true });
    expect(bySignIns[0]?.account).toBe('heidi@example.invalid'); // the one account that signed in twice
    const rest = bySignIns.slice(1).map((a) => a.account);
    expect(rest).toEqual(many.filter((a) => a.account !== 'heidi@example.invalid').map((a) => a.account));
    const byErrors = sortAccounts(bursts, { column: 'errors', desc: false }).map((a) => a.errorCount);
    expect(byErrors).toEqual([...byErrors].sort((x, y) => x - y));
    expect(new Set(byErrors).size).toBeGreaterThan(1);
  });

  test('by how the last sign-in ended: one outcome together, accounts with no sign-in last both ways', () => {
    for (const desc of [false, true]) {
      const out = sortAccounts(bursts, { column: 'lastSignIn', desc });
      const ends = out.map((a) => a.lastSignIn);
      const named = ends.filter((e): e is string => e !== null);
      expect(named).toEqual(desc ? [...named].sort().reverse() : [...named].sort());
      expect(ends.slice(named.length).every((e) => e === null)).toBe(true);
    }
    const out = sortAccounts(many, { column: 'lastSignIn', desc: false }).map((a) => a.lastSignIn);
    expect(out.filter((e, k) => k === 0 || e !== out[k - 1])).toHaveLength(new Set(out).size);
  });

  test('every column keeps every account exactly once', () => {
    for (const column of ACCOUNT_SORT_COLUMNS) {
      for (const desc of [false, true]) {
        const out = sortAccounts(many, { column, desc });
        expect(new Set(out.map((a) => a.account))).toEqual(new Set(many.map((a) => a.account)));
        expect(out).toHaveLength(many.length);
      }
    }
  });
});

describe('describing the order', () => {
  test('counts sort most first on the first click, names A to Z', () => {
    expect(firstClickDesc('failed')).toBe(true);
    expect(firstClickDesc('account')).toBe(false);
    expect(describeAccountSort({ column: 'failed', desc: true })).toBe('sorted by failed sign-ins, most first');
    expect(describeAccountSort({ column: 'account', desc: true })).toBe('sorted by account, Z to A');
    expect(describeAccountSort({ column: 'trouble', desc: false })).toBe('accounts in trouble come first');
  });
});

describe('natural order', () => {
  test('accounts sort as a person reads them: user2 before user3 before user10, in the tab and the timeline', () => {
    const numbered = fixture('server-numbered-accounts.log');
    const az = sortAccounts(summarizeAccounts(numbered), { column: 'account', desc: false }).map((a) => a.account);
    expect(az).toEqual(['user2@example.invalid', 'user3@example.invalid', 'user10@example.invalid']);
    const rows = sortRows(numbered, buildRows(numbered, false), { column: 'account', desc: false });
    const accountOf = new Map(numbered.connections.map((c) => [c.id as string, c.account]));
    const blocks = Array.from(rows, (code) => accountOf.get(numbered.events[code]?.connection ?? '')).filter((a, k, all) => k === 0 || a !== all[k - 1]);
    expect(blocks).toEqual(az);
  });
});

describe('searchAccounts', () => {
  test('keeps the accounts whose address contains the text, in any case, in the order given', () => {
    expect(searchAccounts(many, '')).toBe(many);
    expect(searchAccounts(many, '  HEIDI ').map((a) => a.account)).toEqual(['heidi@example.invalid']);
    const e = searchAccounts(many, 'e@').map((a) => a.account);
    expect(e).toEqual(many.map((a) => a.account).filter((a) => a.includes('e@')));
    expect(e.length).toBeGreaterThan(1);
    expect(searchAccounts(many, 'nobody')).toEqual([]);
  });
});

describe('accountsToCsv', () => {
  test('writes the accounts as listed, with a line that says which and in what order', () => {
    const listed = sortAccounts(searchAccounts(many, 'HEIDI'), { column: 'failed', desc: true });
    const lines = accountsToCsv(listed, many.length, ' HEIDI ', { column: 'failed', desc: true }).trimEnd().split('\r\n');
    expect(lines).toEqual([
      '# 1 of 8 accounts matching "HEIDI", sorted by failed sign-ins, most first',
      'account,signIns,signedIn,failed,lastSignIn,errorReplies,errorsByCode,rateLimitBursts,connections',
      'heidi@example.invalid,2,0,2,Login failed at the ticket step (911),2,911:2,0,NS6 NS9',
    ]);
    const all = accountsToCsv(many, many.length, '', { column: 'trouble', desc: false }).trimEnd().split('\r\n');
    expect(all[0]).toBe('# 8 accounts, accounts in trouble come first');
    expect(all.slice(2).map((l) => l.split(',')[0])).toEqual(many.map((a) => a.account));
  });

  test('one account listed reads in the singular', () => {
    const one = searchAccounts(many, 'heidi');
    expect(accountsToCsv(one, 1, '', { column: 'trouble', desc: false }).split('\r\n')[0]).toBe('# 1 account, accounts in trouble come first');
    expect(accountsToCsv(one, 1, 'heidi', { column: 'trouble', desc: false }).split('\r\n')[0]).toBe(
      '# 1 of 1 account matching "heidi", accounts in trouble come first',
    );
  });
});
