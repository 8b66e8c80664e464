import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evidenceLines, findingsOfKind, listFindingsFixtures, parseFindingsFixture } from '../../test-utils/findings-fixtures';
import { parseLog } from '../parse-log';
import type { ParseResult, RateLimitBurst } from '../types';
import { buildEventIndex, findOwnHandle, formatTime } from './event-index';
import { findRateLimitBursts } from './rate-limit';
import { isTidy, mayCollapse } from './text-tidy';
import { buildVerdict } from './verdict';

function onlyBurst(result: ParseResult): { burst: RateLimitBurst; narrative: string; advice: string; evidence: number[] } {
  const found = findingsOfKind(result, 'rate-limit');
  expect(found).toHaveLength(1);
  const f = found[0];
  if (f?.detail.kind !== 'rate-limit') throw new Error('rate-limit finding without burst detail');
  return { burst: f.detail.burst, narrative: f.narrative, advice: f.advice, evidence: evidenceLines(result, f) };
}

const lineOf = (r: ParseResult, id: number): number => r.events[id]?.line ?? -1;
const ms = (h: number, m: number, s: number): number => ((h * 60 + m) * 60 + s) * 1000;

describe('seed examples', () => {
  it('713: five CALs answered 216, the sixth refused; names the principal and how it answered', () => {
    const r = parseFindingsFixture('seed-713-cal.log');
    const { burst, narrative, advice, evidence } = onlyBurst(r);
    expect(burst).toMatchObject({ throttled: 'CAL', code: 713, allowed: 5, timed: false, freeAt: null });
    expect(burst.attempts).toHaveLength(6);
    expect(lineOf(r, burst.refusedAt)).toBe(11);
    expect(burst.window).toEqual({ seconds: 60, limit: 5, source: 'inferred' });
    expect(evidence).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(narrative).toContain('The calls to blocking_you@passport.com got 216 (blocking you) 5 times');
    expect(narrative).toContain('the 6th CAL (to blocking_you@passport.com) was refused as calling too rapidly');
    expect(narrative).toContain('failed calls count, so retrying makes it worse');
    expect(narrative).toContain('order alone');
    // The advice names the refusal the calls got (216), not one they did not (217).
    expect(advice).toContain('Do not retry a contact who is blocking you (216)');
    expect(advice).not.toContain('217');
  });

  it('713 after calls that went through: the server answered them, and the advice names no refusal they did not get', () => {
    const calls = ['a', 'b', 'c', 'd', 'e'].map((h, k) => `>>> CAL ${k + 1} ${h}@example.com\n<<< CAL ${k + 1} RINGING 1234\n`).join('');
    const log = `${calls}>>> CAL 6 f@example.com\n<<< 713 6\n`;
    const [finding] = findingsOfKind(parseLog(new TextEncoder().encode(log), {}), 'rate-limit');
    expect(finding?.narrative).toContain('The calls to a@example.com got RINGING (the call went through) once; the calls to b@example.com got');
    expect(finding?.narrative).not.toContain('example.com answered');
    expect(finding?.advice).toContain('every call counts, the ones that went through too');
    expect(finding?.advice).not.toMatch(/21[67]/);
  });

  it('800 on REA: four renames of yourself accepted, the fifth refused', () => {
    const r = parseFindingsFixture('seed-800-rea.log');
    const { burst, narrative, advice, evidence } = onlyBurst(r);
    expect(burst).toMatchObject({ throttled: 'REA (rename self)', code: 800, allowed: 4, timed: false });
    expect(burst.attempts).toHaveLength(5);
    expect(lineOf(r, burst.refusedAt)).toBe(9);
    expect(burst.window).toEqual({ seconds: 60, limit: 4, source: 'inferred' });
    expect(evidence).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(narrative).toContain('accepted 4 and refused the 5th');
    expect(narrative).toContain('60 s used here is inferred');
    expect(advice).toContain('Pace renames');
  });

  it('800 on CHG: four status changes accepted, the fifth refused', () => {
    const r = parseFindingsFixture('seed-800-chg.log');
    const { burst, narrative, advice } = onlyBurst(r);
    expect(burst).toMatchObject({ throttled: 'CHG', code: 800, allowed: 4, retriesWhileThrottled: [] });
    expect(lineOf(r, burst.refusedAt)).toBe(9);
    expect(narrative).toContain('5 status changes (CHG)');
    expect(advice).toContain('Pace status changes');
  });

  it('800 on XFR SB: the lone refused request, with the seed limit of 8 per 60 s (failed ones count)', () => {
    const r = parseFindingsFixture('seed-800-xfr-sb.log');
    const { burst, narrative, advice, evidence } = onlyBurst(r);
    expect(burst).toMatchObject({ throttled: 'XFR SB', code: 800, allowed: 0, timed: false });
    expect(burst.window).toEqual({ seconds: 60, limit: 8, source: 'seed' });
    expect(evidence).toEqual([1, 2]);
    expect(narrative).toContain('up to 8 switchboard requests in any 60-second window');
    expect(narrative).toContain('No earlier attempt is visible');
    expect(advice).toContain('Reuse open switchboards');
  });
});

