/**
 * The byte-level path (fast-lines.ts) must read every line it accepts exactly as the string path does. parseLog
 * streams into the event builder and so takes the byte path; a reader called without `onMessage` takes the
 * string path only. Both must give the same events, connections and non-protocol lines: on every fixture and
 * shared real log, on generated logs of both bench forms, and on random logs made of the shapes the byte path
 * must hand back (markup, non-ASCII, redactions, long lines, TrId placeholders, stamps).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateLogText } from '../../../bench/generate-log.mjs';
import { buildEvents } from '../build-events';
import { decodeBytes } from '../decode';
import { parseLog } from '../parse-log';
import type { DialectId, LogEvent, NonProtocolLine } from '../types';
import { dialectById } from './index';
import { dialectBlocks, readWithBlocks } from './other-dialects';
import { readInput } from './reader';

const FIXTURES = join(__dirname, '../../../fixtures/msnp');
const REAL = join(__dirname, '../../../../shared/corpus/real');

const eventKey = (e: LogEvent): string =>
  JSON.stringify([e.line, e.endLine, e.direction, e.connection, e.time, e.command, e.error?.code ?? null, e.trId, e.params, e.raw,
    e.payload, e.flags, e.replyTo, e.replies, e.status, e.latencyMs]);
const lineKey = (l: NonProtocolLine): string => JSON.stringify([l.line, l.text, l.reason, l.note ?? null, l.invalidUtf8 ?? false]);

/** Both paths on the same bytes; returns their events and non-protocol lines as comparable strings. */
function bothPaths(bytes: Uint8Array, dialect: DialectId): { fast: string[]; slow: string[]; fastLines: string[]; slowLines: string[] } {
  // Detected where detection agrees, so a block of another dialect is read with it on both paths (parseLog reads
  // the file again, block by block); a forced format reads no such block.
  const detected = parseLog(bytes, {});
  const fast = detected.detection.dialect === dialect ? detected : parseLog(bytes, { dialect });
  const decoded = decodeBytes(bytes);
  const first = dialectById(dialect).read(readInput(decoded.source));
  const blocks = fast.detection.forced ? [] : dialectBlocks(first.nonProtocolStore, decoded.source, dialectById(dialect));
  const read = blocks.length === 0 ? first : readWithBlocks(decoded.source, dialectById(dialect), blocks);
  const slow = buildEvents(read.messages, decoded.source);
  return {
    // The accounts come from the findings, which buildEvents does not run.
    fast: [...fast.events.map(eventKey), ...fast.connections.map((c) => JSON.stringify({ ...c, account: undefined }))],
    slow: [...slow.events.map(eventKey), ...slow.connections.map((c) => JSON.stringify(c))],
    fastLines: fast.nonProtocol.map(lineKey),
    slowLines: read.nonProtocol.map(lineKey),
  };
}

function expectSame(bytes: Uint8Array, dialect: DialectId): void {
  const r = bothPaths(bytes, dialect);
  expect(r.fast).toEqual(r.slow);
  expect(r.fastLines).toEqual(r.slowLines);
}

const logsIn = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.log')).sort();

