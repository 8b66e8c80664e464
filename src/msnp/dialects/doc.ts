/**
 * Dialects G/H, documentation transcripts: `C:`/`S:` and `Client:`/`Server:` prefixes as well as `>>>`/`<<<`,
 * the literal text `\r\n` at a line's end or alone on a line, several messages written on one line exactly as
 * the seed does (`>>> CHG 19 FLN 0\r\n <<< 201 19\r\n`), payloads inline after `\r\n` or on following lines,
 * `<o> …` and `--- …` annotation lines, prose in between.
 *
 * Example lines:
 *   C: QRY 1 msmsgs@msnmsgr.com 32
 *   >>> CAL 3 nonexistent@passport.com
 *   \r\n
 *   <<< CHL 0 15570131571988941333\r\n >>> QRY 10 msmsgs@msnmsgr.com 32\r\n 4f2f5a91b72102cd28355e9fc9000d6e <<< 540 10\r\n
 */
import { utf8Length } from '../decode';
import { collectPayload, hiddenPayload, inlinePayload, type BodySource } from '../payload';
import { tokenizeLine, type Tokens } from '../tokenize';
import type { Direction, EventFlag, Payload } from '../types';
import { addFlag, notMsnpNote } from './line-engine';
import { cleanMarkup, quotedBodyPrefix, quotedStart, quoteEnd } from './markup';
import { countLines, messageFlags, NO_FLAGS, Sink, sinkOf, type Dialect, type ReadInput, type ReadOutput } from './reader';

const CRLF_LITERAL = '\\r\\n';
/** `>>> ` `<<< ` `C: ` `S: ` `Client: ` `Server: ` at the start of a segment (after optional indentation). */
const PREFIX = /^\s*(>>>|<<<|C:|S:|Client:|Server:)(?=\s|$)\s?/;
/** A new message marker inside a line: ` >>> ` / ` <<< ` after some text. */
const INLINE_MARKER = /\s(?=(?:>>>|<<<)(?:\s|$))/;
/** `<o> Server Closes Connection`, `--- switchboard session ---`, a lone `\r\n`. */
const ANNOTATION = /^\s*(?:<o>|---|\\r\\n\s*$)/;
/**
 * `C: QRY 1 …`, `Client: VER 1 MSNP8 CVR0\r\n`, `\r\n`, `>>> CAL 2 @@a\r\n <<< 208 2\r\n`, `<o> …`, and a line with
 * several messages even without the literal `\r\n` (the seed writes `>>> GCF 12 Shields.xml >>> SYN 13 0 0 <<< 715 12`).
 */
const DOC_LINE = /^\s*(?:(?:C|S|Client|Server):\s|\\r\\n\s*$|(?:>>>|<<<).*\\r\\n|(?:>>>|<<<)\s.*\s(?:>>>|<<<)(?:\s|$)|<o>\s)/;

interface Segment {
  readonly direction: Direction;
  readonly raw: string;
}

function directionOf(marker: string): Direction {
  return marker === '>>>' || marker === 'C:' || marker === 'Client:' ? 'client' : 'server';
}

/** Split one line into pieces: at every literal `\r\n`, then before every inline `>>>`/`<<<`. */
export function splitPieces(line: string): string[] {
  const out: string[] = [];
  for (const chunk of line.split(CRLF_LITERAL)) {
    for (const piece of chunk.split(INLINE_MARKER)) {
      const t = piece.trim();
      if (t !== '') out.push(piece.replace(/^\s+/, ''));
    }
  }
  return out;
}

function asSegment(piece: string): Segment | null {
  const m = PREFIX.exec(piece);
  if (!m || m[1] === undefined) return null;
  // Trailing spaces in a documentation page are layout (before the `\r\n` marker), not deleted parameters.
  return { direction: directionOf(m[1]), raw: piece.slice(m[0].length).replace(/\s+$/, '') };
}

export const docDialect: Dialect = {
  id: 'doc',
  name: 'protocol documentation transcript (C:/S:, >>> with literal \\r\\n)',
  pattern: 'C: |S: |Client: |Server: |>>> …\\r\\n',
  sniff: (head) => {
    // Doc-only shapes: a C:/S: prefix, a lone `\r\n`, an arrow line carrying `\r\n`, a `<o>` annotation.
    // (An indented papyon payload line also ends in `\r\n`, so the marker alone does not count.)
    const specific = countLines(head, (l) => DOC_LINE.test(l));
    if (specific === 0) return { matched: 0, shaped: 0 };
    const arrows = countLines(head, (l) => /^\s*(?:>>>|<<<)/.test(l) && !DOC_LINE.test(l)); // each line once
    return { matched: specific + arrows, shaped: specific + arrows };
  },
  read: readDoc,
};

function readDoc(input: ReadInput): ReadOutput {
  const sink = sinkOf(input);
  const count = input.lines.count;
  let i = input.firstLine ?? 0;
  while (i < count) {
    sink.progress(i);
    i = readDocLine(sink, input, i);
  }
  return sink.output();
}