describe('timed XFR SB flood', () => {
  const r = parseFindingsFixture('xfr-sb-flood-timed.log');
  const { burst, narrative, advice, evidence } = onlyBurst(r);

  it('flags the ninth request within 60 s and counts the retries', () => {
    expect(burst).toMatchObject({ throttled: 'XFR SB', code: 800, allowed: 8, timed: true });
    expect(burst.attempts).toHaveLength(12);
    expect(lineOf(r, burst.refusedAt)).toBe(17);
    expect(burst.retriesWhileThrottled.map((id) => lineOf(r, id))).toEqual([19, 21, 23]);
    expect(evidence).toHaveLength(24);
    expect(narrative).toContain('the server accepted 8 and refused the 9th at 12:00:53 with 800');
    expect(narrative).toContain('3 more XFR SB were sent while throttled, all refused');
  });

  it('says when the window would have freed, counting failed requests too', () => {
    // Twelve attempts all count; the eighth most recent was at 12:00:29, so 60 s later the count drops below 8.
    expect(burst.freeAt).toBe(ms(12, 1, 29));
    expect(narrative).toContain('12:01:29 or later');
    expect(advice).toContain('Wait 29 s');
  });

  it('puts the burst into the verdict', () => {
    expect(buildVerdict(r.findings, r.events)).toContain('1 rate-limit burst');
  });
});

describe('retries sent while throttled', () => {
  const narrative = (tail: string): string => {
    const chgs = [5, 6, 7, 8].map((t) => `>>> CHG ${t} NLN 0\n<<< CHG ${t} NLN 0\n`).join('');
    return onlyBurst(parseLog(new TextEncoder().encode(`${chgs}>>> CHG 9 NLN 0\n<<< 800 9\n${tail}`), {})).narrative;
  };

  it('says the retries got no reply when none was answered, not "0 refused"', () => {
    expect(narrative('>>> CHG 10 NLN 0\n')).toContain('1 more CHG was sent while throttled, and got no reply.');
    expect(narrative('>>> CHG 10 NLN 0\n>>> CHG 11 NLN 0\n')).toContain('2 more CHG were sent while throttled, none answered.');
    expect(narrative('>>> CHG 10 NLN 0\n<<< 800 10\n>>> CHG 11 NLN 0\n')).toContain('2 more CHG were sent while throttled, 1 refused, 1 unanswered.');
  });
});

