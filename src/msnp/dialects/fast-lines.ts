/**
 * The byte-level path of the line engine: for a line-prefixed dialect that can match its prefix on bytes, every
 * plain line (printable ASCII, no markup characters) is matched, tokenized and framed on the log's bytes, and
 * handed to the event builder without a string being made for it. Strings appear only when a later stage asks
 * for a message's params (a few verbs) or raw text.
 *
 * Anything unusual goes back to the string path (line-engine.ts `readMessage`), which stays the reference: a
 * line with non-ASCII bytes or `[`/`&` (markup), a long line that may be hard-wrapped onto the next one, a TrId
 * placeholder, a parameter that looks like a redaction placeholder, an unreadable verb. The string path and this
 * one must give the same events for every line this one accepts; build-events.stream.test.ts checks that on
 * the fixture logs (one side reads with strings only, the other through here).
 */
import { byteView, firstFlagged, zeroBytes } from '../byte-words';
import { asciiText } from '../ascii-text';
import { commandSpec, type CommandSpec } from '../commands';
import type { LineSource } from '../line-source';
import { collectPayloadInto, hiddenPayload, hiddenPayloadInto, type BodySource, type MutablePayload } from '../payload';
import { splitParams } from '../tokenize';
import { VERB_CODE_COUNT, verbCodeOfChars, verbOfCode } from '../verb-code';
import type { ConnectionKind, Direction, EventFlag, Payload, TokenizedMessage } from '../types';
import { addFlag, continuesCutTokenBytes, summaryTest, WRAP_MIN, type LineDialect, type LineMatch } from './line-engine';
import { NO_FLAGS, type Clock, type Sink } from './reader';

const SPACE = 32;
const MAX_TRID = 4_294_967_295;
const NO_PARAMS: readonly string[] = Object.freeze([]);

/** Printable ASCII (and tab) without `[` or `&`: a line the string path would read exactly as its bytes say. */
export function isPlainLine(b: Uint8Array, s: number, e: number): boolean {
  for (let k = s; k < e; k++) {
    const c = b[k] ?? 0;
    if (c < 32 ? c !== 9 : c > 126 || c === 91 || c === 38) return false;
  }
  return true;
}

