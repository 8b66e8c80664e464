import { describe, expect, it } from 'vitest';
import { findingsOfKind, parseFindingsFixture } from '../../test-utils/findings-fixtures';
import type { Finding, LoginAttempt, ParseResult } from '../types';
import { buildVerdict } from './verdict';

function attemptOf(f: Finding | undefined): LoginAttempt {
  if (f?.detail.kind !== 'login') throw new Error('login finding without attempt detail');
  return f.detail.attempt;
}

function stopOf(a: LoginAttempt): { name: string; state: string } | undefined {
  return a.steps.find((s) => s.state === 'failed' || s.state === 'stopped');
}

const lines = (r: ParseResult, ids: readonly number[]): number[] => ids.map((id) => r.events[id]?.line ?? -1);

/** One row per code of the narrative list, spread over MD5, TWN and SSO. */
const FAILURES = [
  { file: 'md5-911-hash.log', gen: 'MD5', step: 'USR S (hash)', label: 'password hash', code: 911, says: 'password is wrong', check: 'password' },
  { file: 'twn-911-ticket.log', gen: 'TWN', step: 'USR S (ticket)', label: 'ticket', code: 911, says: 'stale or invalid', check: 'ticket comes fresh' },
  { file: 'sso-928-ticket.log', gen: 'SSO', step: 'USR S (ticket)', label: 'ticket', code: 928, says: 'could not read the ticket', check: '`&amp;` must become `&`' },
  { file: 'twn-923-ticket.log', gen: 'TWN', step: 'USR S (ticket)', label: 'ticket', code: 923, says: "Kids' Passport", check: 'HTML-entity-decoded' },
  { file: 'twn-931-usr-i.log', gen: 'TWN', step: 'USR I', label: 'USR I', code: 931, says: 'cached server address', check: 'dispatch server' },
  { file: 'sso-500-ticket.log', gen: 'SSO', step: 'USR S (ticket)', label: 'ticket', code: 500, says: 'busy or down', check: 'retry later' },
  { file: 'twn-601-usr-i.log', gen: 'TWN', step: 'USR I', label: 'USR I', code: 601, says: 'busy or down', check: 'retry later' },
  { file: 'md5-910-hash.log', gen: 'MD5', step: 'USR S (hash)', label: 'password hash', code: 910, says: 'busy or down', check: 'retry later' },
  { file: 'sso-921-ticket.log', gen: 'SSO', step: 'USR S (ticket)', label: 'ticket', code: 921, says: 'busy or down', check: 'retry later' },
  { file: 'md5-710-cvr.log', gen: 'MD5', step: 'CVR', label: 'CVR', code: 710, says: 'CVR parameters were refused', check: 'CVR line' },
  { file: 'twn-731-cvr.log', gen: 'TWN', step: 'CVR', label: 'CVR', code: 731, says: 'CVR line was malformed', check: 'CVR format' },
  { file: 'sso-420-cvr.log', gen: 'SSO', step: 'CVR', label: 'CVR', code: 420, says: 'unofficial client', check: 'client name and version' },
  { file: 'twn-715-gcf-syn.log', gen: 'TWN', step: 'GCF', label: 'GCF', code: 715, says: 'GCF and SYN were sent in the wrong order', check: 'order' },
] as const;

describe('login failures, one per code of the narrative list', () => {
  it.each(FAILURES)('$file: fails at $step with $code', ({ file, gen, step, label, code, says, check }) => {
    const r = parseFindingsFixture(file);
    const failed = findingsOfKind(r, 'login-failed');
    expect(failed).toHaveLength(1);
    const f = failed[0];
    const attempt = attemptOf(f);
    expect(attempt.generation).toBe(gen);
    expect(attempt.outcome).toBe('failed');
    expect(stopOf(attempt)).toMatchObject({ name: step, state: 'failed' });
    // Nothing after the failure is done (a pipelined SYN after the 715 stays unanswered), everything before is.
    const at = attempt.steps.findIndex((s) => s.state === 'failed');
    expect(attempt.steps.slice(at + 1).some((s) => s.state === 'done')).toBe(false);
    expect(attempt.steps.slice(0, at).every((s) => s.state === 'done')).toBe(true);
    expect(f?.title).toContain(`Login failed at the ${label} step (${code})`);
    expect(f?.narrative).toContain(says);
    expect(f?.advice.toLowerCase()).toContain(check.toLowerCase());
    expect(r.findings[0]).toBe(f);
    expect(buildVerdict(r.findings, r.events)).toContain(`Login failed at the ${label} step (${code})`);
    // The failing step links to the command and the error line.
    const failedStep = attempt.steps[at];
    expect(lines(r, failedStep?.events ?? []).at(-1)).toBe(r.events.find((e) => e.error?.code === code)?.line);
  });

  it('the three generations are all covered', () => {
    expect(new Set(FAILURES.map((f) => f.gen))).toEqual(new Set(['MD5', 'TWN', 'SSO']));
  });
});

