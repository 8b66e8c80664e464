import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLog } from '../../msnp/parse-log';
import { FILE_LINES_MAX, fileLinesOf } from './file-lines';

const parse = (path: string) => parseLog(new Uint8Array(readFileSync(path)), {});

describe('fileLinesOf', () => {
  it('a MSG quoted in a reply: the file lines keep every "> ", while Raw (the event as read) has none', () => {
    const result = parse('fixtures/msnp/transcript/quoted-msg-payload.log');
    const msg = result.events.find((e) => e.command === 'MSG' && e.trId === 3);
    if (msg === undefined) throw new Error('the fixture has MSG 3');
    const lines = fileLinesOf(result, msg);
    expect(lines?.total).toBe(6);
    expect(lines?.text.split('\n')).toEqual([
      '> >>> MSG 3 A 134',
      '> MIME-Version: 1.0',
      '> Content-Type: text/plain; charset=UTF-8',
      '> X-MMS-IM-Format: FN=Arial; EF=; CO=0; CS=0; PF=0',
      '>',
      '> hello, can you see me?',
    ]);
    expect(msg.raw).toBe('MSG 3 A 134');
    expect(msg.payload?.text).not.toMatch(/^>/m);
  });

  it('a libpurple line quoted with "| ": the whole line as posted', () => {
    const result = parse('fixtures/msnp/libpurple/bar-quoted.log');
    const err = result.events.find((e) => e.command === '217');
    if (err === undefined) throw new Error('the fixture has a 217');
    expect(fileLinesOf(result, err)?.text).toBe('| (14:02:16) msn: S: SB 001: 217 7');
  });

  it('an unquoted, unmarked line has none: Raw already shows it', () => {
    const result = parse('public/samples/msnp12-cal-offline-713.log');
    expect(result.events.every((e) => fileLinesOf(result, e) === null)).toBe(true);
  });

  it('a long body is cut at the limit and says how many lines it spans', () => {
    const body = Array.from({ length: 60 }, (_, i) => `> line ${i}`).join('\n');
    const text = `Bob wrote:\n> >>> MSG 3 A ${60 * 9}\n${body}\n> <<< ACK 3\n`;
    const result = parseLog(new TextEncoder().encode(text), {});
    const msg = result.events.find((e) => e.command === 'MSG');
    if (msg === undefined) throw new Error('no MSG');
    const lines = fileLinesOf(result, msg);
    expect(lines?.shown).toBe(FILE_LINES_MAX);
    expect(lines?.total).toBeGreaterThan(FILE_LINES_MAX);
    expect(lines?.text.split('\n')).toHaveLength(FILE_LINES_MAX);
  });
});
