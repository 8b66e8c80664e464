import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSource, utf8Valid } from './line-source';

const encode = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Text made of lines with every kind of terminator, ASCII and not. */
const textWithLines = fc
  .array(
    fc.tuple(
      // A U+FEFF may open a line (page damage): it is text wherever the line is read from.
      fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ maxLength: 8 }).map((t) => `\ufeff${t}`)),
      fc.constantFrom('\n', '\r\n', '\r', ''),
    ),
    { maxLength: 60 },
  )
  // A line's own text cannot hold a terminator.
  .map((parts) => parts.map(([t, end]) => t.replace(/[\r\n]/g, ' ') + end).join(''));

/** The oracle: a regex split of the text (a different algorithm from the byte scan under test). */
function oracleLines(text: string): { lines: string[]; endings: string } {
  const parts = text.split(/(\r\n|\n|\r)/);
  const lines: string[] = [];
  const kinds = new Set<string>();
  for (let k = 0; k < parts.length; k += 2) {
    const sep = parts[k + 1];
    if (sep === undefined && parts[k] === '') break; // text ended with a terminator
    lines.push(parts[k] ?? '');
    if (sep !== undefined) kinds.add(sep === '\r\n' ? 'crlf' : sep === '\n' ? 'lf' : 'cr');
  }
  const endings = kinds.size === 0 ? 'none' : kinds.size > 1 ? 'mixed' : [...kinds][0] ?? 'none';
  return { lines, endings };
}

/** Lines of bytes joined with LF. */
function encodeLines(lines: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(lines.reduce((n, l) => n + l.length + 1, 0));
  let at = 0;
  for (const l of lines) {
    out.set(l, at);
    at += l.length;
    out[at++] = 10;
  }
  return out;
}

