/**
 * The reading loop shared by line-prefixed dialects (transcript, aMSN, Escargot, libpurple): each line either
 * matches the dialect's protocol prefix (giving direction, connection hint, time and where the MSNP text
 * starts) or is non-protocol. After a header that declares a payload, following lines the dialect accepts as
 * body are attached; after a long line, an unprefixed line that continues a cut token is a hard-wrapped
 * continuation and is joined.
 */
import type { LineSource } from '../line-source';
import { fastContext, isBlankBytes, isPlainLine, readFastMessage } from './fast-lines';
import { collectPayload, hiddenPayload, type BodySource } from '../payload';
import { tokenizeLine, type Tokens } from '../tokenize';
import type { ConnectionKind, Direction, EventFlag, NonProtocolReason, Payload } from '../types';
import { allQuotesEnd, cleanMarkup, mayHaveMarkup, mayHideRecord, quotedBodyPrefix, quotedStart } from './markup';
import { Clock, messageFlags, NO_FLAGS, Sink, sinkOf, type ReadInput, type ReadOutput } from './reader';

/** Filled by a dialect's matcher; reused for every line to keep the loop allocation-free. */
export interface LineMatch {
  direction: Direction | null;
  /** Absolute offset in the text where the MSNP line starts. */
  rawStart: number;
  connectionHint: string | null;
  kindHint: ConnectionKind | null;
  /** ms since midnight, or -1 when the line has no time. */
  time: number;
  flags: readonly EventFlag[];
}

export interface LineDialect {
  /** Fill `m` and return true when line [start, end) is a protocol line. */
  match(text: string, start: number, end: number, m: LineMatch, lineIndex: number): boolean;
  /** False when the format never prints payload bodies (libpurple, Escargot): nothing is eaten. */
  readonly payloadsShown: boolean;
  /**
   * Reason for a non-protocol line (connection events, annotations); default 'noise'. `opensConnection` when the
   * line says a new TCP connection was made (aMSN `< Connected to: … >`): the next client message starts it.
   */
  classify?(line: string): { reason: NonProtocolReason; note?: string; opensConnection?: boolean };
  /** Whether line [start, end) may be body text / a continuation (default: any line that does not match). */
  isRecordStart?(text: string, start: number, end: number): boolean;
  /**
   * `match` on the log's bytes[start, end), with `m.rawStart` an absolute byte offset: a dialect that has it is
   * read on bytes for every plain line (fast-lines.ts). It must accept exactly the lines `match` accepts.
   */
  matchBytes?(bytes: Uint8Array, start: number, end: number, m: LineMatch, lineIndex: number): boolean;
  /** `isRecordStart` on bytes, for dialects that have both. */
  isRecordStartBytes?(bytes: Uint8Array, start: number, end: number): boolean;
  /**
   * For a body line the log's writer put in place of bytes it left out, the count of bytes it says it stands for
   * (BodySource.summaryBytesAt), else −1. Such a line ends the payload.
   */
  payloadSummaryBytes?(line: string): number;
}

const GT = 62;
const BAR = 124;

/** Lines at least this long are candidates for a hard wrap onto the next line. */
export const WRAP_MIN = 76;