describe('text helpers', () => {
  it('formatTime prints HH:MM:SS with a day suffix, as zero-padded fields', () => {
    const reference = (t: number): string => {
      const day = Math.floor(t / 86_400_000);
      const rest = t - day * 86_400_000;
      const p = (n: number): string => String(n).padStart(2, '0');
      return `${p(Math.floor(rest / 3_600_000))}:${p(Math.floor((rest % 3_600_000) / 60_000))}:${p(Math.floor((rest % 60_000) / 1000))}${day > 0 ? ` (+${day}d)` : ''}`;
    };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 * 86_400_000 }), (t) => {
        expect(formatTime(t)).toBe(reference(t));
      }),
    );
    expect(formatTime(ms(12, 1, 29))).toBe('12:01:29');
    expect(formatTime(86_400_000 + ms(0, 0, 5))).toBe('00:00:05 (+1d)');
  });

  it('mayCollapse answers like the whitespace regex it stands in for', () => {
    const regex = /\s\s|[^\S ]/;
    const chars = fc.constantFrom('a', ' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u1680', '\u2000', '\u2003', '\u200a', '\u200b', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u0085', '\u180e', 'é', '—', '.');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 12 }).map((cs) => cs.join('')), (s) => {
        expect(mayCollapse(s)).toBe(regex.test(s));
      }),
    );
    expect(mayCollapse('one space. Then  two')).toBe(true);
    expect(mayCollapse('plain sentence, single spaces.')).toBe(false);
  });

  it('isTidy: a non-empty piece with no whitespace to collapse and none at its edges', () => {
    expect(isTidy('bob@x.com')).toBe(true);
    expect(isTidy('REA (rename self)')).toBe(true);
    for (const piece of ['', ' bob', 'bob ', 'a  b', 'a\tb', 'a\u00a0b', '\u3000']) expect(isTidy(piece)).toBe(false);
  });

  it('narratives come out whitespace-collapsed: as built from tidy pieces, collapsed when a handle is not tidy', () => {
    for (const name of listFindingsFixtures()) {
      for (const f of findingsOfKind(parseFindingsFixture(name), 'rate-limit')) expect(f.narrative).toBe(f.narrative.replace(/\s+/g, ' ').trim());
    }
    // A principal with a no-break space inside: the narrative names it with a plain space.
    const lines = Array.from({ length: 6 }, (_, k) => `>>> CAL 5 blocking\u00a0you@passport.com\n<<< ${k < 5 ? 216 : 713} 5\n`).join('');
    const [finding] = findingsOfKind(parseLog(new TextEncoder().encode(lines), {}), 'rate-limit');
    expect(finding?.narrative).toContain('The calls to blocking you@passport.com got 216 (blocking you) 5 times');
    expect(finding?.narrative).toBe(finding?.narrative.replace(/\s+/g, ' ').trim());
  });
});

describe('refusals whose command is not in the log', () => {
  const orphanBursts = (r: ParseResult): { lines: number[]; label: string; narrative: string }[] =>
    findingsOfKind(r, 'rate-limit').flatMap((f) => {
      if (f.detail.kind !== 'rate-limit') throw new Error('rate-limit finding without burst detail');
      // An orphan burst has no attempts: its refused commands are not in the log.
      if (f.detail.burst.attempts.length > 0) return [];
      return [{ lines: evidenceLines(r, f), label: f.detail.burst.throttled, narrative: f.narrative }];
    });

  it('without times: one burst per run, and a refusal of a known command ends the run', () => {
    const r = parseFindingsFixture('rate-limit-orphans.log');
    const bursts = orphanBursts(r);
    // 800 12, 13, 14 and 16 (an accepted CHG between does not end the run); the refused CHG 17 does; 800 30 alone.
    expect(bursts.map((b) => b.lines)).toEqual([[1, 2, 3, 6], [9]]);
    expect(bursts[0]?.label).toBe('4 commands not in the log');
    expect(bursts[0]?.narrative).toContain('800 (changing too rapidly) 4 times in a row on this connection (lines 1–6)');
    expect(bursts[1]?.label).toBe('a command not in the log (TrId 30)');
    expect(bursts[1]?.narrative).toContain('(line 9), but the command it refused is not in the log');
    // The CHG burst itself is still its own finding.
    const chg = findingsOfKind(r, 'rate-limit').filter((f) => f.detail.kind === 'rate-limit' && f.detail.burst.throttled === 'CHG');
    expect(chg).toHaveLength(1);
  });

  it('with times: each refusal within the window of the one before joins its run', () => {
    const r = parseFindingsFixture('rate-limit-orphans-timed.log');
    // 10:00:00, :20, :50 are one run; 10:02:30 comes 100 s after the last.
    expect(orphanBursts(r).map((b) => b.lines)).toEqual([[1, 2, 3], [6]]);
  });

  it('runs of two codes that interleave keep each its own lines, in log order', () => {
    const text = Array.from({ length: 40 }, (_, k) => `<<< ${k % 2 === 0 ? 800 : 713} ${k + 1}`).join('\n');
    const bursts = orphanBursts(parseLog(new TextEncoder().encode(text), {}));
    const odd = Array.from({ length: 20 }, (_, k) => 2 * k + 1);
    expect(bursts.map((b) => b.lines)).toEqual([odd, odd.map((l) => l + 1)]);
    expect(bursts.map((b) => b.label)).toEqual(['20 commands not in the log', '20 commands not in the log']);
  });

  it('a log of nothing but 800 lines gives one finding, not one per line', () => {
    const text = Array.from({ length: 3000 }, (_, k) => `<<< 800 ${k + 1}`).join('\n');
    const r = parseLog(new TextEncoder().encode(text), {});
    const bursts = orphanBursts(r);
    expect(bursts).toHaveLength(1);
    expect(bursts[0]?.lines).toHaveLength(3000);
    expect(bursts[0]?.label).toBe('3,000 commands not in the log');
  });
});

