import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evidenceLines, findingsOfKind, FINDINGS_FIXTURES, parseFindingsFixture } from '../../test-utils/findings-fixtures';
import { buildVerdict } from './verdict';
import { diagnosticIds, unionIds } from './protocol';
import type { Diagnostic, DiagnosticKind, EventId } from '../types';
import { parseLog } from '../parse-log';
import { explainEvent } from '../explain';

describe('protocol findings on a mixed session', () => {
  const r = parseFindingsFixture('protocol-mix.log');
  const one = (kind: Parameters<typeof findingsOfKind>[1]) => findingsOfKind(r, kind);

  it('groups unanswered commands by command', () => {
    const unanswered = one('unanswered-commands');
    // The CHG at line 26 went after the server's OUT: told as sent after the close, not as unanswered.
    expect(unanswered.map((f) => f.title)).toEqual(['1 PRP command got no reply']);
    expect(unanswered.map((f) => evidenceLines(r, f))).toEqual([[19]]);
    // One line each: the advice speaks of that line, not of "these lines".
    for (const f of unanswered) expect(f.advice).toMatch(/right after this line; if not, the server ignored it /);
  });

  it('flags the command sent after the server closed the session', () => {
    const [f] = one('after-close');
    expect(f !== undefined && evidenceLines(r, f)).toEqual([26]);
  });

  it('links the error the server followed by closing the connection', () => {
    const [f] = one('error-then-close');
    expect(f?.title).toBe('Error 241 followed by the connection closing (line 24)');
    expect(f !== undefined && evidenceLines(r, f)).toEqual([22, 24, 25]);
    // Already explained by error-then-close: not repeated as a bare error reply.
    expect(one('error-reply')).toEqual([]);
  });

  it('does not call a code the catalog marks non-fatal a connection-ending error', () => {
    // 217 then the switchboard ends (an empty switchboard closes); 205 then the log moves to a switchboard.
    for (const file of ['escargot-sb-217-close.log', 'usr-208-rem-205.log']) {
      const other = parseFindingsFixture(file);
      expect(findingsOfKind(other, 'error-then-close'), file).toEqual([]);
      // Still reported, as the error reply it is.
      expect(findingsOfKind(other, 'error-reply').length, file).toBeGreaterThan(0);
    }
  });

  it('a switchboard whose USR was refused was never joined, and the sentence has one "but"', () => {
    const sb = parseFindingsFixture('sb-errors.log');
    const [f] = findingsOfKind(sb, 'switchboard-unused');
    expect(f?.narrative).not.toMatch(/was joined/);
    expect(f?.narrative).toMatch(/refused .*911.*never joined/);
    expect(f?.narrative.match(/\bbut\b/g)).toHaveLength(1);
    const idle = findingsOfKind(parseFindingsFixture('sb-joined-idle.log'), 'switchboard-unused')[0];
    expect(idle?.narrative).toMatch(/was joined \(line 3\)/);
    expect(idle?.narrative.match(/\bbut\b/g)).toHaveLength(1);
  });

  it('mid-session wording: a switchboard never sends VER; a server reply first is not "before any VER"', () => {
    const sb = parseFindingsFixture('usr-208-rem-205.log');
    const [f] = findingsOfKind(sb, 'mid-session-start');
    expect(f?.narrative).not.toMatch(/VER or USR|first protocol line/);
    expect(f?.narrative).toMatch(/USR or ANS/);
    const sbDiag = sb.diagnostics.find((d) => d.kind === 'mid-session-start');
    expect(sbDiag?.message).toMatch(/USR or ANS/);
    expect(sbDiag?.message).not.toMatch(/VER/);
    const cut = parseFindingsFixture('cut-first-line.log');
    const [g] = findingsOfKind(cut, 'mid-session-start');
    expect(g?.narrative).toMatch(/server's VER/);
    expect(g?.narrative).not.toMatch(/before any VER/);
    const cutDiag = cut.diagnostics.find((d) => d.kind === 'mid-session-start');
    expect(cutDiag?.message).toMatch(/the server's VER 1/);
    expect(cutDiag?.message).toMatch(/from the client/);
  });

  it('mid-session wording: a line that is not the file\'s first is named for what it starts, a later log or a connection', () => {
    // The Escargot log comes first (line 4); the transcript below it starts with the server's 800 at line 26.
    const [later] = findingsOfKind(parseFindingsFixture('rate-limit-two-logs-retry.log'), 'mid-session-start');
    expect(later?.narrative).toMatch(/^The first protocol line of the 2nd log in the file \(line 26\) is the server's 800, with nothing the client sent before it: that log starts after/);
    // One log whose second connection (NS/0b20) starts with a server line: it is that connection's first line only.
    const signIn = ['NS/0a10 >>> VER 1 MSNP15 CVR0', 'NS/0a10 <<< VER 1 MSNP15'];
    const r = parseLog(new TextEncoder().encode([...signIn, 'NS/0b20 <<< 800 7', 'NS/0b20 >>> CHG 8 NLN 0', 'NS/0b20 <<< CHG 8 NLN 0'].join('\n')), {});
    const [conn] = findingsOfKind(r, 'mid-session-start');
    expect(conn?.narrative).toMatch(/^The first line of NS2 \(line 3\) is the server's 800, with nothing the client sent before it: the log of that connection starts after/);
  });

  it('small text glitches: verb agreement, "or later at the latest", the handle as the log writes it', () => {
    const cut = parseFindingsFixture('cut-first-line.log');
    expect(findingsOfKind(cut, 'orphan-replies')[0]?.narrative).toMatch(/^1 server reply answers a TrId/);
    const flood = findingsOfKind(parseFindingsFixture('xfr-sb-flood-cut.log'), 'rate-limit')[0];
    expect(flood?.narrative).toMatch(/at the latest/);
    expect(flood?.narrative).not.toMatch(/or later at the latest/);
    const timeout = findingsOfKind(parseFindingsFixture('corpus/06-emesene463-papyon-htmlescaped-sb-cal-timeout.log'), 'switchboard-join-timeout')[0];
    expect(timeout?.narrative).toContain('charlie_XY@example.invalid');
  });

  it('reports the MSG body whose declared length disagrees with the shown bytes', () => {
    const [f] = one('payload-length-mismatch');
    expect(f?.title).toBe('1 MSG body differs from the declared length');
    expect(f?.narrative).toContain('480 declared, 91 shown');
    expect(f?.severity).toBe('note');
  });

  it('reports the switchboard that was granted but never used', () => {
    const [f] = one('switchboard-unused');
    expect(f !== undefined && evidenceLines(r, f)).toEqual([20, 21]);
    expect(f?.narrative).toContain('never connected to');
  });

  it('lists the first 20 unused grants in words and keeps every one as evidence', () => {
    const many = parseFindingsFixture('sb-unused-many.log');
    const [f] = findingsOfKind(many, 'switchboard-unused');
    expect(f?.title).toBe('24 switchboards requested but never used');
    const grantLines = Array.from({ length: 24 }, (_, i) => 2 * i + 2); // each grant is the line after its XFR
    expect(f?.narrative).toContain(`24 grants (lines ${grantLines.slice(0, 20).join(', ')}, … (24 in all)) were never connected to`);
    expect(f?.narrative).not.toContain(`, ${grantLines[20]},`);
    expect(f !== undefined && evidenceLines(many, f)).toEqual(Array.from({ length: 48 }, (_, i) => i + 1));
  });

  it('says the server signed the session out right after the error', () => {
    const [f] = one('signed-out-by-server');
    expect(f?.narrative).toContain('right after the server answered 241 to ADL (line 24)');
  });

  it('orders login problems first, then the rest by severity', () => {
    const rank = { error: 0, warning: 1, note: 2 } as const;
    const rest = r.findings.filter((f) => f.group !== 'login' && f.group !== 'rate-limit');
    const ranks = rest.map((f) => rank[f.severity]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(r.findings[0]?.group).toBe('login');
    expect(buildVerdict(r.findings, r.events)).toBe(
      'Signed out: the server closed the session (OUT without a reason) · 1 unanswered command · 1 command sent after the connection closed',
    );
  });
});

describe('switchboard JOI timeout', () => {
  const r = parseFindingsFixture('sb-join-timeout.log');

  it('reports the invitation that rang but never joined, and the client leaving a minute later', () => {
    const [f] = findingsOfKind(r, 'switchboard-join-timeout');
    expect(f?.narrative).toContain('CAL 2 to bob@example.invalid (RINGING): no JOI arrived');
    expect(f?.narrative).toContain('after 1 min the client left the switchboard (OUT, line 9)');
    expect(f !== undefined && evidenceLines(r, f)).toEqual([5, 6, 9]);
    expect(buildVerdict(r.findings, r.events)).toContain('1 chat timed out waiting for JOI');
  });

  it('does not call the used switchboard unused', () => {
    expect(findingsOfKind(r, 'switchboard-unused')).toEqual([]);
  });
});

describe('switchboard JOI timeout, papyon leaving another switchboard first', () => {
  const r = parseFindingsFixture('papyon-leave-other-switchboard.log');

  it("does not take another switchboard's OUT (after `Leaving switchboard <other id>`) for this one's leave", () => {
    const [f] = findingsOfKind(r, 'switchboard-join-timeout');
    expect(f?.narrative).toContain('after 39 s the client left the switchboard (OUT, line 12)');
    expect(f !== undefined && evidenceLines(r, f)).toEqual([7, 12]);
  });
});

// A file holding two logs (a block of another dialect): the wait for a JOI is measured in the CAL's own log.
describe('switchboard JOI timeout, two logs in one file', () => {
  it('does not count the next log, on another day, as time waited', () => {
    // Pidgin's log ends 2 s after the RINGING; the aMSN log below it runs to 10:05:30 by its own clock.
    const r = parseFindingsFixture('sb-join-two-logs.log');
    expect(findingsOfKind(r, 'switchboard-join-timeout')).toEqual([]);
  });

  it('measures the wait to the end of the CAL\'s log when the next log has no times', () => {
    const pidgin = readFileSync(join(FINDINGS_FIXTURES, 'sb-join-two-logs.log'), 'utf8').split('\n').slice(0, 6);
    const later = ['(10:00:30) msn: C: NS 000: PNG', '(10:00:30) msn: S: NS 000: QNG 50', '', 'and from bob\'s side:', ''];
    const bob = ['>>> VER 1 MSNP8 CVR0', '<<< VER 1 MSNP8', '>>> CVR 2 0x0409 win 4.10 i386 MSNMSGR 5.0.0544 MSMSGS bob@example.invalid', '<<< CVR 2 5.0.0544 5.0.0544 1.0.0000 http://example.invalid/dl http://example.invalid/info'];
    const r = parseLog(new TextEncoder().encode([...pidgin, ...later, ...bob].join('\n')), {});
    const [f] = findingsOfKind(r, 'switchboard-join-timeout');
    expect(f?.narrative).toBe('CAL 2 to bob@example.invalid (RINGING): no JOI arrived in the 29 s the log goes on after line 5 (it does not show the client leaving the switchboard).');
    expect(f !== undefined && evidenceLines(r, f)).toEqual([5, 6]);
  });
});

// The last line of the first of two logs in a file: that log ends there, the next one is no more of it.
describe('an error on the last line of the first of two logs', () => {
  const r = parseFindingsFixture('error-end-of-first-log.log');

  it('is not taken for the server closing the connection while the log goes on', () => {
    expect(findingsOfKind(r, 'error-then-close')).toEqual([]);
  });

  it('is told as the end of its log: it cannot show whether the server hung up', () => {
    const [f] = findingsOfKind(r, 'error-reply');
    expect(f?.title).toBe('500 ERR_INTERNAL_SERVER ×1 (to PRP)');
    expect(f?.narrative).toContain('The log ends here, so it does not show whether the server hung up');
    expect(f?.narrative).not.toContain('the log goes on');
  });
});

describe('error replies no other finding explains', () => {
  const r = parseFindingsFixture('error-replies-by-command.log');
  const replies = findingsOfKind(r, 'error-reply');

  it('are one finding per code and command: 215 to an ADD and 215 to a CAL mean different things', () => {
    expect(replies.map((f) => f.title)).toEqual(['215 ERR_ALREADY_THERE ×1 (to ADD)', '215 ERR_ALREADY_THERE ×1 (to CAL)', '217 ERR_NOT_ONLINE ×2 (to CAL)']);
    expect(replies.map((f) => evidenceLines(r, f))).toEqual([[1, 2], [7, 8], [9, 10, 11, 12]]);
    const [add, cal] = replies;
    expect(add?.narrative).toContain('bob@example.invalid is already on your FL list');
    expect(cal?.narrative).toContain('already in this switchboard session');
    expect(add?.advice).not.toBe(cal?.advice);
  });

  it('say what the first reply meant in context and what to do, as the detail pane does', () => {
    const f = replies[2];
    expect(f?.narrative).toContain('answered 2 CAL commands with 217 (ERR_NOT_ONLINE) — lines 10, 12. The first (line 10): carol@example.invalid cannot be invited');
    expect(f?.advice).toBe('Wait until the contact shows as online (NLN) before calling; repeated CALs end in 713.');
  });
});

describe('verdict on a file with no MSNP', () => {
  it('says no MSNP was found rather than "No problems found"', () => {
    const r = parseLog(new TextEncoder().encode('Hi all, my Messenger will not sign in.\nAny idea?\n'), {});
    expect(r.events.length).toBe(0);
    expect(buildVerdict(r.findings, r.events)).toBe('No MSNP found: no line reads as an MSNP command');
  });
});

describe('payload length findings: the advice follows who wrote the body', () => {
  it("tells the client to count bytes when one of its own MSGs is off", () => {
    const r = parseFindingsFixture('msg-length-by-sender.log');
    const [f] = findingsOfKind(r, 'payload-length-mismatch');
    expect(f !== undefined && evidenceLines(r, f)).toEqual([5, 10]);
    expect(f?.advice).toMatch(/^A client that sends a wrong MSG length gets 282/);
  });

  it('does not blame the client for a server body the log cut short (corpus 11)', () => {
    const r = parseFindingsFixture('corpus/11-emesene510-papyon-msnp18-sso-xfr-ns.log');
    const [f] = findingsOfKind(r, 'payload-length-mismatch');
    expect(f?.advice).toMatch(/^Nothing to fix in the client: the log shows less of the body than was sent/);
  });
});

describe('unionIds', () => {
  it('is the sorted ids of both lists without repeats, whether each comes in log order (merged) or not (sorted)', () => {
    const ids = fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 60 });
    const sorted = ids.map((a) => [...a].sort((x, y) => x - y));
    fc.assert(
      fc.property(fc.oneof(ids, sorted), fc.oneof(ids, sorted), (a, b) => {
        const expected = [...new Set([...a, ...b])].sort((x, y) => x - y);
        const before = [...a];
        expect(unionIds(a, Int32Array.from(b))).toEqual(expected);
        expect(a).toEqual(before); // the diagnostic's own list is read, never changed
      }),
    );
  });
});

describe('diagnosticIds', () => {
  it('lists every event of each kind in the order of the diagnostics, a lone diagnostic\'s list shared (property)', () => {
    const kinds: DiagnosticKind[] = ['unanswered', 'orphan-reply', 'after-close'];
    const diag = fc.record({
      kind: fc.constantFrom(...kinds),
      events: fc.array(fc.integer({ min: 0, max: 500 }), { maxLength: 12 }),
    });
    fc.assert(
      fc.property(fc.array(diag, { maxLength: 30 }), (specs) => {
        const diags: Diagnostic[] = specs.map((d) => ({ kind: d.kind, severity: 'warning', message: 'm', events: d.events as EventId[] }));
        const ids = diagnosticIds(diags);
        for (const kind of kinds) {
          const ofKind = diags.filter((d) => d.kind === kind);
          const expected = ofKind.flatMap((d) => d.events);
          if (ofKind.length === 0) expect(ids.has(kind)).toBe(false);
          else expect(ids.get(kind)).toEqual(expected);
          if (ofKind.length === 1) expect(ids.get(kind)).toBe(ofKind[0]?.events);
        }
      }),
    );
  });
});

describe('a command after the connection closed names what closed it', () => {
  it('after a 540 (the server hangs up) it is the 540, not an OUT', () => {
    const r = parseFindingsFixture('twn-540-then-command.log');
    const [f] = findingsOfKind(r, 'after-close');
    expect(f?.narrative).toMatch(/^After error 540 \(line 23\), after which the server hangs up, nothing more/);
    expect(f?.narrative).not.toMatch(/After OUT/);
    expect(f?.advice).toMatch(/an error after which the server hangs up/);
  });
});

describe('a short MSG body the server answered with 282', () => {
  it('does not tell the client there is nothing to fix: the 282 points at its length', () => {
    const r = parseFindingsFixture('msg-short-body-282.log');
    const [f] = findingsOfKind(r, 'payload-length-mismatch');
    expect(f?.advice).not.toMatch(/Nothing to fix in the client/);
    expect(f?.advice).toMatch(/line 6 .*282/);
    expect(f?.severity).toBe('warning');
  });
});

describe('a command sent after the connection closed is not also unanswered', () => {
  // The verdict, the stats (the CLI's "Unanswered commands" list) and the findings count it once, the same way.
  for (const [file, line, unansweredLines] of [
    ['twn-540-then-command.log', 24, []],
    ['protocol-mix.log', 26, [19]],
  ] as const) {
    it(`${file} line ${line}`, () => {
      const r = parseFindingsFixture(file);
      const unanswered = findingsOfKind(r, 'unanswered-commands').flatMap((f) => evidenceLines(r, f));
      expect(unanswered).toEqual(unansweredLines);
      const [after] = findingsOfKind(r, 'after-close');
      expect(after !== undefined && evidenceLines(r, after)).toEqual([line]);
      expect(r.stats.unanswered).toBe(unansweredLines.length);
      expect(r.events.filter((e) => e.status === 'unanswered').map((e) => e.line)).toEqual(unansweredLines);
      expect(r.diagnostics.filter((d) => d.kind === 'unanswered').length).toBe(unansweredLines.length);
      const verdict = buildVerdict(r.findings, r.events);
      expect(verdict).toMatch(/1 command sent after the connection closed/);
      if (unansweredLines.length === 0) expect(verdict).not.toMatch(/unanswered/);
      else expect(verdict).toMatch(new RegExp(`${unansweredLines.length} unanswered command`));
    });
  }
});

describe('a server line after an error that usually closes the connection', () => {
  it('shows the connection stayed open: the CHG after it is unanswered, not sent after a close', () => {
    // 540 at line 23, the server's NLN at line 24 on the same connection, then the client's CHG at line 25.
    const r = parseFindingsFixture('twn-540-then-nln.log');
    expect(findingsOfKind(r, 'after-close')).toEqual([]);
    expect(r.diagnostics.filter((d) => d.kind === 'after-close')).toEqual([]);
    expect(findingsOfKind(r, 'unanswered-commands').flatMap((f) => evidenceLines(r, f))).toEqual([25]);
    expect(r.stats.unanswered).toBe(1);
  });

  it('the login story and the detail pane say the server kept the connection open, not that it closed it', () => {
    const r = parseFindingsFixture('twn-540-then-nln.log');
    const [login] = findingsOfKind(r, 'login-challenge-failed');
    expect(login?.narrative).toMatch(/the server answered 540 \(line 23\)/);
    expect(login?.narrative).not.toMatch(/the server closes the connection|hangs up/);
    expect(login?.narrative).toMatch(/kept the connection open: line 24 \(NLN\)/);
    const error = r.events.find((e) => e.error?.code === 540);
    const ex = error === undefined ? null : explainEvent(r, error.id);
    expect(ex?.closesConnection).toBe(false);
    expect(ex?.inContext).toMatch(/kept the connection open: line 24 \(NLN\)/);
  });

  it('without the server line after the 540 the story still says the server closes the connection', () => {
    const r = parseFindingsFixture('twn-540-then-command.log');
    const [login] = findingsOfKind(r, 'login-challenge-failed');
    expect(login?.narrative).toMatch(/the server closes the connection/);
    expect(login?.narrative).not.toMatch(/kept the connection open/);
    const error = r.events.find((e) => e.error?.code === 540);
    expect(error === undefined ? null : explainEvent(r, error.id)?.closesConnection).toBe(true);
  });
});