describe('other endings', () => {
  it('VER 0 is a version refusal', () => {
    const r = parseFindingsFixture('version-refused-ver0.log');
    const [f] = findingsOfKind(r, 'login-version-refused');
    expect(attemptOf(f).outcome).toBe('version-refused');
    expect(stopOf(attemptOf(f))).toMatchObject({ name: 'VER', state: 'failed' });
    expect(f?.narrative).toContain('VER 0');
    expect(buildVerdict(r.findings, r.events)).toBe('Login refused: no common protocol version');
  });

  it('OUT right after the VER reply is a version refusal by the client', () => {
    const r = parseFindingsFixture('version-refused-client-out.log');
    const [f] = findingsOfKind(r, 'login-version-refused');
    expect(f?.title).toContain('the client left after the server chose MSNP8');
    expect(f?.evidence.map((id) => r.events[id]?.line)).toEqual([1, 2, 3]);
  });

  it('VER answered and nothing after it: no placeholder, no "no reply", and "the log ends" only when it does', () => {
    const r = parseFindingsFixture('login-ver-only.log');
    const [f] = findingsOfKind(r, 'login-no-reply');
    const verdict = buildVerdict(r.findings, r.events);
    for (const text of [f?.title, f?.narrative, f?.advice, verdict]) {
      expect(text).not.toContain('?');
      expect(text).not.toMatch(/no reply/);
    }
    expect(f?.title).toBe('Login stopped after the version step: no next sign-in command in the log (MSNP9, TWN)');
    expect(f?.narrative).toContain('`VER 1 MSNP9` (line 2)');
    expect(f?.narrative).toContain('the log ends');
    expect(f?.advice).toContain('CVR');
    expect(verdict).toBe('Login stopped after the version step (nothing more in the log)');
  });

  it('VER answered, then the connection goes on without the sign-in: the log does not end there', () => {
    const r = parseFindingsFixture('login-ver-then-session.log');
    const [f] = findingsOfKind(r, 'login-no-reply');
    expect(f?.title).not.toContain('?');
    expect(f?.narrative).not.toContain('?');
    expect(f?.narrative).not.toContain('the log ends');
    expect(f?.narrative).toContain('XFR at line 5');
  });

  it('208 to USR I: the sign-in name is not acceptable (not a code to look up)', () => {
    const r = parseFindingsFixture('usr-208-rem-205.log');
    const [f] = findingsOfKind(r, 'login-failed');
    expect(f?.narrative).toContain('meaning the sign-in name is not an acceptable account name');
    expect(f?.advice).toMatch(/sign-in name/);
    expect(f?.advice).not.toContain('Look up code');
  });

  it('540 after QRY is a failed challenge', () => {
    const r = parseFindingsFixture('twn-540-challenge.log');
    const [f] = findingsOfKind(r, 'login-challenge-failed');
    const attempt = attemptOf(f);
    expect(attempt.outcome).toBe('challenge-failed');
    expect(stopOf(attempt)?.name).toBe('CHL/QRY');
    expect(lines(r, stopOf(attempt) === undefined ? [] : (attempt.steps.find((s) => s.name === 'CHL/QRY')?.events ?? []))).toEqual([20, 21, 23]);
    expect(f?.narrative).toContain('540');
  });

  it('OUT OTH after sign-in is a sign-out by the server', () => {
    const r = parseFindingsFixture('twn-signed-out-oth.log');
    const [f] = findingsOfKind(r, 'signed-out-by-server');
    expect(f?.severity).toBe('warning');
    expect(f?.title).toContain('signed in elsewhere (OUT OTH)');
    expect(findingsOfKind(r, 'login-failed')).toHaveLength(0);
  });
});

describe('successful logins have no failure finding', () => {
  it.each(['sso-success.log', 'md5-success.log'])('%s walks the whole ladder', (file) => {
    const r = parseFindingsFixture(file);
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const [f] = findingsOfKind(r, 'login-succeeded');
    const attempt = attemptOf(f);
    expect(attempt.outcome).toBe('signed-in');
    expect(attempt.steps.map((s) => s.state).every((s) => s === 'done')).toBe(true);
    expect(attempt.steps.map((s) => s.name).slice(-4)).toEqual(['USR OK', 'SYN/ADL', 'CHG', 'CHL/QRY']);
    expect(attempt.steps.filter((s) => s.phase === 'DS').map((s) => s.name).at(-1)).toBe('XFR NS');
    expect(buildVerdict(r.findings, r.events)).toBe('Signed in');
  });
});

