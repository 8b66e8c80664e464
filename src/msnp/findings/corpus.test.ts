/**
 * The shared real logs (copied, addresses replaced, into fixtures/msnp/findings/corpus/): each one's findings
 * must match what a careful reader of that log would say.
 */
import { describe, expect, it } from 'vitest';
import { findingsOfKind, parseFindingsFixture } from '../../test-utils/findings-fixtures';
import type { Finding, LoginAttempt } from '../types';
import { buildVerdict } from './verdict';

const corpus = (name: string) => parseFindingsFixture(`corpus/${name}`);

function attemptOf(f: Finding | undefined): LoginAttempt {
  if (f?.detail.kind !== 'login') throw new Error('login finding without attempt detail');
  return f.detail.attempt;
}

const stateOf = (a: LoginAttempt, phase: 'DS' | 'NS', name: string) =>
  a.steps.find((s) => s.phase === phase && s.name === name)?.state;

describe('real logs', () => {
  it('01 MSNP8 blog transcript: a clean TWN sign-in through the dispatch server', () => {
    const r = corpus('01-pright-blog-msnp8-seed.log');
    const [f] = findingsOfKind(r, 'login-succeeded');
    const a = attemptOf(f);
    expect(a).toMatchObject({ generation: 'TWN', protocolVersion: 8, outcome: 'signed-in' });
    expect(stateOf(a, 'DS', 'XFR NS')).toBe('done');
    expect(stateOf(a, 'NS', 'USR S (ticket)')).toBe('done');
    expect(r.findings.filter((x) => x.severity !== 'note')).toEqual([]);
    expect(buildVerdict(r.findings, r.events)).toBe('Signed in');
  });

  it('03 Pidgin MSNP15: stops at the Passport step and never reaches a ticket USR', () => {
    const r = corpus('03-ubuntuforums-pidgin-msnp15-sso-timeout-libpurple.log');
    const [f] = findingsOfKind(r, 'login-no-reply');
    const a = attemptOf(f);
    expect(a).toMatchObject({ generation: 'SSO', protocolVersion: 15, outcome: 'no-reply' });
    expect(stateOf(a, 'NS', 'USR S (policy)')).toBe('done');
    expect(stateOf(a, 'NS', 'Passport')).toBe('stopped');
    expect(stateOf(a, 'NS', 'USR S (ticket)')).toBe('not-reached');
    expect(f?.title).toBe('Login stopped at the Passport step: no ticket USR was sent (MSNP15, SSO)');
    expect(f?.narrative).toContain('no ticket USR was ever sent; the client gave up and sent OUT 21 s later');
    // The HTTPS timeout itself is only in libpurple's own lines; the narrative quotes it.
    expect(f?.narrative).toContain('log says why (line 47): "(10:01:17) proxy: Error connecting to login.live.com:443');
    expect(buildVerdict(r.findings, r.events)).toBe('Login stopped at the Passport step (no ticket sent)');
  });

  it('06 emesene (HTML-escaped): two CALs never answered, the switchboard times out 10 s later', () => {
    const r = corpus('06-emesene463-papyon-htmlescaped-sb-cal-timeout.log');
    const [f] = findingsOfKind(r, 'switchboard-join-timeout');
    expect(f?.narrative).toContain('CAL 1 to bravoxy@example.invalid (your own address; no RINGING)');
    // Neither CAL got RINGING: the server never took them, so the contact's status or a block is not the question.
    expect(f?.advice).not.toMatch(/blocking you|online/);
    expect(f?.advice).toMatch(/never took the invitation/);
    expect(f?.narrative).toContain('CAL 2 to charlie_XY@example.invalid (no RINGING)');
    expect(f?.narrative).toContain('10 s');
    // Line 14's OUT follows "Leaving switchboard 1258163659…" (line 13), not SB1's session 924023575…: it leaves
    // another switchboard, so SB1 was never left in the log.
    expect(f?.narrative).not.toContain('left the switchboard');
    expect(f?.narrative).toContain('no JOI arrived in the 10 s the log goes on after line 10 (it does not show the client leaving the switchboard)');
    const out = r.events.find((e) => e.line === 14);
    expect(out?.connection).not.toBe(r.events.find((e) => e.line === 10)?.connection);
    // The timeout already says the CALs got no RINGING: no second finding calls them merely unanswered.
    expect(findingsOfKind(r, 'unanswered-commands')).toEqual([]);
    expect(buildVerdict(r.findings, r.events)).toBe('1 chat timed out waiting for JOI');
  });

  it('11 emesene MSNP18: signed in; the excerpt skips the NS USR I/policy lines and cuts the profile MSG', () => {
    const r = corpus('11-emesene510-papyon-msnp18-sso-xfr-ns.log');
    const a = attemptOf(findingsOfKind(r, 'login-succeeded')[0]);
    expect(a).toMatchObject({ generation: 'SSO', protocolVersion: 18, outcome: 'signed-in' });
    expect(a.steps.find((s) => s.name === 'USR S (policy)')?.note).toBe('not shown in the log');
    expect(findingsOfKind(r, 'payload-length-mismatch')[0]?.narrative).toContain('1462 declared');
    expect(r.findings.filter((x) => x.severity === 'error')).toEqual([]);
  });

  it('14 Miranda MSNP24: a CNT handshake only, nothing wrong to report', () => {
    const r = corpus('14-mirandang890-netlog-msnp24-cnt-wrapped.log');
    expect(r.findings.filter((x) => x.severity !== 'note')).toEqual([]);
    // MSNP24 has no VER (msnp-protocol.md §1.4, §2): its CNT opens the connection, which the log shows (lines
    // 13-19), so the log does not start mid-session.
    expect(findingsOfKind(r, 'mid-session-start')).toEqual([]);
    expect(r.diagnostics.filter((d) => d.kind === 'mid-session-start')).toEqual([]);
  });

  it('23 hypothetic CAL examples: 217 twice, 208, 216, and the cut last CAL', () => {
    const r = corpus('23-hypothetic-sb-cal-217-208-216-printable-doc.log');
    const titles = findingsOfKind(r, 'error-reply').map((f) => f.title.split(' ')[0]);
    expect(titles).toEqual(['217', '208', '216']);
    expect(findingsOfKind(r, 'error-reply')[0]?.title).toContain('×2 (to CAL)');
    expect(findingsOfKind(r, 'unanswered-commands').map((f) => f.title)).toEqual(['1 CAL command got no reply']);
    expect(findingsOfKind(r, 'rate-limit')).toEqual([]);
  });

  it('27 wiki QRY examples: the first challenge passes, the second fails with 540', () => {
    const r = corpus('27-msnpwiki-qry-chl-540-cs-prefix-doc.log');
    const [f] = findingsOfKind(r, 'login-challenge-failed');
    const step = attemptOf(f).steps.find((s) => s.name === 'CHL/QRY');
    expect(step?.state).toBe('failed');
    // The step is about the challenge that failed (CHL line 5, QRY line 6, 540 line 8), not the one that passed.
    expect(step?.events.map((id) => r.events[id]?.line)).toEqual([5, 6, 8]);
    expect(buildVerdict(r.findings, r.events)).toBe('Login failed the challenge (540)');
  });

  it('28 aMSN reconnect loop: 31 attempts every ~15 s; one direct attempt hangs at the Passport step for 3 min', () => {
    const r = corpus('28-ubuntuforums-amsn-msnp12-reconnect-loop-twn-hang.log');
    const [loop] = findingsOfKind(r, 'login-retry-loop');
    expect(loop?.title).toBe('31 login attempts, every ~15 s, none signed in');
    expect(loop?.narrative).toContain('30 closed by the client before VER; 1 stopped at the Passport step (no ticket sent)');
    const stops = findingsOfKind(r, 'login-no-reply');
    expect(stops.map((f) => f.title)).toEqual([
      'Login stopped at the version step: the client closed the connection before VER ×30',
      'Login stopped at the Passport step: no ticket USR was sent (MSNP12, TWN)',
    ]);
    expect(stops[1]?.narrative).toContain('gave up and sent OUT 3 min 9 s later');
    // The repeated OUTs are the loop itself, not commands after a close nor a mid-session start.
    expect(findingsOfKind(r, 'after-close')).toEqual([]);
    expect(findingsOfKind(r, 'mid-session-start')).toEqual([]);
  });

  it('11 papyon (two excerpts): the steps missing in the middle are named, not called "earlier"', () => {
    const r = corpus('11-emesene510-papyon-msnp18-sso-xfr-ns.log');
    const f = r.findings.find((x) => x.group === 'login');
    expect(f?.narrative).not.toMatch(/Earlier steps/);
    expect(f?.narrative).toMatch(/USR I, USR S \(policy\) are not in the log between the steps it shows/);
  });
});
