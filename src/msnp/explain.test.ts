import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { messagesFromLines } from '../test-utils/messages-from-lines';
import { buildEvents } from './build-events';
import { explainEvent, type Explanation } from './explain';
import { parseLog } from './parse-log';
import { toEventId } from './types';

/** Explain the last line of a DSL log. */
function explainLast(...lines: string[]): Explanation {
  const built = buildEvents(messagesFromLines(...lines));
  const ex = explainEvent(built, toEventId(built.events.length - 1));
  if (ex === null) throw new Error('no explanation');
  return ex;
}

describe('explainEvent', () => {
  it('returns null for an event that is not an error', () => {
    const built = buildEvents(messagesFromLines('>>> CHG 1 NLN 0', '<<< CHG 1 NLN 0'));
    expect(explainEvent(built, toEventId(1))).toBeNull();
  });

  it('201 to CHG … FLN: FLN is not a status a client can set', () => {
    const ex = explainLast('>>> CHG 19 FLN 0', '<<< 201 19');
    expect(ex).toMatchObject({ code: 201, name: 'ERR_INVALID_PARAMETER', class: '2xx', known: true, answers: 0 });
    expect(ex.inContext).toMatch(/FLN .*not a status a client may set/);
    expect(ex.advice).toMatch(/OUT/);
  });

  it('215 to CAL (already in the session) vs 215 to ADD (already on the list)', () => {
    expect(explainLast('>>> CAL 5 a@b.com', '<<< CAL 5 RINGING 1', '>>> CAL 6 a@b.com', '<<< 215 6').inContext)
      .toMatch(/already in this switchboard session/);
    expect(explainLast('>>> ADD 27 AL p@q.com p@q.com', '<<< 215 27').inContext).toMatch(/already on your AL list/);
  });

  it('215 to a CAL of your own address: no JOI will come, so the advice is not to wait for one', () => {
    const self = explainLast('>>> USR 1 Me@H.com 486979.1047702516.105', '<<< USR 1 OK Me@H.com Me', '>>> CAL 2 me@h.com', '<<< 215 2');
    expect(self.inContext).toMatch(/your own address/);
    expect(self.advice).not.toMatch(/wait for the JOI/);
    const other = explainLast('>>> USR 1 me@h.com 486979.1047702516.105', '<<< USR 1 OK me@h.com Me', '>>> CAL 2 a@b.com', '<<< CAL 2 RINGING 1', '>>> CAL 3 a@b.com', '<<< 215 3');
    expect(other.advice).toMatch(/wait for the JOI/);
  });

  it('says whether a rule wrote the in-context text or the catalog fallback did', () => {
    expect(explainLast('>>> CAL 2 me@msn.com', '<<< 217 2').fromRule).toBe(true);
    const fallback = explainLast('>>> SYN 5 0', '<<< 500 5');
    expect(fallback.fromRule).toBe(false);
    expect(fallback.inContext).toMatch(/in answer to SYN 5/);
  });

  it('217 vs 216 to CAL', () => {
    const e217 = explainLast('>>> CAL 2 me@msn.com', '<<< 217 2');
    const e216 = explainLast('>>> CAL 2 me@msn.com', '<<< 216 2');
    expect(e217.inContext).toMatch(/offline/);
    expect(e216.inContext).toMatch(/blocks you/);
    expect(e216.versionNote).toMatch(/217/);
  });

  it('205 is the missing-principal answer up to MSNP9; from MSNP10 the same is 208', () => {
    const old = explainLast('>>> VER 1 MSNP8', '<<< VER 1 MSNP8', '>>> ADD 21 AL x@p.com x@p.com', '<<< 205 21');
    expect(old.inContext).toMatch(/MSNP2–9 answer/);
    expect(old.inContext).toMatch(/MSNP8/);
    const modern = explainLast('>>> VER 1 MSNP10', '<<< VER 1 MSNP10', '>>> ADC 453 FL N=x@h.com F=x@h.com', '<<< 208 453');
    expect(modern.inContext).toMatch(/from MSNP10 \(here MSNP10\).*205/);
    expect(explainLast('>>> CAL 2 @@a', '<<< 208 2').inContext).toMatch(/handle in CAL 2 @@a is not a valid/);
  });

  it('205 and 208 read the command they answer: only ADD/ADC is "the account to add"', () => {
    const v15 = ['>>> VER 1 MSNP15', '<<< VER 1 MSNP15'];
    const usr = explainLast(...v15, '>>> USR 3 SSO I a@@example.com', '<<< 208 3');
    expect(usr.inContext).toMatch(/sign-in name/);
    expect(usr.inContext).not.toMatch(/to add|205/);
    expect(usr.advice).toMatch(/sign-in name/);
    const rem = explainLast(...v15, '>>> REM 4 FL 9a3b7c1e-52d4-4f5a-8e06-0d7d1c6f2b11', '<<< 205 4');
    expect(rem.inContext).toMatch(/REM/);
    expect(rem.inContext).not.toMatch(/to add|208/);
    const add = explainLast('>>> VER 1 MSNP8', '<<< VER 1 MSNP8', '>>> ADD 21 AL x@p.com x@p.com', '<<< 205 21');
    expect(add.inContext).toMatch(/account to add does not exist/);
    const adc = explainLast('>>> VER 1 MSNP10', '<<< VER 1 MSNP10', '>>> ADC 453 FL N=x@h.com F=x@h.com', '<<< 208 453');
    expect(adc.inContext).toMatch(/account to add does not exist/);
  });

  it('911 during login (ticket or password) vs 911 on a switchboard (cookie)', () => {
    expect(explainLast('>>> USR 4 TWN S t=some_invalid_value', '<<< 911 4').inContext).toMatch(/Passport ticket as invalid or stale/);
    expect(explainLast('>>> USR 3 TWN I passport.com', '<<< 911 3').inContext).toMatch(/account name is malformed/);
    expect(explainLast('>>> USR 1 me@h.com 486979.1047702516.105', '<<< 911 1').inContext).toMatch(/cookie/);
    expect(explainLast('>>> ANS 1 me@h.com 849102291.520491932 11752098', '<<< 911 1').inContext).toMatch(/cookie/);
  });

  it('540 is followed by the server closing the connection', () => {
    const ex = explainLast('<<< CHL 0 15570131571988941333', '>>> QRY 10 msmsgs@msnmsgr.com 32', '<<< 540 10');
    expect(ex.closesConnection).toBe(true);
    expect(ex.inContext).toMatch(/hangs up after 540, and nothing more from it follows/);
  });

  it('540 or 731 the server answered past: the connection stayed open, and the text names the line that shows it', () => {
    const built = buildEvents(messagesFromLines(
      '>>> VER 1 MSNP9 CVR0', '<<< VER 1 MSNP9', '>>> CVR 2 foo', '<<< 731 2', '>>> SYN 3 0', '<<< SYN 3 0 0',
      '<<< CHL 0 15570131571988941333', '>>> QRY 10 msmsgs@msnmsgr.com 32', '<<< 540 10', '<<< NLN NLN bob@example.invalid Bob 0',
    ));
    const e731 = explainEvent(built, toEventId(3));
    expect(e731?.closesConnection).toBe(false);
    expect(e731?.inContext).not.toMatch(/The server closes the connection after it/);
    expect(e731?.inContext).toMatch(/kept the connection open: line 6 \(SYN\)/);
    const e540 = explainEvent(built, toEventId(8));
    expect(e540?.closesConnection).toBe(false);
    expect(e540?.inContext).toMatch(/kept the connection open: line 10 \(NLN\)/);
  });

  it('282 points at a wrong MSG length, quoting the bytes the log shows', () => {
    const ex = explainLast('>>> MSG 7 D 12', '... 0123456789', '<<< 282 7');
    expect(ex.inContext).toMatch(/shows 10 of the 12 bytes the length token of MSG 7 D 12 declares/);
  });

  it('282 with a body that matches its declared length points at the P2P content, not at the length', () => {
    const ex = explainLast('>>> MSG 5 D 10', '... 0123456789', '<<< 282 5');
    expect(ex.inContext).not.toMatch(/does not match/);
    expect(ex.inContext).toMatch(/matches/);
    expect(ex.inContext).toMatch(/MSNSLP/);
    expect(ex.advice).toMatch(/MSNSLP/);
  });

  it('226 answering RMG is read as "group not empty", like 227', () => {
    const e226 = explainLast('>>> RMG 28 15', '<<< 226 28');
    const e227 = explainLast('>>> RMG 28 15', '<<< 227 28');
    expect(e226.inContext).toMatch(/Group 15 still has contacts.*226/);
    expect(e227.inContext).toMatch(/Group 15 still has contacts/);
    expect(e227.inContext).not.toMatch(/226/);
  });

  it('explains an unknown code and an error whose command is missing', () => {
    const unknown = explainLast('>>> CHG 2 NLN 0', '<<< 299 2');
    expect(unknown).toMatchObject({ known: false, name: 'unknown error', class: '2xx' });
    expect(unknown.inContext).toMatch(/not in the catalog/);
    expect(explainLast('<<< 217 9').inContext).toMatch(/TrId 9 is not in the log/);
  });

  it('explains the same from a plain events array (no store behind it) as from the columns', () => {
    const built = buildEvents(messagesFromLines(
      '>>> VER 1 MSNP8', '<<< VER 1 MSNP8', '>>> CAL 2 a@b.com', '<<< 217 2', '>>> CAL 3 a@b.com', '<<< 713 3',
      '>>> CAL 4', '<<< 215 4', '>>> MSG 7 D 12', '... 0123456789', '<<< 282 7', '>>> ADD 21 AL x@p.com x@p.com',
      '<<< 205 21', '<<< 299 9', '<<< CHL 0 15570131571988941333', '>>> QRY 10 msmsgs@msnmsgr.com 32', '<<< 540 10',
      '>>> REA 11 me@x.com  two%20spaces ', '<<< 800 11', '>>> CHG 12', '<<< 800 12',
    ));
    const plain = { events: [...built.events], connections: built.connections };
    const ids = built.events.filter((e) => e.error !== null).map((e) => e.id);
    expect(ids).toHaveLength(9);
    for (const id of ids) expect(explainEvent(plain, id)).toEqual(explainEvent(built, id));
    expect(explainEvent(plain, toEventId(0))).toBeNull();
    expect(explainEvent(built, toEventId(built.events.length))).toBeNull();
  });

  /** Advice that must not be the class default where the code means something else (audit A.5, B.19). */
  const ADVICE = [
    { lines: ['>>> USR 4 TWN S t=abc', '<<< 910 4'], says: /retry later/i, not: /credentials/ },
    { lines: ['>>> USR 4 TWN S t=abc', '<<< 921 4'], says: /retry later/i, not: /credentials/ },
    ...[912, 914, 915, 916, 918, 919, 922].map((code) => ({ lines: ['>>> USR 4 TWN S t=abc', `<<< ${code} 4`], says: /retry later/i, not: /credentials/ })),
    { lines: ['>>> CVR 2 0x0409 winnt 5.1 i386 MYCLIENT 1.0 MSMSGS a@b.com', '<<< 420 2'], says: /client name and version .*CVR/, not: /contact-list/ },
    { lines: ['>>> VER 1 MSNP11', '<<< VER 1 MSNP11', '>>> REA 8 me@b.com Me', '<<< 502 8'], says: /PRP MFN/, not: /retry later/i },
    { lines: ['>>> FND 3 fname=Bill', '<<< 502 3'], says: /never helps/, not: /retry later/i },
    { lines: ['>>> USR 3 TWN I a@b.com', '<<< 511 3'], says: /banned/, not: /retry later/i },
    { lines: ['<<< 217 9'], says: /online|offline/, not: /Fix the command/ },
    { lines: ['>>> GTC 16 A', '<<< 218 16'], says: /Nothing to fix/, not: /Fix the command/ },
    { lines: ['>>> BLP 18 BL', '<<< 218 18'], says: /Nothing to fix/, not: /Fix the command/ },
    { lines: ['>>> CHG 3 NLN', '<<< 300 3'], says: /parameter/, not: /login/ },
    { lines: ['>>> CHG 3 NLN', '<<< 302 3'], says: /sign-in|login/, not: /parameter/ },
    { lines: ['>>> XFR 5 SB', '<<< 280 5'], says: /switchboard/, not: /Fix the command/ },
    { lines: ['>>> ADD 9 FL a@b.com a@b.com', '<<< 210 9'], says: /Remove/, not: /Fix the command/ },
    { lines: ['>>> CVR 2 0x0000 winnt 5.1 i386 MSNMSGR 6.0 MSMSGS a@b.com', '<<< 710 2'], says: /CVR/, not: /order/ },
    { lines: ['>>> USR 4 TWN S t=abc', '<<< 923 4'], says: /&amp;|decoded/, not: /credentials/ },
    { lines: ['>>> USR 3 TWN I a@b.com', '<<< 931 3'], says: /dispatch server/, not: /credentials/ },
    // Audit s13: group and ADL codes get advice that names what to change, not the class default.
    { lines: ['>>> ADD 25 FL a@b.com a@b.com 15', '<<< 224 25'], says: /group id/, not: /Fix the command/ },
    { lines: ['>>> REM 27 FL a@b.com 3', '<<< 225 27'], says: /not in that group/, not: /Fix the command/ },
    { lines: ['>>> REG 25 1 New%20Name 0', '<<< 228 25'], says: /another name/, not: /Fix the command/ },
    { lines: ['>>> ADG 50 long%20name 0', '<<< 229 50'], says: /61 bytes/, not: /Fix the command/ },
    { lines: ['>>> RMG 28 0', '<<< 230 28'], says: /group 0/, not: /Fix the command/ },
    { lines: ['>>> ADL 8 10', '<<< 240 8'], says: /empty domain/, not: /Fix the command/ },
    { lines: ['>>> ADL 9 10', '<<< 241 9'], says: /list bits/, not: /Fix the command/ },
  ];

  it.each(ADVICE.map((a) => ({ ...a, name: a.lines.join(' / ') })))('advice fits the code: $name', ({ lines, says, not }) => {
    const ex = explainLast(...lines);
    expect(ex.advice).toMatch(says);
    expect(ex.advice).not.toMatch(not);
  });

  it('counts the CALs before a 713', () => {
    const lines: string[] = [];
    for (let k = 0; k < 6; k++) lines.push('>>> CAL 5 b@p.com', k < 5 ? '<<< 216 5' : '<<< 713 5');
    expect(explainLast(...lines).inContext).toMatch(/CAL number 6 to b@p.com/);
  });

  it('counts only the CALs to the same principal, on every 713 of the log', () => {
    const lines: string[] = [];
    // a, b, a, b, a answered 217, then a refused, then b refused: each count takes only its own principal's CALs.
    for (let k = 0; k < 5; k++) lines.push(`>>> CAL ${k + 1} ${k % 2 === 0 ? 'a' : 'b'}@p.com`, `<<< 217 ${k + 1}`);
    lines.push('>>> CAL 6 a@p.com', '<<< 713 6', '>>> CAL 7 b@p.com', '<<< 713 7');
    const built = buildEvents(messagesFromLines(...lines));
    const texts = built.events.filter((e) => e.error?.code === 713).map((e) => explainEvent(built, e.id)?.inContext ?? '');
    expect(texts).toHaveLength(2);
    expect(texts[0]).toMatch(/CAL number 4 to a@p.com/);
    expect(texts[1]).toMatch(/CAL number 3 to b@p.com/);
  });

  // Audit s13: explanations that claimed more than the log shows, or did not fit the command or version.
  it('911 to the credentials names what that package checks: the MD5 hash, the TWN ticket, the SSO ticket/response', () => {
    const md5 = explainLast('>>> VER 1 MSNP7', '<<< VER 1 MSNP7', '>>> USR 4 MD5 S 23a2ac4b7d9aeb2b1d3d32de1cd4a7c0', '<<< 911 4');
    expect(md5.inContext).toMatch(/MD5 .*password is wrong/);
    expect(md5.inContext).not.toMatch(/ticket/);
    const twn = explainLast('>>> VER 1 MSNP8', '<<< VER 1 MSNP8', '>>> USR 4 TWN S t=some_invalid_value', '<<< 911 4');
    expect(twn.inContext).toMatch(/never sees the password/);
    expect(twn.inContext).not.toMatch(/challenge/);
    const sso = explainLast('>>> VER 1 MSNP15', '<<< VER 1 MSNP15', '>>> USR 6 SSO S t=abc&p= HAAA', '<<< 911 6');
    expect(sso.inContext).toMatch(/nonce/);
  });

  it('911 to a command that is neither a sign-in nor a switchboard join says the error list does not cover it', () => {
    const ex = explainLast('>>> VER 1 MSNP15', '<<< VER 1 MSNP15', '>>> XFR 2 SB', '<<< 911 2');
    expect(ex.inContext).toMatch(/answers a sign-in .* here it answers XFR 2 SB/);
    expect(ex.advice).toMatch(/USR … OK/);
  });

  it('540 paired with a command other than QRY is not called a wrong challenge answer', () => {
    const ex = explainLast('>>> VER 1 MSNP11', '<<< VER 1 MSNP11', '>>> CHG 11 NLN 0', '<<< 540 11');
    expect(ex.inContext).not.toMatch(/CHG 11 NLN 0 was the answer/);
    expect(ex.inContext).toMatch(/QRY that drew it is not in the log/);
  });

  it('540 advice names the challenge algorithm of the negotiated version', () => {
    const old = explainLast('>>> VER 1 MSNP8', '<<< VER 1 MSNP8', '<<< CHL 0 1557', '>>> QRY 10 msmsgs@msnmsgr.com 32', '<<< 540 10');
    expect(old.advice).toMatch(/on MSNP8 it is the MD5 of the challenge followed by the product key/);
    const modern = explainLast('>>> VER 1 MSNP15', '<<< VER 1 MSNP15', '<<< CHL 0 1557', '>>> QRY 10 PROD0114ES4Z%Q5W 32', '<<< 540 10');
    expect(modern.advice).toMatch(/on MSNP15 it is the algorithm introduced in MSNP11/);
  });

  it('713 to the first CAL to a contact does not read as "CAL number 1"', () => {
    const ex = explainLast('>>> CAL 2 bob@p.com', '<<< CAL 2 RINGING 1', '>>> CAL 5 carol@p.com', '<<< 713 5');
    expect(ex.inContext).not.toMatch(/CAL number 1/);
    expect(ex.inContext).toMatch(/no earlier CAL to carol@p.com/);
  });

  it('713 to a command other than CAL does not give advice about calling contacts', () => {
    const ex = explainLast('>>> VER 1 MSNP8', '<<< VER 1 MSNP8', '>>> XFR 5 SB', '<<< 713 5');
    expect(ex.inContext).toMatch(/documented as the answer to repeated CALs; here it answers XFR 5 SB/);
    expect(ex.advice).not.toMatch(/contacts shown online/);
  });

  it('800 to a REA of another contact is not "renaming yourself" (the seed: renaming others is not limited)', () => {
    const signIn = ['>>> VER 1 MSNP8', '<<< VER 1 MSNP8', '>>> USR 3 TWN I me@x.com', '<<< USR 3 TWN S lc=1033'];
    const other = explainLast(...signIn, '>>> REA 8 other@x.com Name', '<<< 800 8');
    expect(other.inContext).not.toMatch(/renaming yourself/);
    expect(other.inContext).toMatch(/renames other@x.com, not the signed-in account \(me@x.com\)/);
    const self = explainLast(...signIn, '>>> REA 8 Me@X.com Name', '<<< 800 8');
    expect(self.inContext).toMatch(/renaming yourself/);
  });

  it('800 advice claims refused attempts count only for switchboard requests (the seed says so only there)', () => {
    expect(explainLast('>>> CHG 12 NLN 0', '<<< 800 12').advice).not.toMatch(/counts/);
    expect(explainLast('>>> XFR 126 SB', '<<< 800 126').advice).toMatch(/refused request still counts/);
  });

  it('913 reads the status the log shows: HDN set, or no CHG yet after the sign-in', () => {
    const hidden = explainLast('>>> VER 1 MSNP8', '<<< VER 1 MSNP8', '>>> CHG 6 HDN 0', '<<< CHG 6 HDN 0', '>>> XFR 7 SB', '<<< 913 7');
    expect(hidden.inContext).toMatch(/last status the client set was HDN \(line 3\)/);
    const noStatus = explainLast('>>> USR 3 TWN I a@b.com', '<<< USR 3 TWN S lc=1033', '>>> XFR 7 SB', '<<< 913 7');
    expect(noStatus.inContext).toMatch(/sign-in \(line 1\) but no CHG/);
  });

  it('928 blames un-decoded entities only from MSNP13; before that, login-server redirects', () => {
    const old = explainLast('>>> VER 1 MSNP8', '<<< VER 1 MSNP8', '>>> USR 6 TWN S invalid_ticket', '<<< 928 6');
    expect(old.inContext).toMatch(/redirects/);
    expect(old.advice).not.toMatch(/&amp;/);
    const modern = explainLast('>>> VER 1 MSNP15', '<<< VER 1 MSNP15', '>>> USR 6 SSO S t=a&amp;p=b', '<<< 928 6');
    expect(modern.advice).toMatch(/&amp;/);
  });

  it('215 to ADC names the contact without its N= prefix and the command it answers', () => {
    const ex = explainLast('>>> VER 1 MSNP10', '<<< VER 1 MSNP10', '>>> ADC 30 FL N=x@y.com F=x', '<<< 215 30');
    expect(ex.inContext).toMatch(/^x@y.com is already on your FL list/);
    expect(ex.advice).toMatch(/repeating the ADC/);
  });

  it('282 with fewer body bytes shown than declared does not rule out a cut log', () => {
    const ex = explainLast('>>> MSG 4 A 10', '... abc', '<<< 282 4');
    expect(ex.inContext).toMatch(/or the log cut the body/);
  });

  it('a code after which servers only sometimes hang up: the log ending is not reported as a hang-up', () => {
    const ex = explainLast('>>> VER 1 MSNP8', '<<< VER 1 MSNP8', '>>> USR 15 TWN I x@y.com', '<<< 601 15');
    expect(ex.inContext).not.toMatch(/The server closes the connection/);
    expect(ex.inContext).toMatch(/The log ends here, so it does not show whether the server hung up/);
    expect(ex.closesConnection).toBe(false);
  });

  it('a code after which servers sometimes hang up, then silence on its connection while the log goes on: a hang-up', () => {
    const built = buildEvents(messagesFromLines(
      '>>> VER 1 MSNP8', '<<< VER 1 MSNP8', '>>> USR 3 TWN I x@y.com', '<<< XFR 3 NS 192.0.2.1:1863 0 192.0.2.2:1863',
      '>>> VER 4 MSNP8', '<<< VER 4 MSNP8', '>>> USR 5 TWN I x@y.com', '<<< 601 5',
      '>>> VER 1 MSNP8', '<<< VER 1 MSNP8',
    ));
    const id = built.events.findIndex((e) => e.error?.code === 601);
    const ex = explainEvent(built, toEventId(id));
    expect(ex?.inContext).toMatch(/though the log goes on: it hung up/);
    expect(ex?.closesConnection).toBe(true);
  });

  // A file holding two logs: the first one's last line is where that log ends, the second log is no more of it.
  it('an error on the last line of the first of two logs in a file: its log ends there, not a hang-up', () => {
    const result = parseLog(new Uint8Array(readFileSync('fixtures/msnp/findings/error-end-of-first-log.log')), {});
    const error = result.events.find((e) => e.line === 12);
    expect(error?.error?.code).toBe(500);
    expect(result.events.length).toBeGreaterThan((error?.id ?? 0) + 1); // the second log's events follow it
    const ex = error === undefined ? null : explainEvent(result, error.id);
    expect(ex?.inContext).toMatch(/The log ends here, so it does not show whether the server hung up/);
    expect(ex?.inContext).not.toMatch(/the log goes on/);
    expect(ex?.closesConnection).toBe(false);
  });
});