/** True when bytes[s, e) are only spaces and tabs (the string path's blank test, for plain lines). */
export function isBlankBytes(b: Uint8Array, s: number, e: number): boolean {
  for (let k = s; k < e; k++) {
    const c = b[k] ?? 0;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/**
 * One message read on bytes, reused for every message of a pass: the event builder copies what it keeps and
 * never holds on to it. `raw` and `params` are decoded only when a stage reads them.
 */
export class ByteMessage implements TokenizedMessage {
  line = 0;
  endLine = 0;
  direction: Direction | null = null;
  connectionHint: string | null = null;
  kindHint: ConnectionKind | null = null;
  time: number | null = null;
  command = '';
  verbCode = -1;
  errorCode: number | null = null;
  trId: number | null = null;
  payload: Payload | null = null;
  flags: readonly EventFlag[] = NO_FLAGS;
  trIdPlaceholder = false;
  newConnection = false;
  rawOffset = 0;
  paramsFrom = 0;
  readonly payloadInSource = true;
  readonly asciiLine = true;
  /** Absolute byte range of the raw text. */
  rawStart = 0;
  rawEnd = 0;
  private firstFrom = 0;
  /** End of params[0]'s byte range; −1 while not yet found for this message, −2 when there are no params. */
  private firstEnd = -1;
  private cachedRaw: string | null = null;
  private cachedParams: readonly string[] | null = null;

  constructor(private readonly source: LineSource) {}

  /** Forget the previous message's decoded strings. */
  reset(): void {
    this.cachedRaw = null;
    this.cachedParams = null;
    this.firstEnd = -1;
  }

  get raw(): string {
    // rawStart..rawEnd is printable ASCII: one char per byte, so the line's own decode sliced by offset is exact.
    this.cachedRaw ??= this.source.ownLine(this.line - 1).slice(this.rawOffset);
    return this.cachedRaw;
  }

  /** params[0] from the bytes: short tokens (an ack type, `Hotmail`, `SB`) are built without decoding the line. */
  firstParam(): string | undefined {
    if (this.cachedParams !== null) return this.cachedParams[0];
    if (!this.firstRange()) return undefined;
    const b = this.source.bytes;
    const from = this.firstFrom;
    const end = this.firstEnd;
    if (end - from > 64) return this.params[0];
    // rawStart..rawEnd is printable ASCII (the byte path checked it): one char per byte. Most first params are a
    // few chars (an ack type, `SB`, `Hotmail`): built char by char; longer ones (an address) in one call.
    if (end - from > 12) return asciiText(b, from, end);
    let out = '';
    for (let k = from; k < end; k++) out += String.fromCharCode(b[k] ?? 0);
    return out;
  }

  /**
   * Byte range of params[0] into firstFrom/firstEnd; false when there are no params. Found once per message: the
   * stages ask about the first param several times (sign-in package, ack type, switchboard USR).
   */
  private firstRange(): boolean {
    if (this.firstEnd !== -1) return this.firstEnd >= 0;
    const b = this.source.bytes;
    const from = this.rawStart + this.paramsFrom;
    if (from > this.rawEnd) {
      this.firstEnd = -2;
      return false;
    }
    let end = from;
    while (end < this.rawEnd && b[end] !== SPACE) end++;
    this.firstFrom = from;
    this.firstEnd = end;
    return true;
  }

  firstParamIs(text: string): boolean {
    if (this.cachedParams !== null) return this.cachedParams[0] === text;
    if (!this.firstRange() || this.firstEnd - this.firstFrom !== text.length) return false;
    const b = this.source.bytes;
    for (let k = 0; k < text.length; k++) if (b[this.firstFrom + k] !== text.charCodeAt(k)) return false;
    return true;
  }

  /** The line is ASCII: a param's byte length is its length in chars. */
  firstParamLength(): number {
    if (this.cachedParams !== null) return this.cachedParams[0]?.length ?? -1;
    return this.firstRange() ? this.firstEnd - this.firstFrom : -1;
  }

  /** Whether param k exists, counted on the bytes (params are split on single spaces). */
  hasParam(k: number): boolean {
    if (this.cachedParams !== null) return this.cachedParams.length > k;
    const b = this.source.bytes;
    let at = this.rawStart + this.paramsFrom;
    if (at > this.rawEnd) return false;
    for (let n = 0; n < k; n++) {
      while (at < this.rawEnd && b[at] !== SPACE) at++;
      if (at >= this.rawEnd) return false;
      at++;
    }
    return true;
  }

  get params(): readonly string[] {
    if (this.cachedParams === null) {
      const raw = this.raw;
      this.cachedParams = this.paramsFrom > raw.length ? NO_PARAMS : splitParams(raw, this.paramsFrom);
    }
    return this.cachedParams;
  }
}

/** What tokenizing on bytes found; `ok` false sends the line back to the string path. */
interface ByteTokens {
  ok: boolean;
  command: string;
  verbCode: number;
  errorCode: number | null;
  trId: number | null;
  /** Absolute byte offset where params start. */
  from: number;
  declared: number | null;
  redacted: boolean;
  /** The log's bytes, read four at a time from any offset by scanParams. */
  readonly view: DataView;
}

/** Command specs by verb code and direction (client, server, none): read per message, so an array, not a Map. */
const specCache: (CommandSpec | undefined)[] = new Array<CommandSpec | undefined>(VERB_CODE_COUNT * 3).fill(undefined);

function specOf(command: string, code: number, direction: Direction | null): CommandSpec {
  const k = code * 3 + (direction === 'client' ? 0 : direction === 'server' ? 1 : 2);
  let s = specCache[k];
  if (s === undefined) {
    s = commandSpec(command, direction);
    specCache[k] = s;
  }
  return s;
}

const isUpperB = (c: number): boolean => c >= 65 && c <= 90;
const isDigitB = (c: number): boolean => c >= 48 && c <= 57;

/** tokenizeLine on bytes[r, e) of a plain line; gives up (ok = false) wherever the string path decides more. */
function tokenizeBytes(b: Uint8Array, r: number, e: number, direction: Direction | null, t: ByteTokens): void {
  t.ok = false;
  const len = e - r;
  if (len < 3 || (len > 3 && b[r + 3] !== SPACE)) return;
  const c0 = b[r] ?? 0;
  const c1 = b[r + 1] ?? 0;
  const c2 = b[r + 2] ?? 0;
  const upper = isUpperB(c0) && isUpperB(c1) && isUpperB(c2);
  const isError = !upper && isDigitB(c0) && isDigitB(c1) && isDigitB(c2);
  if (!upper && !isError) return;
  const code = verbCodeOfChars(c0, c1, c2);
  const command = verbOfCode(code, c0, c1, c2);
  const spec = specOf(command, code, direction);
  let from = r + 4;
  let trId: number | null = null;
  if (spec.trId !== 'never' && len > 3) {
    let sp = r + 4;
    while (sp < e && b[sp] !== SPACE) sp++;
    trId = digitsValue(b, r + 4, sp, 10, MAX_TRID);
    // A non-numeric TrId where one is required may be a documentation placeholder: the string path decides.
    if (trId === null && spec.trId === 'always' && sp - (r + 4) >= 4 && sp - (r + 4) <= 7) return;
    if (trId !== null) from = sp + 1;
  }
  if (isError && trId === null && len > 3) return;
  let declared: number | null = null;
  if (spec.payload && from <= e) {
    let last = e - 1;
    while (last >= from && b[last] !== SPACE) last--;
    declared = digitsValue(b, last + 1, e, 9, Number.MAX_SAFE_INTEGER);
  }
  const redacted = scanParams(b, t.view, from, e, direction === 'client');
  if (redacted === null) return;
  t.ok = true;
  t.command = command;
  t.verbCode = code;
  t.errorCode = isError ? (c0 - 48) * 100 + (c1 - 48) * 10 + (c2 - 48) : null;
  t.trId = trId;
  t.from = from;
  t.declared = declared;
  t.redacted = redacted;
}

/** Decimal digits in b[s, e) as a number (1..maxLen digits, at most max), else null. */
function digitsValue(b: Uint8Array, s: number, e: number, maxLen: number, max: number): number | null {
  const n = e - s;
  if (n <= 0 || n > maxLen) return null;
  let v = 0;
  for (let k = s; k < e; k++) {
    const c = b[k] ?? 0;
    if (c < 48 || c > 57) return null;
    v = v * 10 + (c - 48);
  }
  return v <= max ? v : null;
}

const ORDINARY = 0;
const SEPARATOR = 1;
const NOT_PLAIN = 2;
/** Byte classes of scanParams: a space ends a token; controls (but tab), non-ASCII, `[` and `&` are not plain. */
const PARAM_BYTE: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let c = 0; c < 256; c++) t[c] = (c < 32 ? c !== 9 : c > 126 || c === 91 || c === 38) ? NOT_PLAIN : ORDINARY;
  t[SPACE] = SEPARATOR;
  return t;
})();

