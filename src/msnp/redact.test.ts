/**
 * Redaction must (1) keep the analysis identical — connections, pairing, error codes and finding kinds — for
 * every fixture, bundled sample and shared real log, and (2) leave no trace of any address, ticket, cookie,
 * IP or GUID. The originals for (2) are found by this test's own patterns, independent of the redactor.
 */
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from './decode';
import { parseLog } from './parse-log';
import { DEFAULT_REDACT_SELECTION, REDACT_KINDS, redactLog, type RedactKind, type RedactSelection } from './redact';
import { describeManifest } from './redact/describe';
import type { ParseResult } from './types';

const ROOT = resolve(__dirname, '../..');
const REAL = resolve(ROOT, '../shared/corpus/real');

function logsUnder(dir: string, ext: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? logsUnder(p, ext) : ext.test(name) ? [p] : [];
  });
}

const FIXTURES = logsUnder(join(ROOT, 'fixtures/msnp'), /\.log$/);
const SAMPLES = logsUnder(join(ROOT, 'public/samples'), /\.(log|txt)$/);
const REAL_LOGS = logsUnder(REAL, /\.log$/);
const ALL = [...FIXTURES, ...SAMPLES, ...REAL_LOGS];
const EVERYTHING: RedactSelection = Object.fromEntries(REDACT_KINDS.map((k) => [k, true])) as Record<(typeof REDACT_KINDS)[number], boolean>;
const OWN_FIXTURE = join(ROOT, 'fixtures/msnp/transcript/redact-everything.log');

const enc = new TextEncoder();
const parseText = (text: string, fileName: string): ParseResult => parseLog(enc.encode(text), { fileName });
/** The text the app redacts: the file decoded as the parser decodes it (BOM, UTF-16). */
const readText = (path: string): string => decodeBytes(new Uint8Array(readFileSync(path))).text;

/** What "the same analysis" means: everything but the redacted strings themselves. */
function analysisOf(r: ParseResult) {
  return {
    dialect: r.detection.dialect,
    connections: r.connections.map((c) => `${c.id} ${c.kind} ${c.protocol} ${c.firstEvent}-${c.lastEvent} ${c.eventCount} ${c.inferredFrom}`),
    events: r.events.map((e) => `${e.id} L${e.line}-${e.endLine} ${e.connection} ${e.direction} ${e.command} ${e.trId} ${e.error?.code ?? '-'} ${e.status} →${e.replyTo} [${e.replies.join(',')}] ${e.payload?.visibility ?? ''}`),
    errorCodes: r.events.flatMap((e) => (e.error ? [e.error.code] : [])),
    diagnostics: r.diagnostics.map((d) => `${d.kind} ${d.events.join(',')}`),
    findings: r.findings.map((f) => f.kind).sort(),
    nonProtocol: r.nonProtocol.length,
  };
}

describe('redactLog keeps the analysis unchanged', () => {
  it('has logs to check (fixtures and the shared real corpus)', () => {
    expect(FIXTURES).toContain(OWN_FIXTURE);
    expect(REAL_LOGS.length).toBeGreaterThanOrEqual(8);
  });
  for (const path of ALL) {
    for (const [label, selection] of [['default kinds', DEFAULT_REDACT_SELECTION], ['every kind', EVERYTHING]] as const) {
      it(`${path.slice(ROOT.length - 4)} (${label})`, () => {
        const text = readText(path);
        const before = parseLog(new Uint8Array(readFileSync(path)), { fileName: 'x.log' });
        const red = redactLog(text, before, selection);
        const after = parseText(red.text, 'x.log');
        expect(analysisOf(after)).toEqual(analysisOf(before));
        expect(red.text.split(/\r\n|\n|\r/).length).toBe(text.split(/\r\n|\n|\r/).length);
      });
    }
  }
});

// ---- no trace ----

