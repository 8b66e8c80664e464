/**
 * The log's lines, read from its bytes without ever holding the whole file as one decoded string.
 *
 * A 100 MB log decoded at once is a 100 MB string, or 200 MB as soon as one character is outside Latin-1 (V8
 * then stores every char in two bytes); kept next to the input bytes and the events, that alone broke the memory
 * budget. So lines are found on the bytes (native indexOf on LF and CR), and text is decoded a few megabytes
 * at a time when a stage asks for a line. After parsing the same source cuts any line or payload back out of the
 * bytes on demand: events keep offsets, not strings.
 *
 * UTF-16 input is transcoded to UTF-8 once, up front, so everything downstream (offsets, payload byte counts)
 * deals with one encoding.
 */

import { byteView, firstFlagged, zeroBytes } from './byte-words';
import { asciiText } from './ascii-text';

interface Decoder {
  decode(input: Uint8Array): string;
}
type DecoderCtor = new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => Decoder;
interface Encoder {
  encode(input: string): Uint8Array;
}
// TextDecoder/TextEncoder exist in every target (browsers, workers, Node) but not in the ES2022 lib the pure core
// compiles against; this module and decode.ts are the only places that reach for them.
const TextDecoderCtor = (globalThis as unknown as { TextDecoder: DecoderCtor }).TextDecoder;
const TextEncoderCtor = (globalThis as unknown as { TextEncoder: new () => Encoder }).TextEncoder;

const lenientDecoder = new TextDecoderCtor('utf-8');
const sharedEncoder = new TextEncoderCtor();
/** UTF-8 bytes to text, invalid sequences as U+FFFD (for the core's modules that are not line-based). */
export const utf8Decode = (b: Uint8Array): string => lenientDecoder.decode(b);
export const utf8Encode = (s: string): Uint8Array => sharedEncoder.encode(s);

/** Bytes decoded per chunk: large enough that the native decoder dominates, small enough to stay cache-friendly. */
const CHUNK_BYTES = 4 << 20;
/** Longest line `ownLine` turns into a string by char codes: apply passes every byte as an argument. */
const ASCII_FAST_MAX = 512;
/** Lines validated per call at least (isInvalid is asked line by line in order). */
const VALIDATE_BATCH = 4096;
const LF = 10;
const CR = 13;

export type LineEndings = 'crlf' | 'lf' | 'cr' | 'mixed' | 'none';

/** What crosses from the worker to the page: plain typed arrays, so they can be transferred. */
export interface LineSourceData {
  readonly bytes: Uint8Array;
  readonly starts: Int32Array;
  /** Terminator length of each line (0, 1 or 2 bytes): a line ends where the next starts, less its terminator. */
  readonly terms: Uint8Array;
  readonly count: number;
  /** 0-based lines whose bytes are not valid UTF-8, sorted. */
  readonly invalid: Int32Array;
}

interface Chunk {
  readonly first: number; // first line index
  readonly end: number; // one past the last line index
  readonly text: string;
  readonly byteBase: number;
  /** Char offsets of each line when the chunk is not pure ASCII (else char offset = byte offset − byteBase). */
  readonly charStarts: Int32Array | null;
  readonly charEnds: Int32Array | null;
}

export class LineSource {
  readonly bytes: Uint8Array;
  /** Byte offset where each line starts. */
  readonly starts: Int32Array;
  /**
   * Terminator length of each line: `end(i)` derives where it ends. A byte per line instead of an Int32 of ends
   * (3.4M lines in a 100 MB transcript: 10 MB less at the parse's memory peak).
   */
  readonly terms: Uint8Array;
  readonly count: number;
  readonly endings: LineEndings;
  /**
   * The file's byte order mark is left out by offset (`skip`); any U+FEFF the decoder meets is text (page damage
   * the markup cleaner knows). With the default (ignoreBOM false) a U+FEFF was dropped only when it happened to
   * open a decode: a line read on its own or opening a chunk lost it, the same line read inside a chunk kept it.
   */
  private readonly decoder = new TextDecoderCtor('utf-8', { ignoreBOM: true });
  private readonly invalid = new Set<number>();
  /** The two most recent chunks: a payload that runs past a chunk's end must not make the reader thrash. */
  private current: Chunk | null = null;
  private previous: Chunk | null = null;
  private allChecked = false;
  /** Lines before this index have been checked for invalid UTF-8. */
  private validatedEnd = 0;
  /**
   * A bit per line: the line holds a byte ≥ 0x80 (only those can be invalid UTF-8). Found by the split, which reads
   * every word anyway; null on a source rebuilt from data, which arrives with every line checked.
   */
  private high: Uint32Array | null = null;

