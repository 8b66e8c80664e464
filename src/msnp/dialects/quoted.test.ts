/**
 * Logs quoted in a forum reply or an e-mail: a quote prefix (`> `, `>`, `> > `, `>> `, `| `) in front of every line
 * of someone else's log. Quoted, a log must read as the same messages as the log itself: same lines, commands,
 * TrIds, payload sizes (the declared length never counted the quote) and pairing, every line kept once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLineCoverage } from '../coverage';
import { parseLog } from '../parse-log';
import type { DialectId, ParseResult } from '../types';

const ROOT = join(__dirname, '../../../fixtures/msnp');
const DIRS: readonly DialectId[] = ['transcript', 'doc', 'libpurple', 'papyon', 'amsn', 'escargot', 'miranda', 'capture'];
const parseText = (text: string): ParseResult => parseLog(new TextEncoder().encode(text), {});
const fixture = (dir: string, file: string): string => readFileSync(join(ROOT, dir, file), 'utf8');

/** What quoting must not change: each event's line range, direction, command, TrId, params, payload, pairing and connection. */
const events = (r: ParseResult): string[] =>
  r.events.map((e) => {
    const p = e.payload;
    const payload = p === null ? '-' : `${p.declaredBytes} ${p.visibility} ${p.shownBytes ?? '-'} L${p.firstLine ?? '-'}-${p.lastLine ?? '-'}`;
    return `L${e.line}-${e.endLine} ${e.direction ?? '-'} ${e.connection} ${e.command} t=${e.trId ?? '-'} ${JSON.stringify(e.params)} payload=${payload} ${e.status} reply=${e.replyTo ?? '-'}`;
  });

/** The payload bodies as the result gives them (what a transcript copied out of it shows): without the quote. */
const payloadTexts = (r: ParseResult): string[] => r.events.map((e) => e.payload?.text ?? '');

/** Why each other line is no message: a quoted empty line is blank as the empty line was. */
const lineReasons = (r: ParseResult): string[] => r.nonProtocol.map((n) => `L${n.line} ${n.reason}`);

/** How mail clients and forums quote a line, and an empty line (most drop the space after a bare marker). */
const STYLES: Readonly<Record<string, (line: string) => string>> = {
  '> ': (l) => (l === '' ? '>' : `> ${l}`),
  '>': (l) => `>${l}`,
  '> > ': (l) => (l === '' ? '> >' : `> > ${l}`),
  '>> ': (l) => (l === '' ? '>>' : `>> ${l}`),
  '>>': (l) => `>>${l}`,
  '| ': (l) => (l === '' ? '|' : `| ${l}`),
};

/** Every line of a text quoted one way, its line ends kept (the empty rest after a final line end is no line). */
function quoteText(text: string, quote: (line: string) => string): string {
  const parts = text.split(/(\r\n|\n|\r)/);
  return parts.map((part, k) => (k % 2 === 1 || (k === parts.length - 1 && part === '' && k > 0) ? part : quote(part))).join('');
}

function fixtures(): { dir: DialectId; file: string }[] {
  // UTF-16 fixtures are other bytes than their text; the forum-quoted ones are quoted already.
  return DIRS.flatMap((dir) =>
    readdirSync(join(ROOT, dir))
      .filter((f) => f.endsWith('.log') && !f.startsWith('utf16') && !f.includes('quoted'))
      .sort()
      .map((file) => ({ dir, file })),
  );
}

describe('a fixture log quoted in a reply reads as the log itself', () => {
  for (const { dir, file } of fixtures()) {
    const text = fixture(dir, file);
    const plain = parseText(text);
    for (const [name, quote] of Object.entries(STYLES)) {
      it(`${dir}/${file} quoted with "${name}"`, () => {
        const quoted = parseText(quoteText(text, quote));
        expect(quoted.detection.dialect).toBe(plain.detection.dialect);
        expect(events(quoted)).toEqual(events(plain));
        expect(payloadTexts(quoted)).toEqual(payloadTexts(plain));
        expect(lineReasons(quoted)).toEqual(lineReasons(plain));
        expect(checkLineCoverage(quoted)).toEqual({ missing: [], duplicated: [] });
        expect(quoted.input.lines).toBe(plain.input.lines);
      });
    }
  }

  it('quotes every line and keeps the line count', () => {
    expect(quoteText('a\n\nb\n', STYLES['> '] ?? String)).toBe('> a\n>\n> b\n');
    expect(quoteText('a\r\nb', STYLES['| '] ?? String)).toBe('| a\r\n| b');
  });
});

