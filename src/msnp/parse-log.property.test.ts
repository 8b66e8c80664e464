import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLineCoverage } from './coverage';
import { parseLog } from './parse-log';
import { toTranscript } from './to-transcript';
import type { DialectId, LogEvent, ParseResult } from './types';

const DIALECTS: readonly DialectId[] = ['transcript', 'doc', 'libpurple', 'papyon', 'amsn', 'escargot', 'miranda', 'capture'];
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** What must survive a round trip: the message itself, not where it sat in the source. */
const essence = (events: readonly LogEvent[]) =>
  events.map((e) => ({
    direction: e.direction,
    command: e.command,
    trId: e.trId,
    params: e.params,
    payload: e.payload === null ? null : { declared: e.payload.declaredBytes, shown: e.payload.shownBytes },
  }));

// Lines as the dialects write them, plus damage, so the generator reaches the readers' odd corners.
const verb = fc.constantFrom('VER', 'CVR', 'USR', 'XFR', 'CHG', 'ILN', 'NLN', 'RNG', 'MSG', 'GCF', 'QRY', 'CHL', 'PNG', 'QNG', 'OUT', 'CAL', 'ANS', 'IRO', 'ACK', 'UBX', 'NOT', 'XYZ', '911', '217', '241', '540', '800');
const token = fc.stringMatching(/^[A-Za-z0-9@.:%;{}=_-]{0,12}$/);
const msnpLine = fc.tuple(verb, fc.array(token, { maxLength: 5 })).map(([v, ps]) => [v, ...ps].join(' '));
const prefix = fc.constantFrom('>>> ', '<<< ', 'C: ', 'S: ', '(10:00:47) msn: C: NS 000: ', 'msn: S: SB 004: ', '[11:44:11 DEBUG papyon.transport] >>> ', '(11:11:40) papyon.transport:&lt;&lt;&lt; ', '[20:33:47] ->ns-sock7 ', '[20:33:47] <-sb1-sock9 ', 'NS/1a2b >>> ', 'SB/03fe <<< ', '', '    ', '&#65279;>>> ');
const anyLine = fc.oneof(
  fc.tuple(prefix, msnpLine).map(([p, l]) => p + l),
  fc.tuple(prefix, msnpLine).map(([p, l]) => `${p + l}\\r\\n`),
  fc.constantFrom('', '\\r\\n', '<o> Connection opened', '[21:21:15 05B0] [MSN_1] (00E13870:1240) Data sent', '    [P2P message (12 bytes)]', "    Content-Type: 'text/plain'\\r\\n", 'Notification got error : 800 31', '[20:14:19 ERROR papyon.protocol.notification] Notification got error : 800 31', '(10:59:00) papyon.transport:<<< ACK 56(10:59:00) papyon.transport:>>> PNG', 'x'.repeat(90)),
  fc.string({ maxLength: 100 }),
);
const eol = fc.constantFrom('\n', '\r\n', '\r');
const logText = fc.tuple(fc.array(anyLine, { maxLength: 40 }), eol).map(([lines, e]) => lines.join(e));

describe('parseLog properties', () => {
  it('never throws on arbitrary bytes, in any dialect', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.constantFrom<DialectId | undefined>(undefined, ...DIALECTS), (bytes, dialect) => {
        parseLog(bytes, dialect === undefined ? {} : { dialect });
      }),
      { numRuns: 300 },
    );
  });

  it('accounts for every input line exactly once, in any dialect', () => {
    fc.assert(
      fc.property(logText, fc.constantFrom<DialectId | undefined>(undefined, ...DIALECTS), (text, dialect) => {
        const r = parseLog(enc(text), dialect === undefined ? {} : { dialect });
        expect(checkLineCoverage(r)).toEqual({ missing: [], duplicated: [] });
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same events after a round trip through a >>>/<<< transcript', () => {
    fc.assert(
      fc.property(logText, fc.constantFrom<DialectId | undefined>(undefined, ...DIALECTS), (text, dialect) => {
        const first = parseLog(enc(text), dialect === undefined ? {} : { dialect });
        const again = parseLog(enc(toTranscript(first.events)), { dialect: 'transcript' });
        expect(essence(again.events)).toEqual(essence(first.events));
      }),
      { numRuns: 400 },
    );
  });
});

describe('round trip of every fixture log', () => {
  const root = join(__dirname, '../../fixtures/msnp');
  for (const dialect of DIALECTS) {
    for (const file of readdirSync(join(root, dialect)).filter((f) => f.endsWith('.log'))) {
      it(`${dialect}/${file}`, () => {
        const first: ParseResult = parseLog(new Uint8Array(readFileSync(join(root, dialect, file))), {});
        const again = parseLog(enc(toTranscript(first.events)), { dialect: 'transcript' });
        expect(first.events.length).toBeGreaterThan(0);
        expect(essence(again.events)).toEqual(essence(first.events));
      });
    }
  }
});