  /** Bytes decoded per chunk (tests make it small to cross chunk boundaries often). */
  chunkBytes = CHUNK_BYTES;

  private constructor(bytes: Uint8Array, starts: Int32Array, terms: Uint8Array, count: number, endings: LineEndings) {
    this.bytes = bytes;
    this.starts = starts;
    this.terms = terms;
    this.count = count;
    this.endings = endings;
  }

  /** Index the lines of UTF-8 bytes (`skip` bytes of BOM are left out of the first line). */
  static fromUtf8(bytes: Uint8Array, skip = 0): LineSource {
    const { starts, terms, count, endings, high } = splitByteLines(bytes, skip);
    const s = new LineSource(bytes, starts, terms, count, endings);
    s.high = high;
    return s;
  }

  /** UTF-16 text: transcoded to UTF-8 once so every later stage sees one encoding. */
  static fromUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): LineSource {
    const text = new TextDecoderCtor(encoding).decode(bytes);
    return LineSource.fromUtf8(new TextEncoderCtor().encode(text));
  }

  /**
   * The first `count` lines as a source of their own, over the same bytes with the same line numbers: a reader of
   * a block of the file (read with another dialect than the rest) stops where the block ends.
   */
  linesBefore(count: number): LineSource {
    if (count >= this.count) return this;
    const s = new LineSource(this.bytes.subarray(0, this.starts[count] ?? this.bytes.length), this.starts, this.terms, count, this.endings);
    s.high = this.high;
    return s;
  }

  /** Rebuild a source from its transferred parts (the page side of the worker). */
  static fromData(d: LineSourceData): LineSource {
    const s = new LineSource(d.bytes, d.starts, d.terms, d.count, 'none');
    for (const i of d.invalid) s.invalid.add(i);
    s.allChecked = true;
    return s;
  }

  /** The parts to transfer; checks every chunk for invalid UTF-8 first so the page needs no second pass. */
  toData(): LineSourceData {
    this.checkAll();
    const invalid = Int32Array.from([...this.invalid].sort((a, b) => a - b));
    return { bytes: this.bytes, starts: this.starts, terms: this.terms, count: this.count, invalid };
  }

  /**
   * Text of line i (0-based), without its terminator. Reading in order (a reader's pass) goes through decoded
   * chunks; any other access decodes just that line. The result may share memory with its chunk: a string kept
   * past the pass must come from `ownLine`.
   */
  line(i: number): string {
    const c = this.cachedChunk(i);
    if (c === null) return this.ownLine(i);
    if (c.charStarts === null || c.charEnds === null) {
      return c.text.slice((this.starts[i] ?? 0) - c.byteBase, (this.end(i)) - c.byteBase);
    }
    const k = i - c.first;
    return c.text.slice(c.charStarts[k], c.charEnds[k]);
  }

  /** Line i decoded on its own: a string that holds no chunk alive (what events and UI rows keep). */
  ownLine(i: number): string {
    const from = this.starts[i] ?? 0;
    const to = this.end(i);
    // A line of ASCII bytes (the split's bit is clear) is its own char codes. For a line of a few dozen bytes,
    // fromCharCode took 0.26-0.53 µs in Chromium against 0.61-0.73 µs for TextDecoder; explaining every error of
    // the 100 MB bench log decodes ~100,000 command lines.
    if (to - from <= ASCII_FAST_MAX && this.isAsciiLine(i)) return asciiText(this.bytes, from, to);
    return this.decoder.decode(this.bytes.subarray(from, to));
  }

  /** True when the split found no byte ≥ 0x80 in line i (false when it is not known: a source rebuilt from data). */
  private isAsciiLine(i: number): boolean {
    const high = this.high;
    return high !== null && ((high[i >>> 5] ?? 0) & (1 << (i & 31))) === 0;
  }

  /**
   * `line(i).slice(0, chars)`, decoding at most the bytes those chars can take (4 per char): format detection reads
   * the head of 2,000 lines, and going through `line` decoded the whole first chunk (4 MB) for it.
   */
  linePrefix(i: number, chars: number): string {
    const start = this.starts[i] ?? 0;
    return this.decoder.decode(this.bytes.subarray(start, Math.min(this.end(i), start + 4 * chars))).slice(0, chars);
  }

  /** Text of lines a..b (0-based, inclusive) with the terminators between them, as the file has them. */
  span(a: number, b: number): string {
    if (b < a) return '';
    return this.decoder.decode(this.bytes.subarray(this.starts[a] ?? 0, this.end(b)));
  }

  /** The text of bytes [a, b) of the source (a few bytes: a token cut out of a line). */
  text(a: number, b: number): string {
    return this.decoder.decode(this.bytes.subarray(a, b));
  }

  /** Byte offset where line i ends (its terminator excluded). */
  end(i: number): number {
    // lineEnd's rule, written out: called several times per line by the readers, and through lineEnd the
    // property reads would also see the transferred data's shape (polymorphic).
    return (i + 1 < this.count ? (this.starts[i + 1] ?? 0) : this.bytes.length) - (this.terms[i] ?? 0);
  }

  /** Bytes of line i (UTF-8, without the terminator): what a payload body line counts on the wire. */
  byteLength(i: number): number {
    return (this.end(i)) - (this.starts[i] ?? 0);
  }

  /** True when line i's bytes are not valid UTF-8 (it is shown with U+FFFD). */
  isInvalid(i: number): boolean {
    if (!this.allChecked && i >= this.validatedEnd) this.validateThrough(i);
    // Most logs have no invalid line at all: no Set look-up per line asked about.
    return this.invalid.size !== 0 && this.invalid.has(i);
  }

  /**
   * The chunk holding line i when the access is part of an in-order pass: a line of a chunk in hand, the line
   * right after the current chunk, or the first line read at all. Null for random access.
   */
  private cachedChunk(i: number): Chunk | null {
    const cur = this.current;
    if (cur === null ? i === 0 : i === cur.end) return this.chunkOf(i);
    if (cur !== null && i >= cur.first && i < cur.end) return cur;
    const prev = this.previous;
    if (prev !== null && i >= prev.first && i < prev.end) return prev;
    return null;
  }

  /**
   * Forget the decoded chunks. Called when the reading pass is over: two chunks are up to 16 MB of text that no
   * later stage reads in order (they cut single lines), held while the rest of the parse peaks.
   */
  releaseChunks(): void {
    this.current = null;
    this.previous = null;
  }

  /** Every invalid line (checks the whole file; 0-based, unordered). */
  invalidLines(): ReadonlySet<number> {
    this.checkAll();
    return this.invalid;
  }

  /** The whole file as one string, for readers that walk it freely (documentation transcripts, papyon, Miranda). */
  wholeText(): string {
    // From the first line's start: the file's byte order mark is not text.
    return this.decoder.decode(this.bytes.subarray(this.starts[0] ?? 0));
  }

  private checkAll(): void {
    if (this.allChecked) return;
    this.validateThrough(this.count - 1);
    this.allChecked = true;
  }

  /**
   * Validate the lines up to i (and some way beyond, so a reader asking line by line pays one call per batch).
   * Only lines holding a byte ≥ 0x80 can be invalid, and the split marked them: the rest are skipped 32 at a time
   * on the bitset. (A strict native decode builds a two-byte string as soon as one character is not Latin-1, a
   * byte loop is slow, and a separate four-bytes-at-a-time scan read all 100 MB a second time.)
   */
  private validateThrough(i: number): void {
    const high = this.high;
    const target = Math.min(this.count, Math.max(i + 1, this.validatedEnd + VALIDATE_BATCH));
    if (high === null) {
      this.validatedEnd = target;
      return;
    }
    const b = this.bytes;
    let line = this.validatedEnd;
    while (line < target) {
      const word = high[line >>> 5] ?? 0;
      if (word === 0) {
        line = (line | 31) + 1;
        continue;
      }
      if ((word & (1 << (line & 31))) !== 0 && !utf8Valid(b, this.starts[line] ?? 0, this.end(line))) this.invalid.add(line);
      line++;
    }
    this.validatedEnd = target;
  }

  private chunkOf(i: number): Chunk {
    const cur = this.current;
    if (cur !== null && i >= cur.first && i < cur.end) return cur;
    const prev = this.previous;
    if (prev !== null && i >= prev.first && i < prev.end) {
      this.previous = cur;
      this.current = prev;
      return prev;
    }
    const next = this.load(i);
    this.previous = cur;
    this.current = next;
    return next;
  }

  /** Decode the chunk of lines starting at line i: up to CHUNK_BYTES, at least one line. */
  private load(first: number): Chunk {
    const byteBase = this.starts[first] ?? 0;
    let end = first + 1;
    // Galloping would save little: the loop is a compare per line and runs once per line per parse.
    while (end < this.count && (this.end(end)) - byteBase <= this.chunkBytes) end++;
    const byteEnd = this.end(end - 1);
    const bytes = this.bytes.subarray(byteBase, byteEnd);
    const text = this.decoder.decode(bytes);
    let charStarts: Int32Array | null = null;
    let charEnds: Int32Array | null = null;
    if (text.length !== bytes.length || hasHighBytes(bytes)) {
      // Not one char per byte: find each line in the text by its terminator (CR and LF decode one to one).
      const n = end - first;
      charStarts = new Int32Array(n);
      charEnds = new Int32Array(n);
      let pos = 0;
      for (let k = 0; k < n; k++) {
        const i = first + k;
        charStarts[k] = pos;
        if (k === n - 1) {
          charEnds[k] = text.length;
          break;
        }
        const termBytes = (this.starts[i + 1] ?? 0) - (this.end(i));
        const lastByte = this.bytes[(this.starts[i + 1] ?? 1) - 1];
        let e: number;
        if (lastByte === LF) {
          e = text.indexOf('\n', pos);
          if (termBytes === 2) e--; // CRLF
        } else e = text.indexOf('\r', pos);
        if (e < 0) e = text.length;
        charEnds[k] = e;
        pos = e + termBytes;
      }
    }
    return { first, end, text, byteBase, charStarts, charEnds };
  }
}