/** Read line i (and any payload lines after it); returns the next line index. */
function readDocLine(sink: Sink, input: ReadInput, i: number): number {
  const original = sink.lineText(i);
  if (ANNOTATION.test(original)) {
    sink.noise(i, 'annotation', undefined, original);
    return i + 1;
  }
  const cleaned = cleanMarkup(original);
  // A quote in front of the line (`> `, `>`, `| `, nested): the transcript is what follows it.
  const quote = docQuoteEnd(cleaned.text);
  const text = quote === 0 ? cleaned.text : cleaned.text.slice(quote);
  if (quote > 0 && ANNOTATION.test(text)) {
    sink.noise(i, 'annotation', undefined, original);
    return i + 1;
  }
  if (!PREFIX.test(text)) {
    sink.noise(i, 'noise', undefined, original);
    return i + 1;
  }
  let base: readonly EventFlag[] = NO_FLAGS;
  if (cleaned.markup || quote > 0) base = addFlag(base, 'markup-removed');
  if (cleaned.escaped) base = addFlag(base, 'html-escaped');
  const parsed = parsePieces(splitPieces(text), i + 1);
  if (parsed.length === 0) {
    sink.noise(i, 'unreadable', notMsnpNote(''), original);
    return i + 1;
  }
  if (parsed.length > 1) base = addFlag(base, 'inline');
  let next = i + 1;
  const lastIdx = parsed.length - 1;
  parsed.forEach((p, k) => {
    let payload = p.payload;
    let endLine = i + 1;
    if (p.tokens.declaredBytes !== null && payload === null && k === lastIdx) {
      const got = collectPayload(p.tokens.declaredBytes, bodyStart(sink, i + 1, count(input), cleaned.text.slice(0, quote)), docBody(sink, input, cleaned.text.slice(0, quote)));
      payload = got.payload;
      if (got.payload.lastLine !== null) {
        markSkipped(sink, i + 1, (got.payload.firstLine ?? 1) - 1);
        endLine = got.payload.lastLine;
        next = got.next;
      }
    } else if (p.tokens.declaredBytes !== null && payload === null) payload = hiddenPayload(p.tokens.declaredBytes);
    const flags = messageFlags(base, p.tokens, sink.isInvalid(i), p.direction);
    sink.message({ line: i + 1, endLine, direction: p.direction, connectionHint: null, kindHint: null, time: null, flags }, p.tokens, p.raw, payload);
  });
  return next;
}

const count = (input: ReadInput): number => input.lines.count;

interface ParsedSegment {
  readonly direction: Direction;
  readonly raw: string;
  readonly tokens: Tokens;
  payload: Payload | null;
}

/** Turn pieces into messages; unprefixed pieces after a payload header are its inline body. */
function parsePieces(pieces: readonly string[], line: number): ParsedSegment[] {
  const out: ParsedSegment[] = [];
  let body: string[] = [];
  let owner: ParsedSegment | null = null;
  const flush = (): void => {
    if (owner !== null && body.length > 0 && owner.tokens.declaredBytes !== null) {
      owner.payload = inlinePayload(owner.tokens.declaredBytes, body.join('\r\n'), line);
    }
    body = [];
  };
  for (const piece of pieces) {
    const seg = asSegment(piece);
    if (seg === null) {
      if (owner !== null && owner.tokens.declaredBytes !== null && bodyBytes(body) < owner.tokens.declaredBytes) body.push(piece.trim());
      continue; // `<o> …` inline annotations and prose stay part of the line
    }
    const tokens = tokenizeLine(seg.raw, seg.direction);
    if (tokens === null) continue;
    flush();
    owner = { direction: seg.direction, raw: seg.raw, tokens, payload: null };
    out.push(owner);
  }
  flush();
  return out;
}

function bodyBytes(parts: readonly string[]): number {
  let n = 0;
  for (const p of parts) n += utf8Length(p) + 2;
  return n;
}

/**
 * Where the transcript under a line's quote starts: the quote levels up to a prefix or annotation (an arrow is
 * never eaten as a quote), else the spaced `> ` quotes; 0 for a line without a quote.
 */
function docQuoteEnd(text: string): number {
  if (PREFIX.test(text)) return 0;
  const at = quotedStart(text, (t, from) => isDocRecord(t.slice(from)));
  return at > 0 ? at : quoteEnd(text, 0);
}

function isDocRecord(text: string): boolean {
  return PREFIX.test(text) || ANNOTATION.test(text);
}

/** A lone `\r\n` right after the header is the terminator the page printed, not body text. */
function bodyStart(sink: Sink, from: number, total: number, quote: string): number {
  if (from >= total) return from;
  const t = sink.lineText(from);
  return t.slice(quotedBodyPrefix(t, quote)).trim() === CRLF_LITERAL ? from + 1 : from;
}

function markSkipped(sink: Sink, from: number, to: number): void {
  for (let j = from; j < to; j++) sink.noise(j, 'annotation');
}

/**
 * Body lines are lines without a prefix or annotation; a trailing literal `\r\n` is the line's CRLF. Under the
 * header's quote (`quote`, '' for none) the body is what follows it, and a quoted record is no body line.
 */
function docBody(sink: Sink, input: ReadInput, quote: string): BodySource {
  const bodyLine = (j: number): string | null => {
    const line = sink.lineText(j);
    const t = quote === '' ? line : line.slice(quotedBodyPrefix(line, quote));
    if (isDocRecord(t) || (quote === '' && quotedStart(t, (x, from) => isDocRecord(x.slice(from))) > 0)) return null;
    const trimmed = t.replace(/^\s+/, '');
    return trimmed.endsWith(CRLF_LITERAL) ? trimmed.slice(0, -CRLF_LITERAL.length) : trimmed;
  };
  return {
    lineCount: input.lines.count,
    bodyBytes: (j) => {
      const b = bodyLine(j);
      return b === null ? -1 : utf8Length(b);
    },
    bodyText: (a, b) => {
      const parts: string[] = [];
      for (let j = a; j <= b; j++) parts.push(bodyLine(j) ?? '');
      return parts.join('\r\n');
    },
  };
}
