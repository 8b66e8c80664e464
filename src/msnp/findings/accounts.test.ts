import { describe, expect, it } from 'vitest';
import { parseFindingsFixture } from '../../test-utils/findings-fixtures';
import { summarizeAccounts } from './accounts';

describe('one row per account', () => {
  it('a server log of sign-ins: the refused accounts first, each with its sign-ins and error codes', () => {
    const r = parseFindingsFixture('server-many-accounts.log');
    const rows = summarizeAccounts(r);
    expect(rows.map((a) => `${a.account} ${a.signIns}/${a.signedIn}/${a.failed} ${a.errors.map((e) => `${e.code}×${e.count}`).join(',')} ${a.lastSignIn ?? '-'}`)).toEqual([
      'heidi@example.invalid 2/0/2 911×2 Login failed at the ticket step (911)',
      'dave@example.invalid 1/0/1 911×1 Login failed at the ticket step (911)',
      'erin@example.invalid 1/0/1 911×1 Login failed at the ticket step (911)',
      'frank@example.invalid 1/0/1 911×1 Login failed at the ticket step (911)',
      'grace@example.invalid 1/0/1 911×1 Login failed at the ticket step (911)',
      'alice@example.invalid 1/1/0  Signed in',
      'bob@example.invalid 1/1/0  Signed in',
      'carol@example.invalid 1/1/0  Signed in',
    ]);
    expect(rows[0]?.connections).toHaveLength(2);
    expect(rows.map((a) => a.lastSignedIn)).toEqual([false, false, false, false, false, true, true, true]);
    expect(rows.every((a) => a.lastSignInTime === null)).toBe(true); // the log has no times
  });

  it('says when the last sign-in ended, on a log with times', () => {
    const rows = summarizeAccounts(parseFindingsFixture('server-timed-accounts.log'));
    const at = (h: number, m: number, s: number): number => ((h * 60 + m) * 60 + s) * 1000;
    // alice signed in at 10:00:05, then was refused at 10:01:20: her last sign-in is the refused one.
    expect(rows.map((a) => [a.account, a.lastSignIn, a.lastSignedIn, a.lastSignInTime])).toEqual([
      ['alice@example.invalid', 'Login failed at the ticket step (911)', false, at(10, 1, 20)],
      ['bob@example.invalid', 'Login failed at the ticket step (911)', false, at(10, 0, 15)],
    ]);
  });

  it('bursts and switchboard errors count for the account whose connection got them', () => {
    const r = parseFindingsFixture('server-bursts.log');
    const rows = summarizeAccounts(r);
    const dave = rows.find((a) => a.account === 'dave@example.invalid');
    expect(dave).toMatchObject({ bursts: 1, errorCount: 6, signIns: 1, signedIn: 1 });
    expect(dave?.errors).toEqual([{ code: 217, count: 5 }, { code: 713, count: 1 }]);
    expect(dave?.connections).toEqual(['NS4', 'SB1']);
    expect(rows.filter((a) => a.bursts === 1).map((a) => a.account).sort()).toEqual(['alice', 'bob', 'carol', 'dave'].map((a) => `${a}@example.invalid`));
    // Throttled accounts come before the ones that were not (none here); equal trouble keeps log order.
    expect(rows.map((a) => a.account)).toEqual(['dave', 'alice', 'bob', 'carol'].map((a) => `${a}@example.invalid`));
  });

  it("a client's own log has no account rows", () => {
    expect(summarizeAccounts(parseFindingsFixture('seed-713-cal.log'))).toEqual([]);
  });

  it('reads the same from event objects as from the columns', () => {
    const r = parseFindingsFixture('server-bursts.log');
    // A copied list has no columns behind it: the errors are read from each event.
    const plain = [...r.events];
    expect(summarizeAccounts({ ...r, events: plain })).toEqual(summarizeAccounts(r));
  });
});