/**
 * The params' redaction test on bytes: an empty token on a client line is a deleted address (true). A token
 * that starts like a typed-over placeholder (`*`, `X`, `<`) needs the string path's pattern, and a byte that is
 * not plain needs the string path altogether: null. (This scan is also the plain-line check of the params: the
 * prefix, verb and TrId before them were matched byte by byte against ASCII.)
 */
function scanParams(b: Uint8Array, view: DataView, from: number, e: number, client: boolean): boolean | null {
  if (from > e) return false;
  let redacted = false;
  let tokenStart = from;
  let k = from;
  while (k <= e) {
    if (k < e) {
      // Four bytes at once (addresses, cookies and tickets are long runs of ordinary bytes), from any offset: an
      // unaligned read right after a space, where aligned words left the bytes up to the next boundary to the
      // byte loop. A word with a byte to look at skips to that byte.
      if (k + 4 <= e) {
        const special = specialBytes(view.getUint32(k, true));
        if (special === 0) {
          k += 4;
          continue;
        }
        k += firstFlagged(special);
      }
      const kind = PARAM_BYTE[b[k] ?? 0] ?? NOT_PLAIN;
      if (kind === ORDINARY) {
        k++;
        continue;
      }
      // Not a plain byte (control, non-ASCII, `[` or `&` markup): the string path reads this line.
      if (kind === NOT_PLAIN) return null;
    }
    if (k === tokenStart) {
      if (client) redacted = true;
    } else {
      const c = b[tokenStart];
      if (c === 42 || c === 88 || c === 60) return null;
    }
    tokenStart = k + 1;
    k++;
  }
  return redacted;
}

/**
 * Bit 7 of each byte of a word (little-endian) that scanParams must look at: below 0x21 (space, tab, controls),
 * above 0x7E, `&` or `[`; 0 when there is none. The has-less / has-more / has-zero-byte tests never miss such a
 * byte, and can flag a byte wrongly only above one they flag rightly (a borrow or carry runs upwards), so the
 * lowest flagged byte is always one to look at.
 */
function specialBytes(x: number): number {
  const low = (x - 0x21212121) & ~x;
  const high = (x + 0x01010101) | x;
  return ((low | high) & 0x80808080) | zeroBytes(x ^ 0x26262626) | zeroBytes(x ^ 0x5b5b5b5b);
}