describe('retry loop', () => {
  const r = parseFindingsFixture('retry-loop-passport.log');

  it('summarises the attempts, their pace and where they all stopped', () => {
    const [loop] = findingsOfKind(r, 'login-retry-loop');
    expect(loop?.title).toBe('4 login attempts, every ~15 s, none signed in');
    expect(loop?.narrative).toContain('all stopped at the Passport step');
    expect(r.findings[0]).toBe(loop);
  });

  it('keeps one attempt finding for the shared ending, linked to every attempt', () => {
    const attempts = findingsOfKind(r, 'login-no-reply');
    expect(attempts).toHaveLength(1);
    expect(attempts[0]?.title).toMatch(/Passport step.*×4$/);
    expect(attempts[0]?.narrative).toContain('the client gave up and sent OUT 10 s later');
    expect(r.events.filter((e) => e.direction !== null).every((e) => attempts[0]?.evidence.includes(e.id))).toBe(true);
    expect(stopOf(attemptOf(attempts[0]))).toMatchObject({ name: 'Passport', state: 'stopped' });
  });

  it('the verdict names the stop and the loop', () => {
    expect(buildVerdict(r.findings, r.events)).toBe(
      'Login stopped at the Passport step (no ticket sent) · 4 login attempts, none signed in',
    );
  });
});

describe('a server log: the sign-ins of several accounts', () => {
  const r = parseFindingsFixture('server-sign-ins.log');

  it('rebuilds each account\'s attempt on its own connection', () => {
    expect(findingsOfKind(r, 'login-succeeded')).toHaveLength(2);
    const failed = findingsOfKind(r, 'login-failed');
    expect(failed).toHaveLength(1);
    // Several accounts in the log: each title says whose attempt it is.
    expect(failed[0]?.title).toBe('bob@example.invalid: Login failed at the ticket step (911) (MSNP15, SSO)');
  });

  it('the steps that show no event are one shared, frozen object across attempts, not a copy per sign-in', () => {
    const ladders = findingsOfKind(r, 'login-succeeded').map((f) => attemptOf(f).steps);
    const empty = (steps: LoginAttempt['steps']) => steps.filter((s) => s.events.length === 0 && s.lines === undefined);
    const [a, b] = [empty(ladders[0] ?? []), empty(ladders[1] ?? [])];
    expect(a.length).toBeGreaterThan(0);
    expect(a.map((s) => s.name)).toEqual(b.map((s) => s.name));
    a.forEach((s, k) => {
      expect(s).toBe(b[k]);
      expect(Object.isFrozen(s)).toBe(true);
    });
    // Steps with events stay each attempt's own.
    expect(ladders[0]?.find((s) => s.name === 'VER')).not.toBe(ladders[1]?.find((s) => s.name === 'VER'));
  });

  it('the verdict counts accounts\' sign-ins instead of adding them up as one user\'s retries', () => {
    expect(buildVerdict(r.findings, r.events)).toBe('3 sign-ins by 3 accounts: 2 signed in, 1 not: failed at the ticket step (911)');
  });

  it('a retry loop is one account\'s attempts, even with other accounts signing in between them', () => {
    const loop = parseFindingsFixture('server-retry-loop.log');
    const loops = findingsOfKind(loop, 'login-retry-loop');
    expect(loops.map((f) => f.title)).toEqual(['alice@example.invalid: 4 login attempts, none signed in']);
    expect(findingsOfKind(loop, 'login-succeeded').map((f) => f.title)).toEqual([
      'bob@example.invalid: Signed in (MSNP15, SSO)',
      'carol@example.invalid: Signed in (MSNP15, SSO)',
    ]);
    expect(buildVerdict(loop.findings, loop.events)).toBe('6 sign-ins by 3 accounts: 2 signed in, 4 not: failed at the ticket step (911)');
  });
});

describe('a server OUT while its challenge waits for a QRY', () => {
  it('is explained by the unanswered CHL, which the evidence cites', () => {
    const r = parseFindingsFixture('chl-unanswered-out.log');
    const [f] = findingsOfKind(r, 'signed-out-by-server');
    expect(f?.title).toContain('while its challenge (CHL) was still unanswered');
    expect(f?.advice).toMatch(/^Answer every CHL with a QRY/);
    expect(lines(r, f?.evidence ?? [])).toEqual(expect.arrayContaining([16, 19]));
    expect(buildVerdict(r.findings, r.events)).toContain('Signed out: the server closed the session (OUT) while its challenge (CHL) was still unanswered');
  });
});