export function readLines(input: ReadInput, dialect: LineDialect): ReadOutput {
  const sink = sinkOf(input);
  const src = input.source;
  const m: LineMatch = { direction: null, rawStart: 0, connectionHint: null, kindHint: null, time: -1, flags: NO_FLAGS };
  const scratch: LineMatch = { ...m };
  const clock = new Clock();
  const isRecord = (t: string, from: number, j: number): boolean =>
    dialect.isRecordStart ? dialect.isRecordStart(t, from, t.length) : dialect.match(t, from, t.length, scratch, j);
  // A record under a forum quote or an escaped arrow is a record too (it never ends up in a payload or a wrap).
  const isBody = (j: number): boolean => {
    const t = src.line(j);
    if (isRecord(t, 0, j)) return false;
    return !(mayHideRecord(t) && isDamagedRecord(t, j, isRecord));
  };
  // The quote prefix of the header whose payload is being collected ('' for an unquoted one, nearly always).
  const quoted: QuoteState = { prefix: '' };
  const body: BodySource = {
    lineCount: src.count,
    // Body lines count their bytes on the wire: the source's UTF-8 byte length, no per-char loop. Under a quote the
    // wire had the line without it: the declared length never counted the quote marker.
    bodyBytes: (j) => (!isBody(j) ? -1 : quoted.prefix === '' ? src.byteLength(j) : src.byteLength(j) - quotedBodyPrefix(src.line(j), quoted.prefix)),
    // Streaming into the event builder, the store cuts payload text from the source itself (payloadInSource):
    // decoding it here too would be thrown away.
    bodyText: (a, b) => (input.onMessage === undefined ? src.span(a, b) : ''),
    ...summaryTest(src, dialect),
  };
  // Streaming into the event builder, a dialect that matches on bytes reads its plain lines without strings.
  const fast = dialect.matchBytes !== undefined && input.onMessage !== undefined
    ? fastContext(sink, src, dialect, clock, input.onMessage, body.bodyText, isBody)
    : null;
  const bytes = src.bytes;
  let i = input.firstLine ?? 0;
  while (i < src.count) {
    sink.progress(i);
    if (fast !== null && dialect.matchBytes !== undefined) {
      const s = src.starts[i] ?? 0;
      const e = src.end(i);
      if (dialect.matchBytes(bytes, s, e, m, i)) {
        const next = readFastMessage(fast, m, i);
        if (next >= 0) {
          i = next;
          continue;
        }
      } else if (dialect.classify === undefined && bytes[s] !== GT && bytes[s] !== BAR && isPlainLine(bytes, s, e)) {
        // (A line that starts with `>` or `|` may be a quoted record: the string path looks under the quote.)
        sink.plainNoise(i, isBlankBytes(bytes, s, e));
        i++;
        continue;
      }
    }
    const line = src.line(i);
    if (dialect.match(line, 0, line.length, m, i) && !(line.charCodeAt(0) === GT && quotedArrow(line, dialect, m, i, quoted))) {
      i = readMessage(sink, src, dialect, m, clock, body, isBody, i, line, false, quoted);
      continue;
    }
    // (quotedArrow already read a raw-matched line under its quote when it set the prefix.)
    const undamagedLine = quoted.prefix !== '' ? line : matchDamaged(line, dialect, m, i, quoted);
    if (undamagedLine !== null) {
      i = readMessage(sink, src, dialect, m, clock, body, isBody, i, undamagedLine, undamagedLine !== line, quoted);
      continue;
    }
    classifyNoise(sink, dialect, i, line);
    i++;
  }
  return sink.output();
}

/** BodySource.summaryBytesAt for a dialect that writes summary lines (the capture's rendering), else nothing. */
export function summaryTest(src: LineSource, dialect: LineDialect): Pick<BodySource, 'summaryBytesAt'> {
  const test = dialect.payloadSummaryBytes;
  if (test === undefined) return {};
  // Only a line that starts with `[` (or a quote marker, which may stand before it) is decoded to be asked.
  return {
    summaryBytesAt: (j) => {
      const c = src.bytes[src.starts[j] ?? 0];
      if (c === 91) return test(src.line(j));
      if (c !== GT && c !== BAR) return -1;
      const line = src.line(j);
      return test(line.slice(allQuotesEnd(line)));
    },
  };
}

/**
 * A prefix hidden by page damage: a forum quote (`> >>> USR …`, `> > (10:00:48) msn: C: …`), entities
 * (`&#65279;>>> USR …`, `&lt;&lt;&lt; 911 0`) or both: match again under it. Returns the line the match points
 * into (the line itself when only a quote was skipped, so its text stays in the source), or null.
 */
function matchDamaged(line: string, dialect: LineDialect, m: LineMatch, i: number, quoted: QuoteState): string | null {
  const q = quotedStart(line, (t, from) => dialect.match(t, from, t.length, m, i) && !isQuotedArrow(t, m, from));
  if (q > 0) {
    m.flags = addFlag(m.flags, 'markup-removed');
    quoted.prefix = line.slice(0, q);
    return line;
  }
  if (!mayHaveMarkup(line)) return null;
  const c = cleanMarkup(line);
  if (!c.markup && !c.escaped) return null;
  // Entities may hide a quote too (`>&#65279;>>> USR …`, `>&gt;&gt;&gt; VER …`): as it is first, then under its
  // quote levels.
  let cq = 0;
  if (!dialect.match(c.text, 0, c.text.length, m, i) || isQuotedArrow(c.text, m)) {
    cq = quotedStart(c.text, (t, from) => dialect.match(t, from, t.length, m, i) && !isQuotedArrow(t, m, from));
    if (cq === 0 && !dialect.match(c.text, 0, c.text.length, m, i)) return null;
  }
  if (c.markup || cq > 0) m.flags = addFlag(m.flags, 'markup-removed');
  if (c.escaped) m.flags = addFlag(m.flags, 'html-escaped');
  quoted.prefix = c.text.slice(0, cq);
  return c.text;
}

/**
 * The quote prefix of the header a payload is being read for, so its body lines are counted without it. Set by
 * the rare branches that read a line under a quote, cleared once the message is read.
 */