/** Whether bytes[s, e) are valid UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF). */
export function utf8Valid(b: Uint8Array, s: number, e: number): boolean {
  let k = s;
  while (k < e) {
    const c = b[k] ?? 0;
    if (c < 0x80) {
      k++;
      continue;
    }
    let need: number;
    let min: number;
    let cp: number;
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
      cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
      cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
      cp = c & 0x07;
    } else return false;
    if (k + need >= e) return false;
    for (let j = 1; j <= need; j++) {
      const d = b[k + j] ?? 0;
      if ((d & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    k += need + 1;
  }
  return true;
}

function hasHighBytes(bytes: Uint8Array): boolean {
  // Only reached when lengths agree, which invalid bytes can fake (one byte → one U+FFFD): rare, so a plain loop.
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] ?? 0) >= 0x80) return true;
  return false;
}

/**
 * Split bytes on LF, CRLF and lone CR in one pass over the bytes, four at a time (nextLineBreak). (TypedArray
 * indexOf pays a call per line that costs more than the loop: a 100 MB log has millions of lines.)
 */
function splitByteLines(bytes: Uint8Array, skip: number): { starts: Int32Array; terms: Uint8Array; count: number; endings: LineEndings; high: Uint32Array } {
  const len = bytes.length;
  // Generous: a table that has to grow is copied, while the part of a fresh one never written costs no memory.
  let cap = Math.max(16, (len >>> 4) + 16);
  let starts = new Int32Array(cap);
  let terms = new Uint8Array(cap);
  let high = new Uint32Array((cap >>> 5) + 1);
  let count = 0;
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  let pos = skip;
  let k = skip;
  const view = byteView(bytes);
  while (pos < len) {
    k = nextLineBreak(bytes, view, k, len);
    const end = k;
    let next: number;
    if (k >= len) next = len;
    else if (bytes[k] === LF) {
      lf++;
      next = k + 1;
    } else if (k + 1 < len && bytes[k + 1] === LF) {
      crlf++;
      next = k + 2;
    } else {
      // A CR at the very end counts as a line end, as a lone CR does.
      cr++;
      next = k + 1;
    }
    if (count === cap) {
      cap *= 2;
      starts = grow(starts, cap);
      terms = growBytes(terms, cap);
      const h = new Uint32Array((cap >>> 5) + 1);
      h.set(high);
      high = h;
    }
    starts[count] = pos;
    terms[count] = next - end;
    if ((passed.bits & 0x80808080) !== 0) high[count >>> 5] = (high[count >>> 5] ?? 0) | (1 << (count & 31));
    count++;
    pos = next;
    k = next;
  }
  const kinds = (crlf > 0 ? 1 : 0) + (lf > 0 ? 1 : 0) + (cr > 0 ? 1 : 0);
  const endings: LineEndings = kinds === 0 ? 'none' : kinds > 1 ? 'mixed' : crlf > 0 ? 'crlf' : lf > 0 ? 'lf' : 'cr';
  // Views, not trimmed copies: the unused tail of a fresh typed array was never written, so the OS never gave it
  // pages, while a copy would add the tables' size again at the moment memory peaks.
  return { starts: starts.subarray(0, count), terms: terms.subarray(0, count), count, endings, high };
}