// Audit s13: the narrative quotes the seed only where the log's code is the one the seed documents.
describe('codes the error list does not document for the command', () => {
  const r = parseFindingsFixture('rate-limit-undocumented-codes.log');
  const found = findingsOfKind(r, 'rate-limit');
  const of = (code: number, throttled: string) => found.find((f) => f.detail.kind === 'rate-limit' && f.detail.burst.code === code && f.detail.burst.throttled === throttled);

  it('713 to XFR SB does not borrow the 8-in-60-seconds rule of 800', () => {
    const f = of(713, 'XFR SB');
    expect(f?.narrative).toMatch(/documents 800 for XFR SB, not 713/);
    expect(f?.narrative).not.toMatch(/up to 8 switchboard requests/);
    expect(f?.narrative).not.toMatch(/must have counted/);
  });

  it('800 to a first PRP reads no limit from zero accepted attempts', () => {
    const f = of(800, 'PRP');
    expect(f?.narrative).not.toMatch(/limit of 0/);
    expect(f?.narrative).toMatch(/limit is unknown/);
  });

  it('800 to a CAL is not called "calling too rapidly" (713) nor measured against the 713 example', () => {
    const f = of(800, 'CAL');
    expect(f?.narrative).not.toMatch(/calling too rapidly/);
    expect(f?.narrative).toMatch(/changing too rapidly/);
    expect(f?.narrative).toMatch(/documents 713 for CAL, not 800/);
  });

  it('the 713 example is quoted as the seed has it: 216 (blocking), not 216/217', () => {
    const { narrative } = onlyBurst(parseFindingsFixture('seed-713-cal.log'));
    expect(narrative).toContain('shows 5 CALs to a contact who blocks you answered 216');
    expect(narrative).not.toContain('216/217');
  });
});

// Audit s13: the seed's limit (8 switchboard requests) is 800's; a 713 to XFR SB frees by the log's own count.
describe('a 713 to XFR SB, with times', () => {
  const r = parseFindingsFixture('rate-limit-713-xfr-sb-timed.log');
  const { burst } = onlyBurst(r);

  it('infers the window from the 3 accepted requests, not the seed 8 of code 800', () => {
    expect(burst).toMatchObject({ throttled: 'XFR SB', code: 713, allowed: 3, timed: true });
    expect(burst.window).toEqual({ seconds: 60, limit: 3, source: 'inferred' });
    // Five attempts count; the third most recent was at 12:00:17, so 60 s later fewer than 3 are in the window.
    // Measured against 8 it read 12:01:23, 60 s after the refusal, as if fewer than 8 had been sent.
    expect(burst.freeAt).toBe(ms(12, 1, 17));
  });
});

