import { describe, expect, it } from 'vitest';
import { parseLog } from '../parse-log';
import type { ParseProgress } from '../types';
import { detectDialect, formatCount } from './index';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('detectDialect', () => {
  it.each([
    ['>>> VER 1 MSNP8 CVR0', 'transcript'],
    ['C: VER 1 MSNP8 CVR0', 'doc'],
    ['>>> CAL 2 @@a\\r\\n <<< 208 2\\r\\n', 'doc'],
    ['(10:00:47) msn: C: NS 000: VER 1 MSNP15 CVR0', 'libpurple'],
    ['msn: S: SB 004: 217 3', 'libpurple'],
    ['[11:44:11 DEBUG papyon.transport] >>> VER 0 MSNP18', 'papyon'],
    ['(11:11:40) papyon.transport:&gt;&gt;&gt; XFR 20 SB', 'papyon'],
    ['[20:33:47] ->ns-sock7 VER 1 MSNP12 CVR0', 'amsn'],
    ['NS/1a2b >>> VER 1 MSNP18 CVR0', 'escargot'],
    ['[21:21:15 05B0] [MSN_1] (00E13870:1240) Data sent', 'miranda'],
  ] as const)('%s → %s', (line, dialect) => {
    expect(detectDialect([line, 'some other text']).detection.dialect).toBe(dialect);
  });

  it('explains in plain words when nothing matched, naming the closest dialect', () => {
    const head = Array.from({ length: 1200 }, (_, i) => `(10:00:${String(i % 60).padStart(2, '0')}) proxy: Connecting to host`);
    const d = detectDialect(head).detection;
    expect(d.dialect).toBeNull();
    expect(d.reason).toBe('no line looked like an MSNP command; closest dialect: libpurple, 0 of 1,200 lines matched `msn: C|S: NS|SB NNN:`');
  });

  it('reads a forced dialect even when another would win', () => {
    const r = parseLog(bytes('>>> VER 1 MSNP8 CVR0\n<<< VER 1 MSNP8\n'), { dialect: 'doc' });
    expect(r.detection).toMatchObject({ dialect: 'doc', forced: true });
    expect(r.events.map((e) => e.command)).toEqual(['VER', 'VER']);
  });
});

describe('parseLog on input that is not MSNP', () => {
  it('says an empty file is empty', () => {
    const r = parseLog(new Uint8Array(0), {});
    expect(r.detection.reason).toBe('the file is empty: there is no line to read');
    expect(r.diagnostics.map((d) => d.kind)).toEqual(['no-protocol']);
  });

  it('says a binary file is binary and keeps its lines', () => {
    const r = parseLog(new Uint8Array([0, 1, 2, 3, 10, 0, 0, 5, 10, 7]), {});
    expect(r.detection.reason).toMatch(/^the file looks binary/);
    expect(r.nonProtocol.map((l) => l.line)).toEqual([1, 2, 3]);
    expect(r.diagnostics[0]?.kind).toBe('no-protocol');
  });

  it('says what a prose file contains', () => {
    const r = parseLog(bytes('Dear diary,\n\ntoday MSN did not work.\n'), {});
    expect(r.events).toHaveLength(0);
    expect(r.diagnostics[0]?.message).toBe('No MSNP messages found (3 lines, 1 of them blank): no line looked like an MSNP command; closest dialect: libpurple, 0 of 3 lines matched `msn: C|S: NS|SB NNN:`.');
  });
});

describe('formatCount', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1200, '1,200'],
    [1234567, '1,234,567'],
  ])('%i → %s', (n, s) => expect(formatCount(n)).toBe(s));
});

describe('parseLog progress', () => {
  it('reports progress about every megabyte and ends at the total', () => {
    const line = '>>> MSG 4 N 20\nContent-Type: text\r\n<<< ACK 4\n';
    const text = line.repeat(Math.ceil((3 * 2 ** 20) / line.length));
    const input = bytes(text);
    const seen: number[] = [];
    const r = parseLog(input, {}, (p) => {
      expect(p.bytesTotal).toBe(input.length);
      seen.push(p.bytesDone);
    });
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen[seen.length - 1]).toBe(input.length);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(r.events.length).toBe((text.match(/\n/g) ?? []).length - r.events.filter((e) => e.payload !== null).length);
  });

  it('says once, when the read ends, that analysis has started, and ends on it; every report before is the read', () => {
    const line = '>>> MSG 4 N 20\nContent-Type: text\r\n<<< ACK 4\n';
    const input = bytes(line.repeat(Math.ceil((3 * 2 ** 20) / line.length)));
    const seen: ParseProgress[] = [];
    const r = parseLog(input, {}, (p) => seen.push(p));
    const start = seen.findIndex((p) => p.stage === 'analysing');
    expect(start).toBeGreaterThanOrEqual(2);
    expect(seen.slice(0, start).every((p) => p.stage === 'reading' && p.bytesDone < input.length)).toBe(true);
    // Two reports for the whole analysis, however many events: when it starts and when it ends.
    const analysing = { bytesDone: input.length, bytesTotal: input.length, events: r.events.length, pass: 'first', stage: 'analysing' };
    expect(seen.slice(start)).toEqual([analysing, analysing]);
  });
});