interface QuoteState {
  prefix: string;
}

/**
 * A line that matched as an arrow but reads as nothing there, because its first `>` is a quote written without a
 * space (`>>>> VER 1 MSNP8` is `>>> VER 1 MSNP8` quoted with `>`): true when it reads under the quote (m and the
 * quote are then set for that). Asked only for a line that starts with `>`, and tokenizes only that line.
 */
function quotedArrow(line: string, dialect: LineDialect, m: LineMatch, i: number, quoted: QuoteState): boolean {
  if (!isQuotedArrow(line, m)) return false;
  if (matchDamaged(line, dialect, m, i, quoted) !== null) return true;
  dialect.match(line, 0, line.length, m, i);
  return false;
}

/**
 * `>>>>` at `from` in front of text that is no MSNP line where the arrow ends (m: the line matched from there): one
 * more quote level (`>>>>> VER` is `>>> VER` quoted with `>>`).
 */
function isQuotedArrow(line: string, m: LineMatch, from = 0): boolean {
  if (line.charCodeAt(from) !== GT || line.charCodeAt(from + 1) !== GT || line.charCodeAt(from + 2) !== GT || line.charCodeAt(from + 3) !== GT) return false;
  return tokenizeLine(line.slice(m.rawStart), m.direction) === null;
}

/** Whether a line that may hide a record under page damage is one (isBody's rare branch). */
function isDamagedRecord(line: string, j: number, isRecord: (t: string, from: number, j: number) => boolean): boolean {
  if (quotedStart(line, (t, from) => isRecord(t, from, j)) > 0) return true;
  if (!mayHaveMarkup(line)) return false;
  const text = cleanMarkup(line).text;
  return text !== line && (isRecord(text, 0, j) || quotedStart(text, (t, from) => isRecord(t, from, j)) > 0);
}

function classifyNoise(sink: Sink, dialect: LineDialect, i: number, line: string): void {
  if (!dialect.classify) {
    sink.noise(i, 'noise');
    return;
  }
  let c = dialect.classify(line);
  // A quoted connection event (`> 18:30:00.998 DS tcp1 connect …`) is one too, and opens its connection.
  if (c.reason === 'noise' && mayHideRecord(line)) {
    const q = allQuotesEnd(line);
    if (q > 0) c = dialect.classify(line.slice(q));
  }
  sink.noise(i, c.reason, c.note);
  if (c.opensConnection === true) sink.markNewConnection();
}

/**
 * Read the message starting at line i (already matched into m, `line` being the line or its cleaned form);
 * returns the next line index.
 */
function readMessage(
  sink: Sink,
  src: LineSource,
  dialect: LineDialect,
  m: LineMatch,
  clock: Clock,
  body: BodySource,
  isBody: (j: number) => boolean,
  i: number,
  line: string,
  cleanedLine: boolean,
  quoted: QuoteState,
): number {
  const next = readMessageUnder(sink, src, dialect, m, clock, body, isBody, i, line, cleanedLine, quoted.prefix);
  quoted.prefix = '';
  return next;
}