// A file holding two logs (a block of another dialect) is two sessions: a burst never reaches across the start of
// the second log, whose attempts, retries and times have nothing to do with the first one's.
describe('two logs in one file', () => {
  const bursts = (r: ParseResult): { allowed: number; refused: number; attempts: number[]; retries: number[]; freeAt: number | null }[] =>
    findingsOfKind(r, 'rate-limit').map((f) => {
      if (f.detail.kind !== 'rate-limit') throw new Error('rate-limit finding without burst detail');
      const b = f.detail.burst;
      return {
        allowed: b.allowed,
        refused: lineOf(r, b.refusedAt),
        attempts: b.attempts.map((id) => lineOf(r, id)),
        retries: b.retriesWhileThrottled.map((id) => lineOf(r, id)),
        freeAt: b.freeAt,
      };
    });

  it('without times: the accepted CHG after the first log\'s burst does not count towards the second log\'s refusal', () => {
    const r = parseFindingsFixture('rate-limit-two-logs.log');
    // Line 21's CHG 10 of the first log was accepted after its burst; the second log's CHGs are lines 35, 37, 39.
    expect(bursts(r)).toEqual([
      { allowed: 4, refused: 19, attempts: [11, 13, 15, 17, 19], retries: [], freeAt: null },
      { allowed: 2, refused: 39, attempts: [35, 37, 39], retries: [], freeAt: null },
    ]);
    const second = findingsOfKind(r, 'rate-limit')[1];
    expect(second?.narrative).toContain('The client sent 3 status changes (CHG): the server accepted 2 and refused the 3rd with 800');
  });

  it('without times: a refusal at the start of the second log is a burst of its own, not a retry of the first log\'s', () => {
    const r = parseFindingsFixture('rate-limit-two-logs-retry.log');
    const found = bursts(r);
    // The first log's CHG 10 (line 22) went unanswered while throttled; the second log's CHG 12 (line 28) is its own.
    expect(found).toEqual([
      { allowed: 4, refused: 20, attempts: [12, 14, 16, 18, 20, 22], retries: [22], freeAt: null },
      { allowed: 0, refused: 26, attempts: [], retries: [], freeAt: null },
      { allowed: 0, refused: 28, attempts: [28], retries: [], freeAt: null },
    ]);
    // The 800s to TrIds 10 and 11 at the start of the second log stay one run whose commands are not in the log:
    // the first log's CHG 10 is not theirs.
    const orphan = findingsOfKind(r, 'rate-limit')[1];
    expect(orphan?.title).toBe('Rate limit (800) for 2 commands not in the log');
    expect(evidenceLines(r, orphan as NonNullable<typeof orphan>)).toEqual([26, 27]);
    expect(findingsOfKind(r, 'rate-limit')[0]?.narrative).toContain('1 more CHG was sent while throttled, and got no reply.');
  });

  it('with times: an attempt of the first log inside the window by the clock does not count in the second log', () => {
    const r = parseFindingsFixture('rate-limit-two-logs-timed.log');
    // The Pidgin log's CHG 10 at 10:00:50 (line 19) is 20 s before the aMSN log's refusal at 10:01:10 by the clock,
    // but on another day: the aMSN burst is its own CHG 5 and the refused CHG 6.
    expect(bursts(r)).toEqual([
      { allowed: 4, refused: 17, attempts: [9, 11, 13, 15, 17], retries: [], freeAt: ms(10, 1, 15) },
      { allowed: 1, refused: 34, attempts: [32, 34], retries: [], freeAt: ms(10, 2, 10) },
    ]);
  });

  it('a run of refusals whose commands are not in the log ends at a session start, whatever the connections', () => {
    // One connection over both sessions (an index built by hand): the run is cut by the session start alone.
    const r = parseLog(new TextEncoder().encode('<<< 800 1\n<<< 800 2\n<<< 800 3\n<<< 800 4\n'), {});
    const store = r.tables?.events;
    if (store === undefined) throw new Error('no tables');
    expect(new Set(r.events.map((e) => e.connection)).size).toBe(1);
    const index = buildEventIndex(store, r.hasTimes, [], r.connections, [3]);
    const runs = findRateLimitBursts(index, findOwnHandle(index), (f) => f.refusals.map((id) => lineOf(r, id)));
    expect(runs).toEqual([[1, 2], [3, 4]]);
  });
});