describe('byte path = string path', () => {
  for (const dialect of ['transcript', 'libpurple'] as const) {
    for (const file of logsIn(join(FIXTURES, dialect))) {
      it(`${dialect}/${file}`, () => expectSame(new Uint8Array(readFileSync(join(FIXTURES, dialect, file))), dialect));
    }
    it(`a generated ${dialect} log`, () => {
      const { text } = generateLogText({ bytes: 120_000, form: dialect, seed: 11 });
      expectSame(new TextEncoder().encode(text), dialect);
    });
  }

  for (const file of logsIn(join(FIXTURES, 'escargot'))) {
    it(`escargot/${file}`, () => expectSame(new Uint8Array(readFileSync(join(FIXTURES, 'escargot', file))), 'escargot'));
  }
  for (const file of logsIn(join(FIXTURES, 'capture'))) {
    it(`capture/${file}`, () => expectSame(new Uint8Array(readFileSync(join(FIXTURES, 'capture', file))), 'capture'));
  }

  for (const file of logsIn(REAL)) {
    const bytes = new Uint8Array(readFileSync(join(REAL, file)));
    const detected = parseLog(bytes, {}).detection.dialect;
    if (detected !== 'transcript' && detected !== 'libpurple') continue;
    it(`shared real log ${file}`, () => expectSame(bytes, detected));
  }

  const word = fc.constantFrom('a@b.c', 'X', 'XXXXXXYY@h.com', '<at>', '*_*@x', 'Zo%C3%AB', 'é', '[email]a@b[/email]', '&gt;', 'MSNP15', '0', '1', '');
  const verb = fc.constantFrom('VER', 'USR', 'MSG', 'CAL', 'XFR', 'CHG', 'OUT', 'PNG', 'QNG', 'ILN', 'JOI', 'LST', 'GCF', 'UUX', 'QRY', '911', '800', '217', 'ZZZ', 'Ver', '20');
  const trId = fc.constantFrom('1', '7', '0', 'TrId', '<trid>', '', '99999999999', 'x');
  const header = fc.tuple(verb, trId, fc.array(word, { maxLength: 6 }), fc.option(fc.nat({ max: 40 }))).map(([v, t, ps, len]) =>
    [v, t, ...ps, ...(len === null ? [] : [String(len)])].join(' '));
  const transcriptLine = fc.oneof(
    fc.tuple(fc.constantFrom('>>> ', '<<< ', '  >>> ', '>>>', '&gt;&gt;&gt; ', '\uFEFF>>> '), header).map(([p, h]) => p + h),
    fc.constantFrom('', 'body text', 'MIME-Version: 1.0', 'ça marche 👍', '   indented', 'x'.repeat(90)),
    fc.tuple(fc.constantFrom('>>> ', '<<< '), fc.constantFrom('USR 7 TWN S t=' + 'a'.repeat(80), 'MSG 5 N 120 ' + 'b'.repeat(70))).map(([p, h]) => p + h),
  );
  const libpurpleLine = fc.oneof(
    fc.tuple(fc.constantFrom('(10:00:47) ', '', '10:00:47) ', '(25:00:00) '), fc.constantFrom('msn: C: NS 000: ', 'msn: S: SB 1004: ', 'msn: S: NS 00: '), header).map(([a, b, h]) => a + b + h),
    fc.constantFrom('(10:00:48) account: Connecting', 'proxy: x', '', '  wrapped tail', 'é'),
  );
  const escargotLine = fc.oneof(
    fc.tuple(fc.constantFrom('NS/1a2b ', 'SB/03fe ', 'SB/3 ', 'NS/ab-c ', 'Nov 26 10:00:47 host escargot[7]: NS/1a2b ', 'XS/1a2b ', 'NS/1a2b'),
      fc.constantFrom('>>> ', '<<< ', '>>>', '<< ', '>>>  '), header).map(([a, b, h]) => a + b + h),
    fc.constantFrom('NS/1a2b con', 'SB/03fe dis', '', 'tail of a wrapped line', 'é', 'x'.repeat(90)),
  );
  const captureLine = fc.oneof(
    fc.tuple(fc.constantFrom('18:30:00.100 ', '', '18:30:00 ', '24:00:00.000 ', '18:30:00.1x0 '), fc.constantFrom('NS tcp2 ', 'SB tcp13 ', '-- tcp1 ', 'DS tcp1 ', 'XX tcp1 ', 'NS tcp ', 'NS tcp2', 'NS http1 ', 'SB http ', 'SB htt1 '),
      fc.constantFrom('>>> ', '<<< ', '>>>', '<<<', '>> ', 'connect 10.0.0.1:5 -> 10.0.0.2:1863', 'gap: 40 bytes from the client are not in the capture'), header).map(([a, b, c, h]) => a + b + c + h),
    fc.constantFrom('# packet capture (pcap): 3 packets', '', 'MIME-Version: 1.0', 'é', 'x'.repeat(90)),
  );
  it('on random capture logs', () => {
    fc.assert(fc.property(fc.array(captureLine, { maxLength: 25 }), fc.constantFrom('\n', '\r\n'), (lines, nl) => {
      expectSame(new TextEncoder().encode(lines.join(nl)), 'capture');
    }), { numRuns: 300 });
  });
  it('on random escargot logs', () => {
    fc.assert(fc.property(fc.array(escargotLine, { maxLength: 25 }), (lines) => {
      expectSame(new TextEncoder().encode(lines.join('\n')), 'escargot');
    }), { numRuns: 300 });
  });
  it('on random transcript logs', () => {
    fc.assert(fc.property(fc.array(transcriptLine, { maxLength: 25 }), fc.constantFrom('\n', '\r\n'), (lines, nl) => {
      expectSame(new TextEncoder().encode(lines.join(nl)), 'transcript');
    }), { numRuns: 300 });
  });
  it('on random libpurple logs', () => {
    fc.assert(fc.property(fc.array(libpurpleLine, { maxLength: 25 }), (lines) => {
      expectSame(new TextEncoder().encode(lines.join('\n')), 'libpurple');
    }), { numRuns: 300 });
  });
});

describe('a byte-read message answers firstParam and hasParam as its params would', () => {
  /** Every message the byte path emits: firstParam / hasParam asked first (before params are split and cached). */
  function check(text: string, dialect: DialectId): number {
    const decoded = decodeBytes(new TextEncoder().encode(text));
    let checked = 0;
    dialectById(dialect).read(readInput(decoded.source, {
      onMessage: (m) => {
        if (m.hasParam === undefined || m.firstParam === undefined) return;
        const first = m.firstParam();
        const has = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => m.hasParam?.(k));
        const length = m.firstParamLength?.();
        const is = ['SB', 'Hotmail', 'NS', 'N', 'TWN', ''].map((t) => m.firstParamIs?.(t));
        expect(first).toBe(m.params[0]);
        expect(length).toBe(m.params[0]?.length ?? -1);
        expect(is).toEqual(['SB', 'Hotmail', 'NS', 'N', 'TWN', ''].map((t) => m.params[0] === t));
        expect(has).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((k) => m.params.length > k));
        checked++;
      },
    }));
    return checked;
  }

  it('on generated logs of both forms', () => {
    for (const form of ['transcript', 'libpurple'] as const) {
      const { text } = generateLogText({ bytes: 60_000, form, seed: 5 });
      expect(check(text, form)).toBeGreaterThan(200);
    }
  });

  it('on lines with empty, long and missing params', () => {
    const lines = ['>>> USR 1 ' + 'a'.repeat(70) + '@x.com 1234.5678', '>>> USR 2', '>>> USR 3 ', '>>> CAL 4 a@b.c  ', '<<< JOI a@b.c Alice', '>>> OUT', '<<< MSG Hotmail Hotmail 0', '<<< XFR 5 NS 1.2.3.4:1863 0', '>>> USR 6 TWN I a@b.c'];
    expect(check(lines.join('\n'), 'transcript')).toBeGreaterThan(3);
  });
});
