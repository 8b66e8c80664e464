/**
 * Stage 1 of the pipeline: bytes → the log's lines (a LineSource) and what the file is.
 *
 * Nothing is decoded here: lines are found on the bytes and decoded a few megabytes at a time as the readers
 * ask (line-source.ts), so a 100 MB log never exists as one 100–200 MB string. Payload byte counts are the
 * lines' UTF-8 byte lengths, which is what the wire carried whatever the log file's own encoding was.
 *
 * Handles: UTF-8 with/without BOM, UTF-16 LE/BE with a BOM (and BOM-less UTF-16 by its NUL pattern, transcoded
 * to UTF-8), CRLF, LF and lone CR, invalid UTF-8 (kept as U+FFFD, its lines marked), binary files (flagged by
 * their control bytes).
 */
import { LineSource } from './line-source';
import type { InputInfo, TextEncoding } from './types';

/** Where each line starts and ends in the decoded text (end excludes the line terminator). */
export interface LineTable {
  readonly count: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

export interface DecodedInput {
  /** The lines, decoded from the bytes on demand: what the readers use. */
  readonly source: LineSource;
  readonly info: Omit<InputInfo, 'fileName'>;
  /** The whole text and its char line table: built on first use only (tests, whole-text tools). */
  readonly text: string;
  readonly lines: LineTable;
  /** 0-based indexes of lines whose bytes were not valid UTF-8; null when there are none. */
  readonly invalidLines: ReadonlySet<number> | null;
}

const HEAD_BYTES = 65_536;

/** Above this share of control bytes in the head, the file is treated as binary. */
export const BINARY_THRESHOLD = 0.1;

/** Index a whole log file's lines. Never throws; decodes nothing yet. */
export function decodeBytes(bytes: Uint8Array): DecodedInput {
  const encoding = sniffEncoding(bytes);
  const binaryRatio = encoding === 'utf-16le' || encoding === 'utf-16be' ? 0 : controlByteRatio(bytes);
  const effective: TextEncoding = binaryRatio > BINARY_THRESHOLD ? 'binary' : encoding;
  const source = encoding === 'utf-16le' || encoding === 'utf-16be'
    ? LineSource.fromUtf16(bytes, encoding)
    : LineSource.fromUtf8(bytes, encoding === 'utf-8-bom' ? 3 : 0);
  return {
    source,
    info: {
      bytes: bytes.length, lines: source.count, encoding: effective, lineEndings: source.endings, binaryRatio,
      // Counted when asked: it scans the whole file, which a parse has done anyway by the time it asks.
      get invalidUtf8Lines() {
        return source.invalidLines().size;
      },
    },
    get text() {
      return charLineTable(source).text;
    },
    get lines() {
      return charLineTable(source).lines;
    },
    get invalidLines() {
      return invalidLinesOf(source);
    },
  };
}

/** The 0-based invalid lines of a source, or null when there are none. */
export function invalidLinesOf(source: LineSource): ReadonlySet<number> | null {
  const set = source.invalidLines();
  return set.size === 0 ? null : set;
}

const wholeTables = new WeakMap<LineSource, { text: string; lines: LineTable }>();

/**
 * The whole decoded text with the char offsets of every line, from the byte table: a line's chars are its
 * decoded bytes, and CR/LF decode one to one, so the two tables pair up line by line.
 */
export function charLineTable(source: LineSource): { text: string; lines: LineTable } {
  // Built once per source: whoever asks first (a whole-text reader, a test) pays for it.
  const known = wholeTables.get(source);
  if (known !== undefined) return known;
  const text = source.wholeText();
  const n = source.count;
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  const base = source.starts[0] ?? 0;
  const ascii = text.length === source.bytes.length - base;
  let pos = 0;
  for (let i = 0; i < n; i++) {
    if (ascii) {
      starts[i] = (source.starts[i] ?? 0) - base;
      ends[i] = source.end(i) - base;
      continue;
    }
    starts[i] = pos;
    const len = source.line(i).length;
    ends[i] = pos + len;
    pos += len + (i + 1 < n ? (source.starts[i + 1] ?? 0) - source.end(i) : 0);
  }
  const table = { text, lines: { count: n, starts, ends } };
  wholeTables.set(source, table);
  return table;
}

/** BOMs decide; without one, a head where every other byte is NUL is BOM-less UTF-16. */
export function sniffEncoding(bytes: Uint8Array): TextEncoding {
  const [b0, b1, b2] = [bytes[0], bytes[1], bytes[2]];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return 'utf-8-bom';
  if (b0 === 0xff && b1 === 0xfe) return 'utf-16le';
  if (b0 === 0xfe && b1 === 0xff) return 'utf-16be';
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 8) return 'utf-8';
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const half = n / 2;
  if (oddNul > half * 0.9 && evenNul < half * 0.05) return 'utf-16le';
  if (evenNul > half * 0.9 && oddNul < half * 0.05) return 'utf-16be';
  return 'utf-8';
}

/** Share of bytes in the head that no text log contains (NUL, C0 controls other than tab/LF/CR/FF/ESC). */
export function controlByteRatio(bytes: Uint8Array): number {
  const n = Math.min(bytes.length, HEAD_BYTES);
  if (n === 0) return 0;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] ?? 0;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) bad++;
  }
  return bad / n;
}

/** UTF-8 byte length of text[from, to) — payload lengths count bytes. */
export function utf8Length(text: string, from = 0, to = text.length): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}