describe('quoted fixtures read as their unquoted text', () => {
  /** The fixture with its quote prefixes taken off (the longest first), the surrounding reply text left as it is. */
  const unquote = (text: string, prefixes: readonly string[]): string =>
    text
      .split('\n')
      .map((line) => {
        for (const p of prefixes) {
          if (line.startsWith(p)) return line.slice(p.length);
          if (line === p.trimEnd()) return '';
        }
        return line;
      })
      .join('\n');
  const cases: readonly { dir: DialectId; file: string; prefixes: readonly string[] }[] = [
    { dir: 'transcript', file: 'quoted-msg-payload.log', prefixes: ['> '] },
    { dir: 'transcript', file: 'nested-quoted.log', prefixes: ['>> ', '> > '] },
    { dir: 'transcript', file: 'partly-quoted.log', prefixes: ['> '] },
    { dir: 'libpurple', file: 'bar-quoted.log', prefixes: ['| '] },
  ];
  for (const c of cases) {
    it(`${c.dir}/${c.file}`, () => {
      const text = fixture(c.dir, c.file);
      const quoted = parseText(text);
      const plain = parseText(unquote(text, c.prefixes));
      expect(quoted.detection.dialect).toBe(c.dir);
      expect(events(quoted).length).toBeGreaterThan(5);
      expect(events(quoted)).toEqual(events(plain));
      expect(payloadTexts(quoted)).toEqual(payloadTexts(plain));
      expect(checkLineCoverage(quoted)).toEqual({ missing: [], duplicated: [] });
    });
  }

  it('frames a quoted MSG body by the bytes under the quote', () => {
    const r = parseText(fixture('transcript', 'quoted-msg-payload.log'));
    const msgs = r.events.filter((e) => e.command === 'MSG');
    expect(msgs.map((e) => [e.line, e.endLine, e.payload?.declaredBytes, e.payload?.shownBytes, e.payload?.visibility])).toEqual([
      [7, 12, 134, 134, 'full'],
      [14, 20, 99, 99, 'full'],
      [21, 25, 92, 92, 'full'],
      [27, 28, 20, 17, 'partial'],
    ]);
    const ack = r.events.find((e) => e.command === 'ACK');
    expect(ack?.replyTo).toBe(msgs[0]?.id);
  });
});

describe('a quote is told from a transcript arrow', () => {
  const read = (text: string): string[] => parseText(text).events.map((e) => `${e.line} ${e.direction ?? '-'} ${e.command} ${e.params.join(' ')}`);

  it('keeps `>>> VER` a client line and reads `> >>> VER` under its quote', () => {
    expect(read('>>> VER 1 MSNP8 CVR0\n<<< VER 1 MSNP8\n')).toEqual(['1 client VER MSNP8 CVR0', '2 server VER MSNP8']);
    expect(read('> >>> VER 1 MSNP8 CVR0\n> <<< VER 1 MSNP8\n')).toEqual(['1 client VER MSNP8 CVR0', '2 server VER MSNP8']);
  });

  it('reads a transcript quoted with a bare `>`: `>>>> VER` is a quoted client line, `><<< VER` a quoted server line', () => {
    const text = '>>>> VER 1 MSNP8 CVR0\n><<< VER 1 MSNP8\n>>>> CVR 2 0x0409 win 4.10 i386 MSNMSGR 5.0.0544 MSMSGS a@example.invalid\n';
    const r = parseText(text);
    expect(r.detection.dialect).toBe('transcript');
    expect(r.detection.candidates.find((c) => c.dialect === 'transcript')?.matched).toBe(3);
    expect(read(text)).toEqual(['1 client VER MSNP8 CVR0', '2 server VER MSNP8', '3 client CVR 0x0409 win 4.10 i386 MSNMSGR 5.0.0544 MSMSGS a@example.invalid']);
  });

  it('reads a transcript quoted twice without spaces: `>>>>> VER` is `>>> VER` under `>>`', () => {
    expect(read('>>>>> VER 1 MSNP8 CVR0\n>><<< VER 1 MSNP8\n')).toEqual(['1 client VER MSNP8 CVR0', '2 server VER MSNP8']);
  });

  it('leaves `>> ` text that reads as no record at any depth a non-protocol line', () => {
    const r = parseText('>>> PNG\n<<< QNG 50\n>> VER 1 MSNP8 is what I sent\n');
    expect(read('>>> PNG\n<<< QNG 50\n>> VER 1 MSNP8 is what I sent\n')).toEqual(['1 client PNG ', '2 server QNG 50']);
    expect(r.nonProtocol.map((n) => n.line)).toEqual([3]);
  });

  it('detects a libpurple log quoted with `| ` in a mailing-list archive', () => {
    const r = parseText(fixture('libpurple', 'bar-quoted.log'));
    expect(r.detection.dialect).toBe('libpurple');
    expect(r.events.filter((e) => e.error !== null).map((e) => e.error?.code)).toEqual([217]);
  });
});
