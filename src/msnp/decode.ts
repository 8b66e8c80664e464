/**
 * Stage 1 of the pipeline: bytes → one decoded text plus a table of line boundaries.
 *
 * The whole file is decoded once with the platform's TextDecoder (native, far faster than decoding line by line);
 * every later stage slices that one string, so the text of raw lines and params shares its memory instead of
 * copying it. Line boundaries are char offsets into the text. Payload byte counts are computed later from the
 * text (UTF-8 length), which is what the wire carried whatever the log file's own encoding was.
 *
 * Handles: UTF-8 with/without BOM, UTF-16 LE/BE with a BOM (and BOM-less UTF-16 by its NUL pattern), CRLF, LF
 * and lone CR, invalid UTF-8 (kept as U+FFFD, its lines marked), binary files (flagged by their control bytes).
 */
import type { InputInfo, TextEncoding } from './types';

/** Where each line starts and ends in the decoded text (end excludes the line terminator). */
export interface LineTable {
  readonly count: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

export interface DecodedInput {
  readonly text: string;
  readonly lines: LineTable;
  readonly info: Omit<InputInfo, 'fileName'>;
  /** 0-based indexes of lines whose bytes were not valid UTF-8; null when there are none. */
  readonly invalidLines: ReadonlySet<number> | null;
  /** Every char is ASCII, so char offsets are byte offsets. */
  readonly asciiOnly: boolean;
}

const HEAD_BYTES = 65_536;

/**
 * TextDecoder exists in every target (browsers, workers, Node) but not in the ES2022 lib the pure core compiles
 * against; this is the one place that reaches for it.
 */
interface Utf8Decoder {
  decode(input: Uint8Array): string;
}
type DecoderCtor = new (label?: string, options?: { fatal?: boolean }) => Utf8Decoder;
const TextDecoder = (globalThis as unknown as { TextDecoder: DecoderCtor }).TextDecoder;
/** Above this share of control bytes in the head, the file is treated as binary. */
export const BINARY_THRESHOLD = 0.1;

/** Decode a whole log file. Never throws. */
export function decodeBytes(bytes: Uint8Array): DecodedInput {
  const encoding = sniffEncoding(bytes);
  const binaryRatio = encoding === 'utf-16le' || encoding === 'utf-16be' ? 0 : controlByteRatio(bytes);
  const effective: TextEncoding = binaryRatio > BINARY_THRESHOLD ? 'binary' : encoding;
  const text = decodeText(bytes, encoding);
  const { table, endings } = splitLines(text);
  const invalidLines = encoding === 'utf-8' || encoding === 'utf-8-bom' ? findInvalidLines(bytes, text, table) : null;
  // UTF-8 decoding maps bytes to chars one to one only for ASCII (an invalid byte would too, but is marked).
  const bomBytes = encoding === 'utf-8-bom' ? 3 : 0;
  const asciiOnly = (encoding === 'utf-8' || encoding === 'utf-8-bom') && invalidLines === null && text.length === bytes.length - bomBytes;
  return {
    text,
    lines: table,
    invalidLines,
    asciiOnly,
    info: {
      bytes: bytes.length,
      lines: table.count,
      encoding: effective,
      lineEndings: endings,
      invalidUtf8Lines: invalidLines === null ? 0 : invalidLines.size,
      binaryRatio,
    },
  };
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

function decodeText(bytes: Uint8Array, encoding: TextEncoding): string {
  switch (encoding) {
    case 'utf-16le':
    case 'utf-16be':
      // TextDecoder drops a leading BOM itself (ignoreBOM defaults to false).
      return new TextDecoder(encoding).decode(bytes);
    case 'utf-8-bom':
    case 'utf-8':
    case 'binary':
      return new TextDecoder('utf-8').decode(bytes);
  }
}

/**
 * Split on LF, CRLF and lone CR. Uses indexOf for the common LF/CRLF case and only looks at each CR once, so
 * the cost is one native scan per terminator.
 */
export function splitLines(text: string): { table: LineTable; endings: InputInfo['lineEndings'] } {
  let cap = Math.max(16, (text.length >>> 5) + 16);
  let starts = new Int32Array(cap);
  let ends = new Int32Array(cap);
  let count = 0;
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  let pos = 0;
  let nextCr = text.indexOf('\r');
  const len = text.length;
  while (pos < len) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = len;
    let end = nl;
    let next = nl + 1;
    if (nextCr !== -1 && nextCr < pos) nextCr = text.indexOf('\r', pos);
    if (nextCr !== -1 && nextCr < nl) {
      if (nextCr === nl - 1 && nl < len) {
        end = nl - 1;
        crlf++;
      } else {
        end = nextCr; // lone CR ends the line here
        next = nextCr + 1;
        cr++;
      }
      nextCr = text.indexOf('\r', nextCr + 1);
    } else if (nl < len) lf++;
    if (count === cap) {
      cap *= 2;
      starts = grow(starts, cap);
      ends = grow(ends, cap);
    }
    starts[count] = pos;
    ends[count] = end;
    count++;
    pos = next;
  }
  const kinds = (crlf > 0 ? 1 : 0) + (lf > 0 ? 1 : 0) + (cr > 0 ? 1 : 0);
  const endings = kinds === 0 ? 'none' : kinds > 1 ? 'mixed' : crlf > 0 ? 'crlf' : lf > 0 ? 'lf' : 'cr';
  return { table: { count, starts, ends }, endings };
}

function grow(a: Int32Array, cap: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}

/**
 * Lines holding U+FFFD are checked against their bytes: only when the file as a whole fails strict decoding.
 * Byte lines and text lines correspond one to one because decoding never consumes or invents CR/LF bytes.
 */
function findInvalidLines(bytes: Uint8Array, text: string, table: LineTable): ReadonlySet<number> | null {
  if (text.indexOf('\uFFFD') === -1) return null;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return null;
  } catch {
    // fall through: find the culprits
  }
  const strict = new TextDecoder('utf-8', { fatal: true });
  const out = new Set<number>();
  let bytePos = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let i = 0; i < table.count; i++) {
    const start = bytePos;
    let end = start;
    while (end < bytes.length && bytes[end] !== 0x0a && bytes[end] !== 0x0d) end++;
    bytePos = end < bytes.length && bytes[end] === 0x0d && bytes[end + 1] === 0x0a ? end + 2 : end + 1;
    const s = table.starts[i] ?? 0;
    const e = table.ends[i] ?? 0;
    if (text.lastIndexOf('\uFFFD', e - 1) < s) continue;
    try {
      strict.decode(bytes.subarray(start, end));
    } catch {
      out.add(i);
    }
  }
  return out.size === 0 ? null : out;
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