// A server's log interleaves many users' connections, and the server throttles each user on their own: a burst is
// rebuilt from its account's attempts alone (its connection's, where the log never says whose it is).
describe('a server log of several accounts', () => {
  const bursts = (r: ParseResult): { subject: string | undefined; code: number; allowed: number; refused: number; attempts: number[]; retries: number[]; evidence: number[]; title: string; narrative: string }[] =>
    findingsOfKind(r, 'rate-limit').map((f) => {
      if (f.detail.kind !== 'rate-limit') throw new Error('rate-limit finding without burst detail');
      const b = f.detail.burst;
      return {
        subject: f.subject,
        code: b.code,
        allowed: b.allowed,
        refused: lineOf(r, b.refusedAt),
        attempts: b.attempts.map((id) => lineOf(r, id)),
        retries: b.retriesWhileThrottled.map((id) => lineOf(r, id)),
        evidence: evidenceLines(r, f),
        title: f.title,
        narrative: f.narrative,
      };
    });
  const onConnection = (r: ParseResult, label: string, lines: readonly number[]): boolean =>
    lines.every((line) => r.connections.find((c) => c.id === r.events.find((e) => e.line === line)?.connection)?.sourceName === label);

  it("another account's CHGs between them do not count towards the refusal of the 5th", () => {
    const r = parseFindingsFixture('server-chg-interleaved.log');
    // alice's CHGs are lines 19, 23, 25, 29 (accepted) and 33 (800); bob's 21, 27 and 31 (accepted) fall between.
    const [alice, ...others] = bursts(r);
    expect(others).toEqual([]);
    expect(alice).toMatchObject({ subject: 'alice@example.invalid', allowed: 4, refused: 33, attempts: [19, 23, 25, 29, 33], retries: [] });
    expect(alice?.evidence).toEqual([19, 20, 23, 24, 25, 26, 29, 30, 33, 34]);
    expect(onConnection(r, 'NS/0a10', alice?.evidence ?? [])).toBe(true);
    expect(alice?.title).toBe('alice@example.invalid: Status changes throttled (800): the 5th CHG was refused');
    expect(alice?.narrative).toContain('The client sent 5 status changes (CHG): the server accepted 4 and refused the 5th with 800');
    expect(alice?.narrative).not.toMatch(/More than 4 were accepted/);
  });

  it("both accounts refused: two bursts, each of its own account's attempts, and neither's refusal a retry of the other's", () => {
    const r = parseFindingsFixture('server-chg-two-bursts.log');
    const [alice, bob, ...others] = bursts(r);
    expect(others).toEqual([]);
    // alice: CHG 5–8 (lines 19, 23, 27, 31), 800 to CHG 9 (35), then her CHG 10 (39) refused while throttled.
    expect(alice).toMatchObject({ subject: 'alice@example.invalid', allowed: 4, refused: 35, attempts: [19, 23, 27, 31, 35, 39], retries: [39] });
    expect(onConnection(r, 'NS/0a10', alice?.evidence ?? [])).toBe(true);
    expect(alice?.narrative).toContain('the server accepted 4 and refused the 5th with 800');
    expect(alice?.narrative).toContain('1 more CHG was sent while throttled, and refused.');
    // bob: CHG 5–8 (lines 21, 25, 29, 33), 800 to CHG 9 (37), nothing after.
    expect(bob).toMatchObject({ subject: 'bob@example.invalid', allowed: 4, refused: 37, attempts: [21, 25, 29, 33, 37], retries: [] });
    expect(onConnection(r, 'NS/0b20', bob?.evidence ?? [])).toBe(true);
    expect(bob?.title).toBe('bob@example.invalid: Status changes throttled (800): the 5th CHG was refused');
    expect(bob?.narrative).toContain('No further attempt was sent while throttled.');
  });

  it("connections whose account the log never names: one sequence per connection, not one for the whole log", () => {
    const ok = (c: string, t: number): string => `NS/${c} >>> CHG ${t} NLN 0\nNS/${c} <<< CHG ${t} NLN 0\n`;
    // One account signs in on NS/0a10; NS/0c30 and NS/0d40 started before the log did.
    const signIn = ['>>> VER 1 MSNP15 CVR0', '<<< VER 1 MSNP15', '>>> USR 3 SSO I alice@example.invalid', '<<< USR 3 SSO S MBI_KEY_OLD Wk9m', '>>> USR 4 SSO S t=ticket Wk9m', '<<< USR 4 OK alice@example.invalid 1 0'];
    const text = [
      ...signIn.map((l) => `NS/0a10 ${l}\n`),
      ok('0c30', 5), ok('0d40', 5), ok('0a10', 5), ok('0c30', 6), ok('0d40', 6), ok('0c30', 7),
      'NS/0c30 >>> CHG 8 NLN 0\nNS/0c30 <<< 800 8\n',
      ok('0a10', 6),
      'NS/0d40 >>> CHG 7 NLN 0\nNS/0d40 <<< 800 7\n',
    ].join('');
    const r = parseLog(new TextEncoder().encode(text), { fileName: 'escargot-server.log' });
    expect(r.detection.dialect).toBe('escargot');
    const found = bursts(r);
    // NS/0c30: CHG 5–7 (lines 7, 13, 17), 800 to CHG 8 (19); NS/0d40: CHG 5–6 (9, 15), 800 to CHG 7 (23); alice's
    // CHGs (11, 21) are in neither.
    expect(found.map(({ allowed, refused, attempts }) => ({ allowed, refused, attempts }))).toEqual([
      { allowed: 3, refused: 19, attempts: [7, 13, 17, 19] },
      { allowed: 2, refused: 23, attempts: [9, 15, 23] },
    ]);
    expect(onConnection(r, 'NS/0c30', found[0]?.evidence ?? [])).toBe(true);
    expect(onConnection(r, 'NS/0d40', found[1]?.evidence ?? [])).toBe(true);
  });

  it('an account refused with the other code of the same command gets its own burst, with its own code', () => {
    // alice's switchboard gets 800 to her 3rd CAL, then bob's 713 to his 2nd: in one sequence for every CAL of the
    // log, bob's 713 was one more error among alice's attempts, and his burst was lost.
    const sb = (c: string, who: string): string => `SB/${c} >>> USR 1 ${who}@example.invalid 1.2.3\nSB/${c} <<< USR 1 OK ${who}@example.invalid ${who}\n`;
    const cal = (c: string, t: number, reply: string): string => `SB/${c} >>> CAL ${t} erin@example.invalid\nSB/${c} <<< ${reply}\n`;
    const text = [sb('5e01', 'alice'), sb('5e02', 'bob'), cal('5e01', 2, '217 2'), cal('5e02', 2, '217 2'), cal('5e01', 3, '217 3'), cal('5e01', 4, '800 4'), cal('5e02', 3, '713 3')].join('');
    const r = parseLog(new TextEncoder().encode(text), { fileName: 'escargot-server.log' });
    expect(r.detection.dialect).toBe('escargot');
    // No sign-in names two accounts, so the findings name none; the switchboards' USR still tell them apart.
    const found = bursts(r);
    expect(found.map(({ code, allowed, refused, attempts }) => ({ code, allowed, refused, attempts }))).toEqual([
      { code: 800, allowed: 2, refused: 11, attempts: [5, 9, 11] },
      { code: 713, allowed: 1, refused: 13, attempts: [7, 13] },
    ]);
    expect(onConnection(r, 'SB/5e01', found[0]?.evidence ?? [])).toBe(true);
    expect(onConnection(r, 'SB/5e02', found[1]?.evidence ?? [])).toBe(true);
  });
});
