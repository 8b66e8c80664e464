/**
 * A long protocol line is joined with the next line only when that line continues a token the paste cut: free
 * text after a long line (`PASSPORT begin`, `200 OK`, a remark) and whole records stay lines of their own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLog } from '../parse-log';
import type { DialectId, ParseResult } from '../types';

const ROOT = join(__dirname, '../../../fixtures/msnp');
const parse = (dir: DialectId, file: string, forced?: DialectId): ParseResult =>
  parseLog(new Uint8Array(readFileSync(join(ROOT, dir, file))), forced === undefined ? {} : { dialect: forced });
const spans = (r: ParseResult): string[] => r.events.map((e) => `${e.line}-${e.endLine} ${e.command}${e.flags.includes('wrapped') ? ' wrapped' : ''}`);
const noise = (r: ParseResult): number[] => r.nonProtocol.map((l) => l.line);

describe('hard-wrap joining', () => {
  it('keeps free text after a long transcript line as non-protocol', () => {
    const r = parse('transcript', 'freetext-after-long.log');
    expect(spans(r)).toEqual(['1-1 VER', '2-2 VER', '3-3 CVR', '4-4 CVR', '5-5 USR', '6-6 USR', '9-9 USR', '11-11 911']);
    expect(noise(r)).toEqual([7, 8, 10]);
    expect(r.events.find((e) => e.line === 6)?.params.at(-1)).toBe('ct=1268843598,rver=5.5.4182.0,wp=FS_40SEC_0_COMPACT,lc=1033,id=507,ru=http:%2F%2Fmessenger.msn.com');
  });

  it('keeps free text after a long papyon record as non-protocol', () => {
    const r = parse('papyon', 'freetext-after-long.log');
    expect(spans(r)).toEqual(['1-1 VER', '2-2 VER', '3-3 CVR', '5-5 CVR']);
    expect(noise(r)).toEqual([4, 6]);
  });

  it('still joins a ticket cut in the middle (transcript and papyon)', () => {
    expect(spans(parse('transcript', 'wrapped-token.log'))).toEqual(['1-2 USR wrapped', '3-3 USR']);
    const papyon = parse('papyon', 'real-11-emesene510-papyon-msnp18-sso-xfr-ns.log');
    expect(spans(papyon)).toContain('15-16 USR wrapped');
  });

  it('never joins an escaped record onto a long line when the transcript format is forced', () => {
    const r = parse('transcript', 'html-escaped-arrows.log', 'transcript');
    expect(r.events.map((e) => e.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  });
});