/** What nextLineBreak saw besides the break: the OR of the bytes it passed (bit 7 set: a byte ≥ 0x80). */
const passed = { bits: 0 };

/**
 * The offset of the next LF or CR in b[k, len), or len. Reads four bytes at a time from any offset (a DataView
 * read need not be aligned): a word holds one of them when `w ^ 0x0A0A0A0A` or `w ^ 0x0D0D0D0D` has a zero byte
 * (the classic has-zero-byte test, whose lowest flagged byte is always a true one), and that byte is found from
 * the flag's bit position. Aligned words left up to three bytes at each end of every line to a byte loop: lines
 * average 30–60 bytes, so that was a good part of the split. The bytes passed are OR-ed into `passed.bits` on the
 * way, so the split also knows which lines hold a byte ≥ 0x80 — the only ones UTF-8 validation has to read.
 */
function nextLineBreak(b: Uint8Array, view: DataView, k: number, len: number): number {
  let bits = 0;
  while (k + 4 <= len) {
    const x = view.getUint32(k, true);
    const hit = zeroBytes(x ^ 0x0a0a0a0a) | zeroBytes(x ^ 0x0d0d0d0d);
    if (hit !== 0) {
      const at = firstFlagged(hit); // the first break's byte in the word
      passed.bits = bits | (x & ((1 << (at * 8)) - 1));
      return k + at;
    }
    bits |= x;
    k += 4;
  }
  while (k < len) {
    const c = b[k] ?? 0;
    if (c === LF || c === CR) break;
    bits |= c;
    k++;
  }
  passed.bits = bits;
  return k;
}

function growBytes(a: Uint8Array<ArrayBuffer>, cap: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(cap);
  b.set(a);
  return b;
}

/** Where line i of a source (or its transferred data) ends: the next line's start, less this line's terminator. */
export function lineEnd(s: Pick<LineSourceData, 'bytes' | 'starts' | 'terms' | 'count'>, i: number): number {
  const next = i + 1 < s.count ? (s.starts[i + 1] ?? 0) : s.bytes.length;
  return next - (s.terms[i] ?? 0);
}

function grow(a: Int32Array<ArrayBuffer>, cap: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}
