/**
 * Property test: for generated MSNP sessions full of random personal values, redaction leaves none of them in
 * the output and the redacted log analyses exactly like the original (connections, pairing, codes, findings).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLog } from './parse-log';
import { redactLog, REDACT_KINDS, type RedactSelection } from './redact';
import type { ParseResult } from './types';

const EVERYTHING = Object.fromEntries(REDACT_KINDS.map((k) => [k, true])) as unknown as RedactSelection;
const EVERYTHING_BUT_FREE_TEXT: RedactSelection = { ...EVERYTHING, 'free-text': false };
const enc = new TextEncoder();

const local = fc.stringMatching(/^[a-z][a-z0-9._]{2,10}[a-z0-9]$/);
const domain = fc.constantFrom('hotmail.com', 'live.com', 'msn.com', 'example.org', 'yahoo.co.uk');
const address = fc.tuple(local, domain).map(([l, d]) => `${l}@${d}`);
const octet = fc.integer({ min: 11, max: 254 });
const ip = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
const guid = fc.uuid();
const cookie = fc.tuple(fc.integer({ min: 100000000, max: 999999999 }), fc.integer({ min: 10000, max: 99999999 }), fc.integer({ min: 10000, max: 99999999 })).map((p) => p.join('.'));
const session = fc.integer({ min: 10000000, max: 99999999 }).map(String);
const nick = fc.stringMatching(/^[A-Za-z][A-Za-z ]{3,14}[a-z]$/).map((s) => encodeURIComponent(s));
const chat = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ,.!?']{5,60}$/);

interface Values {
  readonly me: string;
  readonly buddy: string;
  readonly nsIp: string;
  readonly sbIp: string;
  readonly guid: string;
  readonly cookie: string;
  readonly session: string;
  readonly nick: string;
  readonly text: string;
}

const values: fc.Arbitrary<Values> = fc.record({ me: address, buddy: address, nsIp: ip, sbIp: ip, guid, cookie, session, nick, text: chat });

function payload(header: string, body: readonly string[]): string[] {
  const bytes = body.reduce((n, l) => n + enc.encode(l).length, 0) + 2 * (body.length - 1);
  return [`${header} ${bytes}`, ...body];
}

/** A login, a switchboard invitation and one chat message, in the bare transcript form. */
function sessionLog(v: Values): string {
  const lines = [
    '>>> VER 1 MSNP15 CVR0',
    '<<< VER 1 MSNP15',
    `>>> USR 2 SSO I ${v.me}`,
    `<<< XFR 2 NS ${v.nsIp}:1863 U D`,
    '>>> VER 3 MSNP15 CVR0',
    '<<< VER 3 MSNP15',
    `>>> USR 4 SSO I ${v.me}`,
    `<<< USR 4 OK ${v.me} 1 0`,
    `<<< RNG ${v.session} ${v.sbIp}:1863 CKI ${v.cookie} ${v.buddy} ${v.nick}`,
    `>>> ANS 1 ${v.me};{${v.guid}} ${v.cookie} ${v.session}`,
    `<<< IRO 1 1 1 ${v.buddy} ${v.nick}`,
    '<<< ANS 1 OK',
    ...payload(`<<< MSG ${v.buddy} ${v.nick}`, ['MIME-Version: 1.0', 'Content-Type: text/plain; charset=UTF-8', '', v.text]),
    '>>> CAL 2 nobody@example.net',
    '<<< 217 2',
    '>>> OUT',
  ];
  return `${lines.join('\r\n')}\r\n`;
}

function analysisOf(r: ParseResult): string[] {
  return [
    ...r.connections.map((c) => `${c.id} ${c.kind} ${c.eventCount}`),
    ...r.events.map((e) => `${e.line} ${e.connection} ${e.command} ${e.trId} ${e.error?.code ?? '-'} ${e.status} ${e.replyTo} ${e.payload?.visibility ?? ''}`),
    ...r.findings.map((f) => f.kind).sort(),
  ];
}

describe('redaction of generated sessions', () => {
  it('removes every generated value and keeps the analysis', () => {
    fc.assert(
      fc.property(values, (v) => {
        const text = sessionLog(v);
        const before = parseLog(enc.encode(text), {});
        const red = redactLog(text, before, EVERYTHING);
        const lower = red.text.toLowerCase();
        for (const secret of [v.me, v.buddy, v.nsIp, v.sbIp, v.guid, v.cookie, v.session, v.nick, v.text]) {
          expect(lower, secret).not.toContain(secret.toLowerCase());
        }
        expect(analysisOf(parseLog(enc.encode(red.text), {}))).toEqual(analysisOf(before));
      }),
      { numRuns: 150 },
    );
  });
});

// ---- short secrets ----

interface ShortValues {
  readonly session: string;
  readonly cookie: string;
  readonly sbCookie: string;
  readonly trId: number;
}

