/**
 * The report codec: round trips (view state + log → link → view state + log, identical) and robustness (a
 * truncated, random or tampered token never throws and always says what is wrong).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REDACT_SELECTION, REDACT_KINDS, type RedactManifest } from '../../msnp/redact';
import { toConnectionId, toEventId } from '../../msnp/types';
import { fingerprintBytes } from '../../worker/client';
import { DEFAULT_URL_STATE, type UrlState } from '../url/url-state';
import { decodeBase64Url, encodeBase64Url } from './base64url';
import { decodeReport, encodeReport, LINK_DECODE_LIMITS, REPORT_FORMAT_VERSION, type SharedReport } from './report-codec';
import { buildReportFile, buildReportHash, buildViewHash, fingerprintText, readReportFile, readReportHash, REPORT_PARAM } from './report-link';

const FIXTURE = resolve(__dirname, '../../../fixtures/msnp/transcript/redact-everything.log');
const LOG = readFileSync(FIXTURE, 'utf8');

const MANIFEST: RedactManifest = {
  v: 1,
  selection: { ...DEFAULT_REDACT_SELECTION, ip: false },
  counts: Object.fromEntries(REDACT_KINDS.map((k, i) => [k, i])) as RedactManifest['counts'],
  lengthsRewritten: [{ line: 14, from: 138, to: 145 }],
  linesChanged: 31,
  unlocated: 0,
};
const REPORT: SharedReport = { name: 'Login fails after ticket', note: 'See the 911 — “wrong password”?', fileName: 'pidgin.log', log: LOG, manifest: MANIFEST };

const VIEW: UrlState = {
  ...DEFAULT_URL_STATE,
  tab: 'findings',
  q: 'cmd:CAL code:>=200 "blocking_you"',
  err: ['2xx', '9xx'],
  codes: [217],
  cmds: ['CAL', 'USR'],
  conns: [toConnectionId('SB1')],
  dir: 'server',
  errorsOnly: true,
  finding: 'error-reply-1',
  sel: toEventId(42),
  tconn: toConnectionId('SB1'),
  sort: { column: 'time', desc: true },
};

function tokenOf(hash: string): string {
  return new URLSearchParams(hash.slice(hash.indexOf('?') + 1)).get(REPORT_PARAM) ?? '';
}

describe('report link round trip', () => {
  it('view state + log → link → view state + log, identical', () => {
    const hash = buildReportHash(VIEW, REPORT);
    const opened = readReportHash(hash);
    expect(opened.kind).toBe('report');
    if (opened.kind !== 'report') return;
    expect(opened.view).toEqual({ ...VIEW, log: fingerprintText(LOG) });
    expect(opened.notices).toEqual([]);
    expect(opened.decoded).toEqual({ kind: 'ok', report: REPORT });
  });

  it('round-trips arbitrary text, names and notes (unicode, control characters, empty)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ maxLength: 80 }), fc.string({ maxLength: 200 }), (log, name, note) => {
        const report: SharedReport = { ...REPORT, log, name, note };
        expect(decodeReport(encodeReport(report))).toEqual({ kind: 'ok', report });
      }),
      { numRuns: 60 },
    );
  });

  it('a report file carries the same payload as the link', () => {
    const file = buildReportFile(VIEW, REPORT);
    const opened = readReportFile(file);
    expect(opened.kind === 'report' && opened.decoded).toEqual({ kind: 'ok', report: REPORT });
    expect(opened.kind === 'report' && opened.view.sel).toBe(42);
    expect(file).toContain(tokenOf(buildReportHash(VIEW, REPORT)));
  });

  it('a view link carries the view and the fingerprint, no log', () => {
    const hash = buildViewHash(VIEW, 'deadbeef');
    expect(hash).toContain('log=deadbeef');
    expect(hash).not.toContain(REPORT_PARAM);
    expect(readReportHash(hash).kind).toBe('no-report');
  });

  it('a forced format travels in the report link, the report file and the view link', () => {
    const forced: UrlState = { ...VIEW, fmt: 'amsn' };
    const link = readReportHash(buildReportHash(forced, REPORT));
    expect(link.kind === 'report' && link.view.fmt).toBe('amsn');
    expect(buildReportHash(forced, REPORT)).toContain('&fmt=amsn&');
    const file = readReportFile(buildReportFile(forced, REPORT));
    expect(file.kind === 'report' && file.view.fmt).toBe('amsn');
    expect(buildViewHash(forced, 'deadbeef')).toContain('log=deadbeef&fmt=amsn');
    // Not forced: not written, so the one who opens it detects the format as the sender did.
    expect(buildReportHash(VIEW, REPORT)).not.toContain('fmt=');
  });

  it('compresses a log well below its size', () => {
    expect(encodeReport(REPORT).length).toBeLessThan(LOG.length);
  });
});

describe('decodeReport never throws and always explains', () => {
  const token = encodeReport(REPORT);

  it('every truncation of a valid token is refused with a message', () => {
    for (let cut = 0; cut < token.length; cut += Math.max(1, Math.floor(token.length / 97))) {
      const r = decodeReport(token.slice(0, cut));
      expect(r.kind, `cut at ${cut}`).not.toBe('ok');
      if (r.kind !== 'ok') expect(r.message.length).toBeGreaterThan(10);
    }
  });

  it('random strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        const r = decodeReport(s);
        expect(r.kind).not.toBe('ok');
      }),
      { numRuns: 500 },
    );
  });

  it('random data with a plausible header', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.integer({ min: 0, max: 0xffffffff }).map((n) => n.toString(16).padStart(8, '0')), (bytes, sum) => {
        const r = decodeReport(`1.${sum.toLowerCase()}.${encodeBase64Url(bytes)}`);
        expect(r.kind).not.toBe('ok');
      }),
      { numRuns: 500 },
    );
  });

  it('tampering with any character is detected', () => {
    fc.assert(
      fc.property(fc.nat({ max: token.length - 1 }), fc.constantFrom(...'ABCxyz019-_.%'), (at, ch) => {
        fc.pre(token.charAt(at) !== ch);
        const r = decodeReport(token.slice(0, at) + ch + token.slice(at + 1));
        // Changing the base64 padding bits of the last char can leave the bytes intact; anything else is caught.
        if (r.kind === 'ok') expect(r.report).toEqual(REPORT);
      }),
      { numRuns: 500 },
    );
  });

  it('a hand-edited report (valid checksum, wrong shape) is refused', () => {
    const bytes = strToU8(JSON.stringify({ v: 1, name: 3, log: 'x' }));
    const r = decodeReport(`1.${fingerprintBytes(bytes)}.${encodeBase64Url(deflateSync(bytes))}`);
    expect(r.kind).toBe('damaged');
  });

  it('a newer version says so; an unknown one too', () => {
    const newer = decodeReport(`${REPORT_FORMAT_VERSION + 1}.${token.slice(2)}`);
    expect(newer.kind).toBe('newer-version');
    if (newer.kind === 'newer-version') expect(newer.message).toMatch(/newer version/);
    expect(decodeReport(`x9.${token.slice(2)}`).kind).toBe('unknown-version');
  });

  it('a decompression bomb is refused before it is inflated past the cap', () => {
    const limits = { maxTokenChars: 1_000_000, maxInflatedBytes: 2 * 1024 * 1024 };
    const zeros = new Uint8Array(limits.maxInflatedBytes * 4);
    const bomb = `1.${fingerprintBytes(zeros)}.${encodeBase64Url(deflateSync(zeros, { level: 9 }))}`;
    expect(bomb.length).toBeLessThan(20_000);
    const r = decodeReport(bomb, limits);
    expect(r.kind).toBe('too-large');
    if (r.kind === 'too-large') expect(r.message).toMatch(/more than 2\.0 MB/);
    // The same payload under the link limits (32 MB) opens: the cap is about size, not about zeros.
    expect(decodeReport(bomb).kind).toBe('damaged'); // not JSON, but inflated fine
    expect(LINK_DECODE_LIMITS.maxInflatedBytes).toBeLessThanOrEqual(64 * 1024 * 1024);
  });

  it('an oversized token is refused without decoding', () => {
    const r = decodeReport(`1.00000000.${'A'.repeat(LINK_DECODE_LIMITS.maxTokenChars)}`);
    expect(r.kind).toBe('too-large');
  });
});

describe('base64url', () => {
  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const d = decodeBase64Url(encodeBase64Url(bytes));
        expect(d.kind === 'ok' && [...d.bytes]).toEqual([...bytes]);
      }),
    );
  });
  it('names a stray character', () => {
    const d = decodeBase64Url('abc$');
    expect(d.kind === 'bad' && d.message).toMatch(/\$/);
  });
});