/** readMessage for a line read under the quote prefix `quote` ('' when it was not quoted). */
function readMessageUnder(
  sink: Sink,
  src: LineSource,
  dialect: LineDialect,
  m: LineMatch,
  clock: Clock,
  body: BodySource,
  isBody: (j: number) => boolean,
  i: number,
  line: string,
  cleanedLine: boolean,
  quote: string,
): number {
  let raw = line.slice(m.rawStart);
  // raw stays the source line's tail unless a wrap join or markup cleaning changes it.
  let inSource = !cleanedLine;
  let flags = m.flags;
  let endLine = i;
  // Hard-wrapped long tokens: join a next line that continues a token cut at the line's end (and is no record). A long line that
  // already reads as a payload header with its byte length (`MSG alice@x Zo%C3%AB%20%E2%98%95… 141`) is complete:
  // the lines after it are its payload, not its tail.
  // The header's tokens are kept when nothing below changes the line (one tokenization per message).
  let tokens: Tokens | null | undefined = raw.length >= WRAP_MIN && dialect.payloadsShown ? tokenizeLine(raw, m.direction) : undefined;
  const completeHeader = tokens != null && tokens.declaredBytes !== null;
  while (!completeHeader && raw.length >= WRAP_MIN && endLine + 1 < src.count && continuesCutToken(raw, unquoted(src.line(endLine + 1), quote)) && isBody(endLine + 1)) {
    endLine++;
    raw += unquoted(src.line(endLine), quote);
    flags = addFlag(flags, 'wrapped');
    tokens = undefined;
    inSource = false;
  }
  if (mayHaveMarkup(raw)) {
    const cleaned = cleanMarkup(raw);
    if (cleaned.markup) flags = addFlag(flags, 'markup-removed');
    if (cleaned.escaped) flags = addFlag(flags, 'html-escaped');
    if (cleaned.text !== raw) {
      tokens = undefined;
      inSource = false;
    }
    raw = cleaned.text;
  }
  if (tokens === undefined) tokens = tokenizeLine(raw, m.direction);
  if (tokens === null) {
    for (let j = i; j <= endLine; j++) sink.noise(j, 'unreadable', j === i ? notMsnpNote(raw) : 'continuation of an unreadable line');
    return endLine + 1;
  }
  let payload: Payload | null = null;
  let next = endLine + 1;
  if (tokens.declaredBytes !== null) {
    if (dialect.payloadsShown && endLine === i) {
      const got = collectPayload(tokens.declaredBytes, i + 1, body);
      payload = quote === '' ? got.payload : withQuotedText(got.payload, src, quote);
      next = got.next;
    } else payload = hiddenPayload(tokens.declaredBytes);
  }
  const time = m.time >= 0 ? clock.at(m.time) : null;
  const last = payload !== null && payload.lastLine !== null ? payload.lastLine : endLine + 1;
  sink.message(
    { line: i + 1, endLine: last, direction: m.direction, connectionHint: m.connectionHint, kindHint: m.kindHint, time, flags: messageFlags(flags, tokens, rangeInvalid(sink, i, last - 1), m.direction) },
    tokens,
    raw,
    payload,
    // A quoted body's text is the body without its quote (withQuotedText), not the source's lines.
    { rawOffset: inSource ? m.rawStart : -1, payloadInSource: quote === '' },
  );
  return next;
}

/**
 * A payload shown under a quote, its text the body as the wire had it: each line without the quote, the line ends
 * as the file has them (what a transcript copied out of the result shows, and what its length was declared for).
 */
function withQuotedText(payload: Payload, src: LineSource, quote: string): Payload {
  if (payload.firstLine === null || payload.lastLine === null) return payload;
  const parts = src.span(payload.firstLine - 1, payload.lastLine - 1).split(/(\r\n|\r|\n)/);
  const text = parts.map((part, k) => (k % 2 === 1 ? part : unquoted(part, quote))).join('');
  return { ...payload, text };
}

/** A line of a quoted message without the quote (a wrapped token's rest is quoted like its start). */
function unquoted(line: string, quote: string): string {
  return quote === '' ? line : line.slice(quotedBodyPrefix(line, quote));
}

/** A continuation's first token is at least this long: the rest of a ticket, cookie or URL, not a word. */
export const CUT_TOKEN_MIN = 16;

/**
 * Whether `next` continues a token cut at the end of `line`: the line ends inside a token (no trailing space) and
 * `next` starts with a long run of token characters (printable ASCII, no space). Free text after a long line
 * (`PASSPORT begin`, `200 OK`, `login error ;_;`), an indented payload line and a record (`>>> USR 4 …`, `USR 4 …`)
 * all start with a short word or a space, and stay lines of their own.
 */
export function continuesCutToken(line: string, next: string): boolean {
  const last = line.charCodeAt(line.length - 1);
  if (last === 32 || last === 9 || next.length < CUT_TOKEN_MIN) return false;
  for (let k = 0; k < CUT_TOKEN_MIN; k++) {
    const c = next.charCodeAt(k);
    if (c < 33 || c > 126) return false;
  }
  return true;
}

/** continuesCutToken on bytes: line i ends at `end`, the next line is bytes[nextStart, nextEnd). */
export function continuesCutTokenBytes(b: Uint8Array, end: number, nextStart: number, nextEnd: number): boolean {
  const last = b[end - 1] ?? 0;
  if (last === 32 || last === 9 || nextEnd - nextStart < CUT_TOKEN_MIN) return false;
  for (let k = nextStart; k < nextStart + CUT_TOKEN_MIN; k++) {
    const c = b[k] ?? 0;
    if (c < 33 || c > 126) return false;
  }
  return true;
}

function rangeInvalid(sink: Sink, from: number, to: number): boolean {
  for (let j = from; j <= to; j++) if (sink.isInvalid(j)) return true;
  return false;
}

export function addFlag(flags: readonly EventFlag[], flag: EventFlag): readonly EventFlag[] {
  return flags.includes(flag) ? flags : [...flags, flag];
}

/** Why a prefixed line is not an MSNP message, in plain words. */
export function notMsnpNote(raw: string): string {
  if (raw.trim() === '') return 'empty message: the prefix is followed by nothing';
  return 'the prefix is followed by text that does not start with a 3-letter command or a 3-digit error code';
}

export type { Tokens };
