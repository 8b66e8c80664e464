import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRecordAt } from './libpurple';

/** The record shape as a regex (the reference the char-code test must agree with), on the first 64 chars. */
const SHAPE = /^\(?(?:\d\d:\d\d:\d\d\) )?[a-z][\w-]*: /;

describe('libpurple record start by char codes', () => {
  it.each([
    ['(10:00:47) account: Connecting to account', true],
    ['10:00:47) msn: C: NS 000: VER 1', true],
    ['msn: S: SB 004: 217 3', true],
    ['(10:00:47) ', false],
    ['   indented payload', false],
    ['MIME-Version: 1.0', false],
  ])('%s → %s', (line, want) => {
    expect(isRecordAt(line, 0, Math.min(line.length, 64))).toBe(want);
  });

  it('agrees with the regex on arbitrary lines, also inside a larger text', () => {
    const piece = fc.constantFrom('(', ')', ' ', ':', '1', '0', '9', 'a', 'z', 'A', '_', '-', 'msn', '10:00:47', ': ', '\n');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.string({ maxLength: 5 }), (parts, tail) => {
        const line = parts.join('');
        const text = `${line}\n${tail}`;
        expect(isRecordAt(text, 0, Math.min(line.length, 64))).toBe(SHAPE.test(line.slice(0, 64)));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('libpurple connection serials', () => {
  it('reads SB serials past 999 (libpurple prints %03d) as protocol lines on their own connection', async () => {
    const { readFileSync } = await import('node:fs');
    const { parseLog } = await import('../parse-log');
    const bytes = readFileSync(new URL('../../../fixtures/msnp/libpurple/sb-serial-past-999.log', import.meta.url));
    const r = parseLog(new Uint8Array(bytes), {});
    expect(r.detection.dialect).toBe('libpurple');
    expect(r.nonProtocol).toEqual([]);
    const names = r.connections.map((c) => c.sourceName);
    expect(names).toContain('SB 999');
    expect(names).toContain('SB 1000');
    const cal = r.events.find((e) => e.command === 'CAL' && e.params[0] === 'carol@example.invalid');
    expect(cal?.status).toBe('answered');
    expect(r.events.find((e) => e.replyTo === cal?.id)?.params[0]).toBe('RINGING');
  });
});
