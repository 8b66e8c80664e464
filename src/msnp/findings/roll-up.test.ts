import { describe, expect, it } from 'vitest';
import { findingsOfKind, parseFindingsFixture } from '../../test-utils/findings-fixtures';
import { headlineOf, memberPlace, rollCountText, rollPlaces, rollUpFindings, type FindingRow } from './roll-up';

type Rolled = Extract<FindingRow, { kind: 'rolled' }>;
const rolled = (rows: readonly FindingRow[]): Rolled[] => rows.filter((r): r is Rolled => r.kind === 'rolled');

describe('findings that say the same thing are one row', () => {
  it('a server log: six 911s of five accounts and three sign-ins become two rows', () => {
    const r = parseFindingsFixture('server-many-accounts.log');
    const failed = findingsOfKind(r, 'login-failed');
    expect(failed.map((f) => f.subject)).toEqual(['dave', 'erin', 'frank', 'heidi', 'grace', 'heidi'].map((a) => `${a}@example.invalid`));
    const rows = rollUpFindings(r.findings);
    expect(rows).toHaveLength(2);
    const [fail, ok] = rolled(rows);
    expect(fail?.headline).toBe('Login failed at the ticket step (911) (MSNP15, SSO)');
    expect(fail?.members).toEqual(failed);
    expect(fail === undefined ? '' : rollCountText(fail)).toBe('6 times, 5 accounts');
    expect(ok?.headline).toBe('Signed in (MSNP15, SSO)');
    expect(ok === undefined ? '' : rollCountText(ok)).toBe('3 accounts');
    // Each member still says whose it is.
    expect(fail?.members.map((m) => memberPlace(r.events, m))).toEqual(failed.map((f) => f.subject));
    // Summed up, each account is named once.
    expect(fail === undefined ? [] : rollPlaces(r.events, fail)).toEqual(['dave', 'erin', 'frank', 'heidi', 'grace'].map((a) => `${a}@example.invalid${a === 'heidi' ? ' ×2' : ''}`));
  });

  it('fewer than three alike stay single rows, in their order', () => {
    const r = parseFindingsFixture('server-sign-ins.log');
    const rows = rollUpFindings(r.findings);
    expect(rows.map((row) => (row.kind === 'single' ? row.finding.id : row.key))).toEqual(r.findings.map((f) => f.id));
    // With a lower threshold the two sign-ins roll, placed where the first one was.
    const two = rollUpFindings(r.findings, 2);
    expect(two.map((row) => row.kind)).toEqual(['single', 'rolled']);
  });

  it('the title keeps its subject; the headline drops it', () => {
    const r = parseFindingsFixture('server-retry-loop.log');
    const loop = findingsOfKind(r, 'login-retry-loop')[0];
    expect(loop?.subject).toBe('alice@example.invalid');
    expect(loop?.title.startsWith('alice@example.invalid: ')).toBe(true);
    expect(loop === undefined ? '' : headlineOf(loop)).toBe(loop?.title.slice('alice@example.invalid: '.length));
  });

  it('a client log names no account: findings have no subject and a burst is told apart by its line and time', () => {
    const r = parseFindingsFixture('xfr-sb-flood-timed.log');
    expect(r.findings.every((f) => f.subject === undefined)).toBe(true);
    const burst = findingsOfKind(r, 'rate-limit')[0];
    if (burst?.detail.kind !== 'rate-limit') throw new Error('no burst');
    const refused = r.events[burst.detail.burst.refusedAt];
    expect(memberPlace(r.events, burst)).toMatch(new RegExp(`^line ${refused?.line} at \\d\\d:\\d\\d:\\d\\d`));
  });

  it('a headline rolls only within its severity and kind, and a subject is cut only when the title starts with it and ": "', () => {
    const base = findingsOfKind(parseFindingsFixture('server-many-accounts.log'), 'login-failed')[0];
    if (base === undefined) throw new Error('no finding');
    const as = (subject: string, title: string, severity: typeof base.severity = base.severity): typeof base =>
      ({ ...base, id: `${subject}-${severity}-${title}`, subject, title, severity });
    const list = [
      as('ann', 'ann: Locked out'), as('bob', 'bob: Locked out'), as('cy', 'cy: Locked out'),
      as('dee', 'dee: Locked out', 'warning'), as('eve', 'eve: Locked out', 'warning'),
      as('bo', 'bobby: Locked out'), as('al', 'al:Locked out'),
    ];
    const rows = rollUpFindings(list);
    expect(rows.map((r) => (r.kind === 'single' ? r.finding.id : `${r.severity}×${r.members.length}`))).toEqual([
      'error×3', list[3]?.id, list[4]?.id, list[5]?.id, list[6]?.id,
    ]);
    expect(headlineOf(as('bo', 'bobby: Locked out'))).toBe('bobby: Locked out');
    expect(headlineOf(as('al', 'al:Locked out'))).toBe('al:Locked out');
    expect(headlineOf(as('al', 'al: '))).toBe('');
    expect(rolled(rows)[0]?.key).toBe('error\u0000login-failed\u0000Locked out');
  });

  it('every finding is in exactly one row', () => {
    for (const name of ['server-many-accounts.log', 'server-retry-loop.log', 'sb-unused-many.log', 'rate-limit-orphans.log']) {
      const r = parseFindingsFixture(name);
      const inRows = rollUpFindings(r.findings).flatMap((row) => (row.kind === 'single' ? [row.finding] : row.members));
      expect(new Set(inRows).size, name).toBe(r.findings.length);
      expect(inRows.length, name).toBe(r.findings.length);
    }
  });

  it('a server log: each burst names the account it throttled, and the same burst of three accounts is one row', () => {
    const r = parseFindingsFixture('server-bursts.log');
    const bursts = findingsOfKind(r, 'rate-limit');
    expect(bursts.map((f) => f.subject)).toEqual(['alice', 'bob', 'carol', 'dave'].map((a) => `${a}@example.invalid`));
    // The account of a switchboard is the handle of its USR: dave's calls.
    expect(bursts[3]?.title).toBe('dave@example.invalid: Calls throttled (713): the 6th CAL to erin@example.invalid was refused');
    const rows = rolled(rollUpFindings(r.findings));
    expect(rows.map((row) => `${row.headline} (${rollCountText(row)})`)).toEqual([
      'Status changes throttled (800): the 5th CHG was refused (3 accounts)',
      'Signed in (MSNP15, SSO) (4 accounts)',
    ]);
  });

  it("a client's own log names no account on its bursts", () => {
    const r = parseFindingsFixture('seed-800-chg.log');
    const bursts = findingsOfKind(r, 'rate-limit');
    expect(bursts.length).toBeGreaterThan(0);
    expect(bursts.every((f) => f.subject === undefined && !f.title.includes('@'))).toBe(true);
  });
});