// What a person could be found by, found by this test's own patterns (independent of the redactor), each with the
// kind whose checkbox covers it. A capture group is the value; without one the whole match is.
const PATTERNS: readonly (readonly [RedactKind, RegExp])[] = [
  ['address', /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g],
  ['ip', /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?!\d|\.\d)/g],
  ['guid', /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi],
  ['ticket', /(?<![\w])t=([^\s&]+)&(?:amp;)?p=([^\s&]*)/g], // `t=…&p=…`, also un-decoded `&amp;p=`
  ['ticket', /(?:TWN|SSO|MD5|CTP) S (?:MBI_KEY\w* )?(?:t=)?([^\s&'"]+)/g], // nonce, salt, hash, ticket, password
  ['ticket', /\bSSO S t=\S+ ([^\s{]+)/g], // the SSO response after the ticket
  ['cookie', /CKI (\S+)/g],
  ['cookie', /\bRNG (\S+)/g],
  ['cookie', /RINGING (\S+)/g],
  ['cookie', /\bANS \d+ \S+ (\S+) (\S+)/g],
  ['cookie', /\bUSR \d+ [^\s@]+@\S+ (\S+)\s*$/g], // switchboard USR: the cookie
  ['challenge', /\bCHL (?:0 )?(\S{6,})/g],
  ['nickname', /\b(?:IRO \d+ \d+ \d+|JOI|ILN \d+ \w+|NLN \w+|MSG|LST) \S+@\S+ (?:\d{1,2} )?([^\s\d]\S*)/g],
  ['nickname', /\bUSR \d+ OK \S+ ([^\s\d]\S*)/g],
  ['nickname', /\bF=(\S+)/g],
  ['nickname', /\b(?:MFN|PHH|PHW|PHM) (\S+)/g],
  ['nickname', /<(?:PSM|CurrentMedia|FriendlyName|DisplayName|EpName)>([^<]+)</g],
];
/** Protocol constants and documentation placeholders, not people: the QRY product id, `t=… . . .`, `Hotmail`. */
const NOT_PERSONAL = /^(?:msmsgs@msnmsgr\.com|[.…]+|null|Hotmail|<.*)$/;

interface Original {
  readonly kind: RedactKind;
  readonly value: string;
}

function originals(text: string): Original[] {
  const found = new Map<string, Original>();
  for (const line of text.split(/\r\n|\n|\r/)) {
    for (const [kind, re] of PATTERNS) {
      for (const m of line.matchAll(re)) {
        for (const raw of m.length > 1 ? m.slice(1) : [m[0]]) {
          const value = (raw ?? '').replace(/\\r\\n$/, '').replace(/^\{|\}$/g, '');
          if (value === '' || NOT_PERSONAL.test(value)) continue;
          if (kind === 'ip' && !value.split('.').every((o) => Number(o) <= 255)) continue;
          found.set(`${kind} ${value}`, { kind, value });
        }
      }
    }
  }
  return [...found.values()];
}

/** Below this length a value (`123`) may honestly recur as a TrId or a count: looked for where the patterns found it. */
const SHORT = 5;

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Originals of the selected kinds still in the redacted text: long ones anywhere as a whole value (`ticket` stays
 * a word, `ticket#1` is a pseudonym), short ones and nicknames where the patterns find them again (`Alice` may be
 * chat text or part of an address, whose kinds are their own). A value that is also of a kind left unselected (a
 * nickname that is an address) may stay.
 */
function leftIn(redacted: string, found: readonly Original[], selection: RedactSelection): string[] {
  const kept = new Set(found.filter((o) => !selection[o.kind]).map((o) => o.value.toLowerCase()));
  const again = new Set(originals(redacted).map((o) => `${o.kind} ${o.value}`));
  return found
    .filter((o) => selection[o.kind] && !kept.has(o.value.toLowerCase()))
    .filter((o) =>
      o.value.length >= SHORT && o.kind !== 'nickname'
        ? new RegExp(`(?<![A-Za-z0-9])${escapeRe(o.value)}(?![A-Za-z0-9]|#\\d)`, 'i').test(redacted)
        : again.has(`${o.kind} ${o.value}`),
    )
    .map((o) => `${o.kind} ${o.value}`);
}

const NONE = Object.fromEntries(REDACT_KINDS.map((k) => [k, false])) as Record<RedactKind, boolean>;
/** Every choice the share dialog offers one click away: the default, everything, each kind alone, all but each. */
const SELECTIONS: readonly (readonly [string, RedactSelection])[] = [
  ['default kinds', DEFAULT_REDACT_SELECTION],
  ['every kind', EVERYTHING],
  ...REDACT_KINDS.map((k) => [`only ${k}`, { ...NONE, [k]: true }] as const),
  ...REDACT_KINDS.map((k) => [`all but ${k}`, { ...EVERYTHING, [k]: false }] as const),
];

describe('redactLog leaves no trace', () => {
  for (const path of ALL) {
    it(`${path.slice(ROOT.length - 4)} (every selection)`, () => {
      const text = readText(path);
      const parsed = parseText(text, 'x.log');
      const found = originals(text);
      for (const [label, selection] of SELECTIONS) {
        expect(leftIn(redactLog(text, parsed, selection).text, found, selection), label).toEqual([]);
      }
    });
  }

  it('replaces every kind in the hand-written fixture, each value by one stable pseudonym', () => {
    const text = readText(OWN_FIXTURE);
    const red = redactLog(text, parseText(text, 'x.log'), EVERYTHING);
    for (const secret of [
      'alice.smith@hotmail.com', '84.193.22.17', '8CLhG/xfgYZ7TyRQ', 'EwCoARAnAAAUVwo8', 'HAAAAAEAAAADZgAAB', '29409134351025259292',
      '5d4a9f8e2b1c0a3f6e7d8c9b0a1f2e3d', '1743019223.33721.958223', '849102291.520491113', '11752013', '11752099',
      '7c0b0b2a-4d5e', '3f2504e0', 'Bobby%20J', 'Carol%20%3C3', 'Alice%20in%20Wonderland', 'at the dentist', 'tax return',
      '555 0142', 'Café Noir', 'Bring the photos',
    ]) {
      expect(red.text, secret).not.toContain(secret);
    }
    const lines = red.text.split('\r\n');
    // The same address gets the same pseudonym everywhere: the CVR, both USR I lines and the SB USR.
    const alice = /user\d+@example\.invalid/.exec(lines[2] ?? '')?.[0];
    expect(alice).toBeDefined();
    expect(lines.filter((l) => alice !== undefined && l.includes(alice)).length).toBeGreaterThanOrEqual(5);
    // The cookie the XFR granted is the one the switchboard USR presents.
    const cookie = /CKI (\S+)/.exec(lines.find((l) => l.includes('XFR 11 SB ')) ?? '')?.[1] ?? 'none';
    expect(lines.some((l) => l.startsWith('>>> USR 1 ') && l.endsWith(` ${cookie}`))).toBe(true);
    expect(red.manifest.counts.message).toBe(2);
    expect(red.manifest.lengthsRewritten.length).toBeGreaterThanOrEqual(4);
  });

  it('redacts a clear-text password (MSNP2 CTP), short as it is', () => {
    // The MD5 flow of msnp-protocol.md §4 with CTP's clear text in place of the salted hash: a password like
    // `hunter2` has no ticket shape, so only its position says it is one.
    const text = readText(join(ROOT, 'fixtures/msnp/transcript/msnp2-ctp-clear-text.log'));
    expect(text).toContain('CTP S hunter2');
    const red = redactLog(text, parseText(text, 'x.log'));
    expect(red.text).not.toContain('hunter2');
    expect(red.text).toMatch(/>>> USR 4 CTP S \S+\r\n/);
    expect(red.manifest.counts.ticket).toBeGreaterThanOrEqual(1);
  });

  it('follows a ticket the log wrapped onto the next line (papyon, MSNP18 SSO)', () => {
    const path = join(REAL, '11-emesene510-papyon-msnp18-sso-xfr-ns.log');
    const text = readText(path);
    expect(text).toContain('S1il8DaTHIhtGhzUaCQ9');
    const red = redactLog(text, parseText(text, 'x.log'));
    expect(red.text).not.toContain('HAAAAAEAAAADZgAABIAAAAgAAAAUAAAASAAAAMFvM624iHYv5l5');
    expect(red.text).not.toContain('S1il8DaTHIhtGhzUaCQ9');
    expect(red.manifest.unlocated).toBe(0);
  });

  it('follows a GUID the log hard-wrapped across lines (Miranda netlog)', () => {
    const text = readText(join(REAL, '14-mirandang890-netlog-msnp24-cnt-wrapped.log'));
    expect(text).toContain('c2f65\n25372a7');
    const red = redactLog(text, parseText(text, 'x.log'));
    const rejoined = red.text.replace(/\r?\n/g, '');
    expect(rejoined).not.toContain('e559d11e-c55f-3b21-523b-c2f6525372a7');
    expect(rejoined).toMatch(/<nonce>00000000-0000-0000-0000-0000000000\d\d<\/nonce>/);
  });

  it('leaves unchecked kinds exactly as written, and the manifest says so', () => {
    const text = readText(OWN_FIXTURE);
    const red = redactLog(text, parseText(text, 'x.log'), { ...DEFAULT_REDACT_SELECTION, ip: false, message: false });
    expect(red.text).toContain('84.193.22.17');
    expect(red.text).toContain('Bring the photos.');
    expect(red.text).not.toContain('alice.smith@hotmail.com');
    expect(red.manifest.counts.ip).toBe(0);
    const summary = describeManifest(red.manifest);
    expect(summary).toMatch(/Not redacted: .*ip addresses/i);
    expect(summary).toMatch(/message bodies/i);
  });

  it('reports each changed line with its before and after text', () => {
    const text = readText(OWN_FIXTURE);
    const red = redactLog(text, parseText(text, 'x.log'));
    const src = text.split('\r\n');
    for (const c of red.changes) {
      expect(c.before).toBe(src[c.line - 1]);
      expect(c.after).not.toBe(c.before);
      expect(c.kinds.length).toBeGreaterThan(0);
    }
    expect(red.manifest.linesChanged).toBe(red.changes.length);
  });

  it('is deterministic', () => {
    const text = readText(OWN_FIXTURE);
    const r = parseText(text, 'x.log');
    expect(redactLog(text, r).text).toBe(redactLog(text, r).text);
  });
});

describe('short secrets', () => {
  // The MD5 sign-in of msnp-protocol.md §4 and a switchboard invitation (§6), with every secret three or four
  // characters long: a salt, a hash, a challenge, two cookies and a session id `123` that also appears as a
  // TrId, a payload's digits and prose.
  const SHORT = join(ROOT, 'fixtures/msnp/transcript/redact-short-secrets.log');
  const redactLines = (selection: RedactSelection = DEFAULT_REDACT_SELECTION): { src: string[]; out: string[] } => {
    const text = readText(SHORT);
    return { src: text.split('\r\n'), out: redactLog(text, parseText(text, 'x.log'), selection).text.split('\r\n') };
  };
  const tokens = (line: string | undefined): string[] => (line ?? '').split(/[\s'=&?]+/);

  it('replaces a short salt, hash and challenge on the command line', () => {
    const { out } = redactLines();
    expect(tokens(out[3])).not.toContain('4Kq'); // <<< USR 2 MD5 S 4Kq
    expect(tokens(out[5])).not.toContain('9f1'); // >>> USR 3 MD5 S 9f1
    expect(tokens(out[7])).not.toContain('73a'); // <<< CHL 0 73a
    expect(out[3]).toMatch(/^<<< USR 2 MD5 S \S+$/);
  });

  it('replaces copies of short secrets where a name says what they are: notes, URLs, MIME headers', () => {
    const { out } = redactLines();
    expect(out[4]).not.toContain("'4Kq'"); // msn: … nonce '4Kq'
    expect(tokens(out[8])).not.toContain('73a'); // msn: challenge 73a answered
    expect(tokens(out[14])).not.toContain('3141'); // New switchboard session 3141
    expect(out[16]).not.toContain('SessionID=123&'); // gateway URL
    expect(out[28]).not.toBe('Session-ID: 123'); // invitation header
    expect(out[28]).toMatch(/^Session-ID: \S+$/);
    // The same pseudonym as on the command line (RNG's session id).
    expect(out[28]?.slice('Session-ID: '.length)).toBe(/^<<< RNG (\S+)/.exec(out[15] ?? '')?.[1]);
  });

  it('leaves the same digits alone where nothing names them a secret: a TrId, prose, chat text', () => {
    const { src, out } = redactLines({ ...DEFAULT_REDACT_SELECTION, message: false });
    for (const i of [17, 27, 30, 33, 34, 35]) expect(out[i], `line ${i + 1}`).toBe(src[i]);
    // read 123 bytes, 77 left | Invitation-Cookie: 4711 | >>> MSG 123 N 97 | I live at 123 Main Street, flat 77. | <<< ACK 123
    expect(out[30]).toBe('>>> MSG 123 N 97');
  });
});

describe('tickets in every form the logs write them', () => {
  // `t=…&p=…`, without `&p=` (a cut or a documentation placeholder), with `&amp;p=` (un-decoded, the 928 case),
  // and hard-wrapped across two lines.
  const cases = [
    ['transcript/wrapped-token.log', '9YYa!qOc0E63y0JTPqGnVKd', 'JygQOAg&p'],
    ['transcript/freetext-after-long.log', '9YYa!qOc0E63y0JTPqGnVKd', null],
    ['findings/sso-928-ticket.log', 'EwB4AswbAQAUs1/VcBU2sH7mwYy3', null],
    ['seed/911-usr-s-invalid-ticket.lines.log', 'some_invalid_value', null],
    ['transcript/forum-markup.log', 't=abc&amp;p=def', null],
  ] as const;
  for (const [file, secret, tail] of cases) {
    it(file, () => {
      const text = readText(join(ROOT, 'fixtures/msnp', file));
      expect(text).toContain(secret);
      const red = redactLog(text, parseText(text, 'x.log'));
      const rejoined = red.text.replace(/\r?\n/g, '');
      expect(rejoined).not.toContain(secret);
      if (tail !== null) expect(rejoined).not.toContain(tail);
      expect(red.text).toMatch(/ S t=ticket#\d/); // the `t=` the findings read stays
    });
  }
});

describe('payload framing of bodies longer or shorter than declared', () => {
  // A body longer than its declared length (the audit's `MSG 2 A 10`), one whose declared length ends inside the
  // chat text (redacted) and one inside an address, and a body cut short of its length.
  const FILE = join(ROOT, 'fixtures/msnp/transcript/msg-longer-than-declared.log');
  const framing = (r: ParseResult) =>
    r.events.map((e) => `L${e.line}-${e.endLine} ${e.command} ${e.payload?.visibility ?? ''} ${e.payload ? (e.payload.shownBytes ?? 0) - e.payload.declaredBytes : ''}`);

  it('reads the same lines into each body, and the same excess past a declared end inside redacted text', () => {
    const text = readText(FILE);
    const before = parseText(text, 'x.log');
    const red = redactLog(text, before, EVERYTHING);
    const after = parseText(red.text, 'x.log');
    const lines = red.text.split('\r\n');
    expect(lines[10]).toMatch(/ 82$/); // the chat text past byte 82 is no part of the declared range
    expect(lines[14]).toMatch(/^\[message#\d+\]_+$/);
    const excess = (r: ParseResult) => framing(r).filter((f) => f.startsWith('L11-15 '));
    expect(excess(after)).toEqual(excess(before));
    expect(after.diagnostics.map((d) => `${d.kind} ${d.line}`)).toEqual(before.diagnostics.map((d) => `${d.kind} ${d.line}`));
    expect(framing(after).map((f) => f.replace(/ -?\d+$/, ''))).toEqual(framing(before).map((f) => f.replace(/ -?\d+$/, '')));
  });
});