describe('a log cut right after a sign-in command', () => {
  it('says the log ends there, and advises taking the log further rather than checking the network', () => {
    const r = parseFindingsFixture('login-cut-at-command.log');
    const [f] = findingsOfKind(r, 'login-no-reply');
    expect(f?.title).toContain('the log ends before any reply');
    expect(f?.advice).toMatch(/^The log ends with this command, so it cannot show whether the server answered/);
    expect(f?.advice).not.toContain('firewall');
    expect(buildVerdict(r.findings, r.events)).toBe('Login stopped at the USR I step (the log ends there)');
  });

  it('keeps "no reply" when the log goes on past the unanswered command', () => {
    const r = parseFindingsFixture('corpus/28-ubuntuforums-amsn-msnp12-reconnect-loop-twn-hang.log');
    const stops = findingsOfKind(r, 'login-no-reply').filter((x) => x.title.includes('Passport'));
    expect(stops.length).toBeGreaterThan(0);
    expect(stops.every((x) => !x.title.includes('the log ends before any reply'))).toBe(true);
  });
});

// Two logs in one file (a block of another dialect): the first log's attempt ends with its own log, and the
// second log (another user, another evening) is no more of it.
describe('a sign-in cut at the end of the first of two logs', () => {
  const r = parseFindingsFixture('login-two-logs.log');
  const dave = findingsOfKind(r, 'login-no-reply').find((f) => f.title.startsWith('dave@example.invalid'));

  it('says the log ends there, not that nothing more came on the connection', () => {
    expect(dave?.title).toBe('dave@example.invalid: Login stopped at the USR I step: the log ends before any reply (MSNP15, SSO)');
    expect(dave?.narrative).toContain('(line 7) got no reply; the log ends 0 s later.');
    expect(dave?.advice).toMatch(/^The log ends with this command/);
  });

  it('does not quote the next log\'s timeout as its own client\'s words', () => {
    expect(dave?.narrative).not.toContain('says why');
    // The second log's own attempt still quotes its own line.
    const alice = findingsOfKind(r, 'login-no-reply').find((f) => f.title.startsWith('alice@example.invalid'));
    expect(alice?.narrative).toContain('The client\'s own log says why (line 19)');
  });
});

describe('911 at the credentials step, by what the client sent', () => {
  const failure = (name: string): string => {
    const f = parseFindingsFixture(name).findings.find((x) => x.kind === 'login-failed');
    return `${f?.narrative ?? ''} ${f?.advice ?? ''}`;
  };

  it('MD5: the server checked the hash itself, so the password is wrong', () => {
    expect(failure('md5-911-hash.log')).toContain('the hash of the salt and the password did not match');
  });

  it('TWN: the ticket was refused; the password went to Passport', () => {
    const text = failure('twn-911-ticket.log');
    expect(text).toContain('the ticket was refused as stale or invalid');
    expect(text).not.toContain('nonce');
  });

  it('SSO: the ticket, the nonce response or the GUID, and the advice starts with them, not the password', () => {
    const text = failure('server-sign-ins.log');
    expect(text).toContain('the response computed from the policy’s nonce');
    expect(text).toContain('Check that the ticket comes fresh from this sign-in');
  });
});

// Audit s13: what the login story says must match the log and the version.
describe('the story of a ticket retried on one connection', () => {
  it('names the Passport step once, not once per ticket sent', () => {
    const r = parseFindingsFixture('twn-ticket-retried.log');
    const [f] = r.findings.filter((x) => x.group === 'login' && x.severity !== 'note');
    expect(f?.narrative).toMatch(/USR S \(policy\), Passport\b/);
    expect(f?.narrative).not.toMatch(/Passport, Passport/);
  });
});

describe('928 at the ticket step, by version', () => {
  it('before MSNP13 it points at the login server redirects, not at HTML entities', () => {
    const r = parseFindingsFixture('twn-928-ticket.log');
    const [f] = r.findings.filter((x) => x.group === 'login' && x.severity !== 'note');
    expect(f?.narrative).toMatch(/928/);
    expect(f?.narrative).toMatch(/redirects/);
    expect(f?.advice).not.toMatch(/&amp;/);
  });
});

describe('the refusals of a retried ticket', () => {
  it('names the later refusals too, not only the first (910 at line 8)', () => {
    const r = parseFindingsFixture('twn-ticket-retried.log');
    const [f] = r.findings.filter((x) => x.group === 'login' && x.severity !== 'note');
    expect(f?.narrative).toMatch(/answered 910 \(line 8\)/);
    expect(f?.narrative).toMatch(/tried again 2 times and was refused each time: 921 \(line 10\), 910 \(line 12\)\./);
  });
});