const shortValues: fc.Arbitrary<ShortValues> = fc.record({
  session: fc.integer({ min: 0, max: 9999 }).map(String),
  cookie: fc.stringMatching(/^[A-Za-z0-9]{1,4}$/),
  sbCookie: fc.integer({ min: 0, max: 9999 }).map(String),
  trId: fc.integer({ min: 1, max: 9999 }),
});

/**
 * A switchboard invitation whose session id and cookies are a few characters long and whose digits recur where
 * nothing names them (TrIds, a byte count in a note): the numbered lines are where they must go or stay.
 */
function shortSessionLog(v: ShortValues): { text: string; named: [number, string][]; unrelated: number[] } {
  const lines = [
    '>>> VER 1 MSNP9 CVR0', // 1
    '<<< VER 1 MSNP9',
    `>>> XFR ${v.trId} SB`, // 3
    `<<< XFR ${v.trId} SB 10.1.2.3:1863 CKI ${v.sbCookie}`,
    `(10:00:02) msn: New switchboard session ${v.sbCookie}`, // 5 named
    `<<< RNG ${v.session} 10.1.2.4:1863 CKI ${v.cookie} bob@example.com Bob`,
    `(10:00:03) msn: POST /gateway/gateway.dll?SessionID=${v.session}&Action=poll`, // 7 named
    `(10:00:03) msn: read ${v.session} bytes`, // 8 unrelated
    `>>> ANS ${v.session} alice@example.com ${v.cookie} ${v.session}`, // 9: TrId = session id
    `<<< IRO ${v.session} 1 1 bob@example.com Bob`,
    `<<< ANS ${v.session} OK`, // 11 unrelated
    ...payload(`<<< MSG bob@example.com Bob`, ['MIME-Version: 1.0', 'Content-Type: text/x-msmsgsinvite; charset=UTF-8', '', 'Invitation-Command: INVITE', `Session-ID: ${v.session}`]), // 17 named
    `>>> MSG ${v.session} N 2`, // 18 unrelated (the TrId)
    'hi',
    `<<< ACK ${v.session}`, // 20 unrelated
    '>>> OUT',
  ];
  return { text: `${lines.join('\r\n')}\r\n`, named: [[5, `session ${v.sbCookie}`], [7, `SessionID=${v.session}&`], [17, `Session-ID: ${v.session}`]], unrelated: [3, 8, 11, 18, 20] };
}

describe('redaction of short secrets', () => {
  it('replaces them where the protocol or a note names them, keeps the same digits elsewhere, and the analysis', () => {
    fc.assert(
      fc.property(shortValues, (v) => {
        const { text, named, unrelated } = shortSessionLog(v);
        const before = parseLog(enc.encode(text), {});
        const red = redactLog(text, before, EVERYTHING_BUT_FREE_TEXT);
        const src = text.split('\r\n');
        const out = red.text.split('\r\n');
        for (const [n, copy] of named) expect(out[n - 1], `line ${n}`).not.toContain(copy);
        for (const n of unrelated) expect(out[n - 1], `line ${n}`).toBe(src[n - 1]);
        expect(analysisOf(parseLog(enc.encode(red.text), {}))).toEqual(analysisOf(before));
      }),
      { numRuns: 200 },
    );
  });
});

// ---- bodies longer or shorter than declared ----

const misdeclared = fc.record({
  v: values,
  // How far the declared length is off the body's real length: over-long bodies (< 0) and cut ones (> 0).
  off: fc.integer({ min: -60, max: 40 }).filter((n) => n !== 0),
  control: fc.boolean(),
});

describe('redaction of bodies whose length is not the declared one', () => {
  it('frames the same lines into every body and after it, wherever the declared end falls', () => {
    fc.assert(
      fc.property(misdeclared, ({ v, off, control }) => {
        const body = control
          ? ['MIME-Version: 1.0', 'Content-Type: text/x-msmsgscontrol', `TypingUser: ${v.buddy}`, '', '']
          : ['MIME-Version: 1.0', 'Content-Type: text/plain; charset=UTF-8', '', v.text];
        const real = body.reduce((n, l) => n + enc.encode(l).length, 0) + 2 * (body.length - 1);
        const declared = Math.max(1, real + off);
        const text = `${['>>> VER 1 MSNP9 CVR0', `<<< MSG ${v.buddy} ${v.nick} ${declared}`, ...body, '<<< BYE ' + v.buddy, '>>> OUT'].join('\r\n')}\r\n`;
        const before = parseLog(enc.encode(text), {});
        const red = redactLog(text, before, EVERYTHING);
        const after = parseLog(enc.encode(red.text), {});
        expect(analysisOf(after)).toEqual(analysisOf(before));
        expect(after.diagnostics.map((d) => `${d.kind} ${d.line}`)).toEqual(before.diagnostics.map((d) => `${d.kind} ${d.line}`));
        expect(after.nonProtocol.map((n) => n.line)).toEqual(before.nonProtocol.map((n) => n.line));
      }),
      { numRuns: 300 },
    );
  });
});