export interface FastContext {
  readonly sink: Sink;
  readonly src: LineSource;
  readonly dialect: LineDialect;
  readonly clock: Clock;
  readonly message: ByteMessage;
  readonly emit: (m: ByteMessage) => void;
  readonly tokens: ByteTokens;
  readonly body: BodySource;
  /**
   * The payload of every message, shown or not, reused like the message: the event builder copies its fields (a
   * fresh object per MSG line was the reading pass's largest garbage).
   */
  readonly payload: MutablePayload;
}

/**
 * `stringIsBody` is the string path's test, asked only for a line that starts like page damage (a quote `>` or
 * `|`, an entity `&`, a U+FEFF): a record may hide under it, and the two paths must agree on where a payload ends.
 */
export function fastContext(
  sink: Sink,
  src: LineSource,
  dialect: LineDialect,
  clock: Clock,
  emit: (m: ByteMessage) => void,
  bodyText: (a: number, b: number) => string,
  stringIsBody: (j: number) => boolean,
): FastContext {
  const b = src.bytes;
  const scratch: LineMatch = { direction: null, rawStart: 0, connectionHint: null, kindHint: null, time: -1, flags: NO_FLAGS };
  const isBody = (j: number): boolean => {
    const s = src.starts[j] ?? 0;
    const e = src.end(j);
    const record = dialect.isRecordStartBytes ? dialect.isRecordStartBytes(b, s, e) : dialect.matchBytes !== undefined && dialect.matchBytes(b, s, e, scratch, j);
    if (record) return false;
    const c = s < e ? b[s] : -1;
    return c === 62 || c === 124 || c === 38 || c === 0xef ? stringIsBody(j) : true;
  };
  const body: BodySource = {
    lineCount: src.count,
    bodyBytes: (j) => (isBody(j) ? src.byteLength(j) : -1),
    bodyText,
    ...summaryTest(src, dialect),
  };
  const view = byteView(b);
  const tokens: ByteTokens = { ok: false, command: '', verbCode: -1, errorCode: null, trId: null, from: 0, declared: null, redacted: false, view };
  const payload = { ...hiddenPayload(1) };
  return { sink, src, dialect, clock, message: new ByteMessage(src), emit, tokens, body, payload };
}

/**
 * Read line i (already matched on bytes into m; its params are checked to be plain here) as a message. Returns the next line index, or −1 when the
 * line must go to the string path.
 */
export function readFastMessage(ctx: FastContext, m: LineMatch, i: number): number {
  const { src, dialect, tokens: t } = ctx;
  const b = src.bytes;
  const s = src.starts[i] ?? 0;
  const e = src.end(i);
  const r = m.rawStart;
  tokenizeBytes(b, r, e, m.direction, t);
  if (!t.ok) return -1;
  // A long line may be a hard wrap joined with the next line: the string path knows how. It joins only a next
  // line that continues a cut token and is not a record of its own, and never onto a header that declares a
  // shown payload.
  if (e - r >= WRAP_MIN && !(dialect.payloadsShown && t.declared !== null) && i + 1 < src.count && continuesCutTokenBytes(b, e, src.starts[i + 1] ?? 0, src.end(i + 1)) && ctx.body.bodyBytes(i + 1) >= 0) return -1;
  let payload: Payload | null = null;
  let next = i + 1;
  if (t.declared !== null) {
    if (dialect.payloadsShown) {
      next = collectPayloadInto(ctx.payload, t.declared, i + 1, ctx.body);
      payload = ctx.payload;
    } else payload = hiddenPayloadInto(ctx.payload, t.declared);
  }
  const last = payload !== null && payload.lastLine !== null ? payload.lastLine : i + 1;
  let flags = m.flags;
  if (t.redacted) flags = addFlag(flags, 'redacted');
  // The header line is ASCII; only body lines can hold invalid UTF-8.
  for (let j = i + 1; j < last; j++) {
    if (src.isInvalid(j)) {
      flags = addFlag(flags, 'invalid-utf8');
      break;
    }
  }
  const msg = ctx.message;
  msg.reset();
  msg.line = i + 1;
  msg.endLine = last;
  msg.direction = m.direction;
  msg.connectionHint = m.connectionHint;
  msg.kindHint = m.kindHint;
  msg.time = m.time >= 0 ? ctx.clock.at(m.time) : null;
  msg.command = t.command;
  msg.verbCode = t.verbCode;
  msg.errorCode = t.errorCode;
  msg.trId = t.trId;
  msg.payload = payload;
  msg.flags = flags;
  msg.trIdPlaceholder = false;
  msg.newConnection = ctx.sink.takeNewConnection(m.direction);
  msg.rawOffset = r - s;
  msg.paramsFrom = t.from - r;
  msg.rawStart = r;
  msg.rawEnd = e;
  ctx.emit(msg);
  return next;
}