describe('LineSource', () => {
  it('finds the same lines on the bytes as a split of the decoded text', () => {
    fc.assert(
      fc.property(textWithLines, (text) => {
        const src = LineSource.fromUtf8(encode(text));
        const { lines, endings } = oracleLines(text);
        expect(Array.from({ length: src.count }, (_, i) => src.ownLine(i))).toEqual(lines);
        expect(src.endings).toBe(endings);
      }),
    );
  });

  it('gives every line of arbitrary bytes as a UTF-8 decoder does, ASCII lines (read by char codes) or not', () => {
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    const line = fc.oneof(
      fc.uint8Array({ maxLength: 40 }).map((b) => b.map((x) => (x === 10 || x === 13 ? 32 : x))),
      fc.uint8Array({ minLength: 500, maxLength: 700 }).map((b) => b.map((x) => 32 + (x % 95))), // ASCII, around the fast path's limit
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
        const bytes = encodeLines(lines);
        const src = LineSource.fromUtf8(bytes);
        for (let i = 0; i < src.count; i++) expect(src.ownLine(i)).toBe(decoder.decode(bytes.subarray(src.starts[i], src.end(i))));
      }),
    );
  });

  it('gives the same line through its chunks, read in order or at random, as decoded on its own', () => {
    fc.assert(
      fc.property(textWithLines, fc.integer({ min: 1, max: 64 }), fc.array(fc.nat(), { maxLength: 30 }), (text, chunk, picks) => {
        const src = LineSource.fromUtf8(encode(text));
        src.chunkBytes = chunk;
        const own = Array.from({ length: src.count }, (_, i) => src.ownLine(i));
        for (let i = 0; i < src.count; i++) expect(src.line(i)).toBe(own[i]);
        for (const p of picks) if (src.count > 0) expect(src.line(p % src.count)).toBe(own[p % src.count]);
      }),
    );
  });

  it('gives a line\'s first chars as the in-order read gives them, decoding only what they can take', () => {
    // Any bytes (invalid UTF-8, U+FEFF at a line start, 4-byte chars) and any char count: linePrefix must equal the
    // first chunk's line cut to that many UTF-16 units.
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 400 }),
      textWithLines.map((t) => encode(t.replace(/^|\n/g, (m) => `${m}\ufeff`))),
    );
    fc.assert(
      fc.property(bytes, fc.integer({ min: 0, max: 12 }), (b, chars) => {
        const src = LineSource.fromUtf8(b);
        for (let i = 0; i < src.count; i++) expect(src.linePrefix(i, chars)).toBe(src.line(i).slice(0, chars));
      }),
    );
  });

  it('cuts spans of lines with the terminators the file has between them', () => {
    const text = 'a\r\nbé\rc\nd';
    const src = LineSource.fromUtf8(encode(text));
    expect(src.span(0, 2)).toBe('a\r\nbé\rc');
    expect(src.span(1, 1)).toBe('bé');
    expect(src.byteLength(1)).toBe(3);
  });

  it('skips a UTF-8 BOM and transcodes UTF-16 to the same lines', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...encode('>>> VER 1\nx')]);
    expect(LineSource.fromUtf8(bom, 3).ownLine(0)).toBe('>>> VER 1');
    const le = new Uint8Array([0xff, 0xfe, ...Array.from('ab\r\nç', (c) => [c.charCodeAt(0), 0]).flat()]);
    const src = LineSource.fromUtf16(le, 'utf-16le');
    expect([src.ownLine(0), src.ownLine(1), src.byteLength(1)]).toEqual(['ab', 'ç', 2]);
  });

  it('marks exactly the lines whose bytes are not UTF-8, with or without decoding them first', () => {
    const bytes = new Uint8Array([...encode('ok\n'), 0x4a, 0xe9, 0x0a, ...encode('\uFFFD fine\n'), 0xc3, 0x28, 0x0a, ...encode('é')]);
    const read = LineSource.fromUtf8(bytes);
    for (let i = 0; i < read.count; i++) read.line(i);
    const asked = LineSource.fromUtf8(bytes);
    expect([...read.invalidLines()].sort()).toEqual([1, 3]);
    expect([0, 1, 2, 3, 4].map((i) => asked.isInvalid(i))).toEqual([false, true, false, true, false]);
  });

  it('marks invalid lines exactly, whatever the chunk size and the alignment of the bytes in their buffer', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    const valid = (b: Uint8Array): boolean => {
      try {
        strict.decode(b);
        return true;
      } catch {
        return false;
      }
    };
    const lineBytes = fc.oneof(fc.uint8Array({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 8 }).map(encode))
      .map((b) => b.filter((x) => x !== 10 && x !== 13));
    fc.assert(
      fc.property(fc.array(lineBytes, { maxLength: 20 }), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1, max: 40 }), (lines, offset, chunk) => {
        const joined = lines.flatMap((l) => [...l, 10]);
        const buffer = new Uint8Array(offset + joined.length);
        buffer.set(joined, offset);
        const src = LineSource.fromUtf8(buffer.subarray(offset));
        src.chunkBytes = chunk;
        expect(Array.from({ length: src.count }, (_, i) => src.isInvalid(i))).toEqual(lines.map((l) => !valid(l)));
      }),
      { numRuns: 500 },
    );
  });

  it('crosses the worker boundary as plain data', () => {
    const src = LineSource.fromUtf8(new Uint8Array([...encode('a\n'), 0xff, 0x0a, ...encode('c')]));
    const back = LineSource.fromData(structuredClone(src.toData()));
    expect([back.ownLine(0), back.ownLine(2), back.isInvalid(1), back.isInvalid(2)]).toEqual(['a', 'c', true, false]);
  });
});

describe('utf8Valid', () => {
  it('agrees with a strict TextDecoder on any bytes', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => {
        let ok = true;
        try {
          strict.decode(bytes);
        } catch {
          ok = false;
        }
        expect(utf8Valid(bytes, 0, bytes.length)).toBe(ok);
      }),
      { numRuns: 2000 },
    );
  });
});
