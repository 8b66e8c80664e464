import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBytes, utf8Length } from './decode';
import { LineSource } from './line-source';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(__dirname, '../../fixtures/msnp/transcript', name)));
const lineTexts = (bytes: Uint8Array): string[] => {
  const d = decodeBytes(bytes);
  return Array.from({ length: d.lines.count }, (_, i) => d.text.slice(d.lines.starts[i], d.lines.ends[i]));
};

describe('decodeBytes', () => {
  const reference = lineTexts(fixture('crlf.log'));

  it.each([
    ['crlf.log', 'utf-8', 'crlf'],
    ['lone-cr.log', 'utf-8', 'cr'],
    ['bom.log', 'utf-8-bom', 'lf'],
    ['utf16-le.log', 'utf-16le', 'crlf'],
    ['utf16-be.log', 'utf-16be', 'lf'],
  ] as const)('%s reads as %s with %s line ends and the same six lines', (name, encoding, endings) => {
    const d = decodeBytes(fixture(name));
    expect(d.info.encoding).toBe(encoding);
    expect(d.info.lineEndings).toBe(endings);
    expect(lineTexts(fixture(name))).toEqual(reference);
    expect(reference).toHaveLength(6);
    expect(reference[0]).toBe('>>> VER 1 MSNP8 CVR0');
  });

  it('reads BOM-less UTF-16 by its NUL pattern', () => {
    const text = '>>> VER 1 MSNP8 CVR0\n<<< VER 1 MSNP8\n';
    const le = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) le[2 * i] = text.charCodeAt(i);
    const d = decodeBytes(le);
    expect(d.info.encoding).toBe('utf-16le');
    expect(d.text).toBe(text);
  });

  it('keeps invalid UTF-8 and marks exactly the lines that carry it', () => {
    const d = decodeBytes(fixture('invalid-utf8.log'));
    expect(d.info.invalidUtf8Lines).toBe(3);
    expect([...(d.invalidLines ?? [])].sort()).toEqual([2, 3, 4]);
    expect(d.text).toContain('Jos\uFFFD');
  });

  it('does not mark a genuine U+FFFD as invalid', () => {
    const d = decodeBytes(new TextEncoder().encode('>>> MSG 1 N 3\n\uFFFD\n'));
    expect(d.invalidLines).toBeNull();
  });

  it('flags binary input by its control bytes', () => {
    const bytes = new Uint8Array(256).map((_, i) => i % 7);
    const d = decodeBytes(bytes);
    expect(d.info.encoding).toBe('binary');
    expect(d.info.binaryRatio).toBeGreaterThan(0.5);
  });

  it('reads empty input as zero lines', () => {
    const d = decodeBytes(new Uint8Array(0));
    expect(d.info).toMatchObject({ bytes: 0, lines: 0, lineEndings: 'none' });
  });
});

describe('line splitting (LineSource)', () => {
  it.each([
    ['a\nb', ['a', 'b'], 'lf'],
    ['a\nb\n', ['a', 'b'], 'lf'],
    ['a\r\nb\r\n', ['a', 'b'], 'crlf'],
    ['a\rb\r', ['a', 'b'], 'cr'],
    ['a\r\rb', ['a', '', 'b'], 'cr'],
    ['a\r\nb\rc\nd', ['a', 'b', 'c', 'd'], 'mixed'],
    ['\n\n', ['', ''], 'lf'],
  ])('%j → %j', (text, lines, endings) => {
    const src = LineSource.fromUtf8(new TextEncoder().encode(text));
    expect(Array.from({ length: src.count }, (_, i) => src.ownLine(i))).toEqual(lines);
    expect(src.endings).toBe(endings);
  });
});

describe('utf8Length', () => {
  it.each([
    ['abc', 3],
    ['héllo', 6],
    ['€', 3],
    ['😀', 4],
    ['\uD800', 3],
  ])('%s is %i bytes', (s, n) => {
    expect(utf8Length(s)).toBe(n);
    if (!s.includes('\uD800')) expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
  });
});
