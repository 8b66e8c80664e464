/**
 * The parsed events as columns: one typed array per field, text cut back out of the log's bytes on demand.
 *
 * A million LogEvent objects cost ~500 bytes each once their params arrays and strings are counted, and a third
 * of the parse went to the garbage collector moving them. Here an event costs ~60 bytes, nothing per event is a
 * heap object, and the whole store crosses from the worker as transferred buffers. `ParseResult.events` stays a
 * `readonly LogEvent[]` for every consumer: `eventList` wraps the store in a read-only array view that builds
 * the LogEvent of an index when it is asked for (with a small cache, so a re-read returns the same object).
 * Hot consumers (findings, filters, the worker's columns) read the columns directly.
 */
import { lookupError } from './error-codes';
import type { LineSource } from './line-source';
import { splitParams } from './tokenize';
import type {
  ConnectionId, Direction, EventFlag, EventId, LogEvent, NonProtocolLine, NonProtocolReason, Payload, PayloadVisibility,
  ReplyStatus,
} from './types';
import { toEventId } from './types';
import { VERB_CODE_COUNT, verbCode } from './verb-code';
import { isErrorVerb } from './verb-roles';
import { grown } from './int-column';
import { asciiText } from './ascii-text';
import { buildReplyIndex, emptyReplyIndex, firstReplyOf, replyCountOf, repliesOf, rowOf, type ReplyIndex } from './reply-index';

export const FLAG_BITS: readonly EventFlag[] = [
  'inferred', 'markup-removed', 'html-escaped', 'wrapped', 'truncated', 'redacted', 'invalid-utf8', 'inline', 'glued',
];
export const STATUS_CODES: readonly ReplyStatus[] = ['not-a-command', 'answered', 'error', 'unanswered', 'no-reply-expected'];
export const VISIBILITY_CODES: readonly PayloadVisibility[] = ['full', 'partial', 'summary', 'hidden'];

function visibilityCode(v: PayloadVisibility): number {
  switch (v) {
    case 'full':
      return 0;
    case 'partial':
      return 1;
    case 'summary':
      return 2;
    case 'hidden':
      return 3;
  }
}

/**
 * Internal bit of the flags column: the event's line is NOT known to be printable ASCII (when clear, char offsets
 * are byte offsets). Set for the exception, so the usual event's flags are 0 and a fresh column needs no write.
 */
const NOT_ASCII = 1 << 15;
/**
 * Internal bits of the flags column set by the event builder while the line is read (its bytes in cache): what a
 * client USR's or XFR's first param is. The findings ask these of every USR and XFR line of a log; reading tens of
 * thousands of lines again at random afterwards cost them a tenth of their time.
 */
export const MARK_AUTH_USR = 1 << 14;
export const MARK_SB_REQUEST = 1 << 13;
const INTERNAL_BITS = NOT_ASCII | MARK_AUTH_USR | MARK_SB_REQUEST;
/** What `locateParam` found: the param's byte range, no such param, or the bytes cannot say. */
export const PARAM_FOUND = 1;
export const PARAM_NONE = 0;
export const PARAM_UNKNOWN = -1;
/** Tokens up to this length are built char by char rather than decoded. */
const SHORT_TOKEN = 64;

const SMALL_U8_ESCAPE = 0xff;
const SMALL_U16_ESCAPE = 0xffff;

// One pair of functions per column type: a typed-array store or load that sees two array types is much slower.

/** A small non-negative value into a byte column, or the escape value there and the value in `big`. */
function setSmall8(col: Uint8Array, big: Map<number, number>, i: number, v: number): void {
  if (v >= 0 && v < SMALL_U8_ESCAPE) col[i] = v;
  else {
    col[i] = SMALL_U8_ESCAPE;
    big.set(i, v);
  }
}

function getSmall8(col: Uint8Array, big: ReadonlyMap<number, number>, i: number): number {
  const x = col[i] ?? 0;
  return x === SMALL_U8_ESCAPE ? (big.get(i) ?? 0) : x;
}

/** setSmall8 for a two-byte column. */
function setSmall16(col: Uint16Array, big: Map<number, number>, i: number, v: number): void {
  if (v >= 0 && v < SMALL_U16_ESCAPE) col[i] = v;
  else {
    col[i] = SMALL_U16_ESCAPE;
    big.set(i, v);
  }
}

function getSmall16(col: Uint16Array, big: ReadonlyMap<number, number>, i: number): number {
  const x = col[i] ?? 0;
  return x === SMALL_U16_ESCAPE ? (big.get(i) ?? 0) : x;
}

/** "No time" in the Int32 time column, "no TrId" in the Uint32 TrId column. */
const NO_TIME = -1;
const NO_TRID = 0xffffffff;

export const DIR_NONE = 0;
export const DIR_CLIENT = 1;
export const DIR_SERVER = 2;
const NO_PARAMS: readonly string[] = Object.freeze([]);
const NO_IDS: readonly EventId[] = Object.freeze([]);

export const directionCode = (d: Direction | null): number => (d === 'client' ? DIR_CLIENT : d === 'server' ? DIR_SERVER : DIR_NONE);
export const directionOf = (c: number): Direction | null => (c === DIR_CLIENT ? 'client' : c === DIR_SERVER ? 'server' : null);

const flagMaskCache = new Map<number, readonly EventFlag[]>([[0, Object.freeze([])]]);
const flagBit = new Map<EventFlag, number>(FLAG_BITS.map((f, i) => [f, 1 << i]));

export function flagMask(flags: readonly EventFlag[]): number {
  let m = 0;
  for (const f of flags) m |= flagBit.get(f) ?? 0;
  return m;
}

export function flagsOfMask(mask: number): readonly EventFlag[] {
  let out = flagMaskCache.get(mask);
  if (out === undefined) {
    out = Object.freeze(FLAG_BITS.filter((_, i) => (mask & (1 << i)) !== 0));
    flagMaskCache.set(mask, out);
  }
  return out;
}

/**
 * A typed column that doubles when full; `view()` is the filled part. Doubling, not growing by half: a file of
 * five million unreadable lines copied its columns into fresh memory a dozen more times, and fresh pages cost
 * more than the copying; what the last doubling leaves unwritten costs no pages.
 */
class Grow<T extends Int32Array | Float64Array | Uint8Array | Uint16Array> {
  data: T;
  constructor(private readonly make: (n: number) => T, capacity: number) {
    this.data = make(capacity);
  }
  ensure(n: number): void {
    if (n <= this.data.length) return;
    const next = this.make(Math.max(n, this.data.length * 2 + 16));
    next.set(this.data as never);
    this.data = next;
  }
}

/** What a message carries into the store (a TokenizedMessage, or a reader's reusable cursor). */
export interface StoredMessage {
  readonly line: number;
  readonly endLine: number;
  readonly direction: Direction | null;
  readonly time: number | null;
  readonly command: string;
  readonly trId: number | null;
  readonly flags: readonly EventFlag[];
  readonly payload: Payload | null;
  readonly asciiLine?: boolean;
}

/** Where an event's raw text and params come from: the source line's tail, or strings kept aside. */
export interface RawRef {
  /** Char offset in line `line − 1` where the MSNP text starts, or −1 when `raw` is given. */
  readonly rawOffset: number;
  /** Char offset in the raw text where params start (they are split on spaces), or −1 when `params` is given. */
  readonly paramsFrom: number;
  readonly raw?: string;
  readonly params?: readonly string[];
  /** The payload's text when it is not lines firstLine..lastLine of the source as they stand. */
  readonly payloadText?: string;
}

export interface EventStoreData {
  readonly length: number;
  readonly line: Int32Array;
  /** endLine − line, or SMALL_U8_ESCAPE with the value in `bigEndDelta`. */
  readonly endDelta: Uint8Array;
  readonly dir: Uint8Array;
  readonly conn: Int32Array;
  /**
   * Int32 in units of `timeScale` ms with −1 for "no time", or Float64 ms with NaN when some time did not fit
   * (read it with `dataTime`).
   */
  readonly time: Int32Array | Float64Array;
  /**
   * Milliseconds per unit of an Int32 `time`: 1000 while every time of the log is a whole second (most logs stamp
   * HH:MM:SS), else 1. A Float64 `time` is always in ms.
   */
  readonly timeScale: number;
  /** Verb ids into `verbs`; an event's error code follows from its verb (`dataVerbCodes`). */
  readonly verb: Uint16Array;
  /** Uint32 with 0xFFFFFFFF for "no TrId", or Float64 with NaN when the log uses TrId 4294967295 itself. */
  readonly trId: Uint32Array | Float64Array;
  readonly flags: Uint16Array;
  /** rawOffset + 1 (0 for −1), or SMALL_U16_ESCAPE with the value in `bigRawOffset`. */
  readonly rawOffset: Uint16Array;
  /** paramsFrom + 1 (0 for −1), or SMALL_U8_ESCAPE with the value in `bigParamsFrom`. */
  readonly paramsFrom: Uint8Array;
  readonly bigEndDelta: readonly (readonly [number, number])[];
  readonly bigRawOffset: readonly (readonly [number, number])[];
  readonly bigParamsFrom: readonly (readonly [number, number])[];
  /** The command's index + 1, 0 for none: read it with `dataReplyTo`. */
  readonly replyTo: Int32Array;
  readonly status: Uint8Array;
  /** One bit per event: it carries a payload (see payloadRowOf). */
  readonly payloadBits: Uint32Array;
  /** Payload events before each 32-event word of payloadBits. */
  readonly payloadRank: Int32Array;
  /** `shown` holds the shown byte count + 1 (0: not shown). */
  readonly payload: { readonly length: number; readonly declared: Int32Array; readonly shown: Int32Array; readonly visibility: Uint8Array; readonly first: Int32Array; readonly last: Int32Array };
  readonly replies: ReplyIndex;
  readonly verbs: readonly string[];
  readonly connectionIds: readonly ConnectionId[];
  readonly rawText: readonly (readonly [number, string])[];
  readonly paramLists: readonly (readonly [number, readonly string[]])[];
  readonly payloadText: readonly (readonly [number, string])[];
}

export class EventStore {
  length = 0;
  private cLine: Int32Array;
  // endLine − line, rawOffset + 1 and paramsFrom + 1 nearly always fit a byte or two; the rare larger value is
  // kept in a map (escape value in the column). 5 bytes less per event than three Int32 columns.
  private cEnd: Uint8Array;
  private readonly bigEnd = new Map<number, number>();
  private cDir: Uint8Array;
  private cConn: Int32Array;
  // Narrow while the values allow (widened once, with a copy, when one does not fit): on a log of 1.6M events
  // the time, TrId and code columns in Float64/Int32 cost 16 MB more, at the moment the parse's memory peaks.
  private cTime: Int32Array | Float64Array;
  private wideTime = false;
  // Whole seconds while every time is one: an Int32 of seconds spans 68 years, where one of ms overflowed at day
  // 24.8 and the column was widened to Float64 (8 MB more on a long libpurple log, and a copy at the peak).
  private timeScale = 1000;
  private cVerb: Uint16Array;
  /** Error code + 1; 0 for a line that is not an error (most of them: a fresh column says so without a write). */
  private cTrId: Uint32Array | Float64Array;
  private wideTrId = false;
  private cFlags: Uint16Array;
  private cRaw: Uint16Array;
  private readonly bigRaw = new Map<number, number>();
  private cParams: Uint8Array;
  private readonly bigParams = new Map<number, number>();
  /**
   * The command's index + 1; 0 for a line that answers nothing (a fresh column says so: the column is sized to the
   * line count, and filling it with −1 wrote every page of it, 13 MB on a 3.4M-line transcript of 1.3M events).
   */
  private cReplyTo: Int32Array;
  private cStatus: Uint8Array;
  // An event's payload row is its rank among the events with a payload (rows are given in event order): a bit
  // per event plus a count per 32 events instead of an Int32 row per event.
  private pBits: Uint32Array;
  private pRank: Int32Array;
  private payloads = 0;
  private pDeclared: Int32Array;
  /** Shown byte count + 1; 0 when the log does not show the payload (so a hidden payload writes nothing here). */
  private pShown: Int32Array;
  private pVis: Uint8Array;
  private pFirst: Int32Array;
  private pLast: Int32Array;
  private replies: ReplyIndex = emptyReplyIndex();
  readonly verbs: string[] = [];
  /**
   * The error code of each verb id (−1 for a verb that is no code). An error line's code is its verb, so it needs
   * no column of its own: a column of codes, written only at error lines, still had every one of its pages
   * touched on a big log (a few errors a page), 3 MB of fresh memory on 1.6M events for 52,000 codes.
   */
  private readonly verbCodes: number[] = [];
  private readonly verbIndex = new Map<string, number>();
  /** Verb id by verb code (verb-code.ts), −1 while unseen. */
  private readonly verbByCode = new Int32Array(VERB_CODE_COUNT).fill(-1);
  connectionIds: readonly ConnectionId[] = [];
  private readonly rawText = new Map<number, string>();
  private readonly paramLists = new Map<number, readonly string[]>();
  private readonly payloadText = new Map<number, string>();
  /** The last range locateParam found (a field, not a tuple per call: the rules call it hundreds of thousands of times). */
  private readonly found = { a: 0, b: 0, ascii: true };
  /** Byte range [a, b) of the param the last PARAM_FOUND of `locateParam` found (read it before the next call). */
  get paramRange(): { readonly a: number; readonly b: number } {
    return this.found;
  }

  constructor(
    readonly source: LineSource,
    capacity = 1024,
  ) {
    this.cLine = new Int32Array(capacity);
    this.cEnd = new Uint8Array(capacity);
    this.cDir = new Uint8Array(capacity);
    this.cConn = new Int32Array(capacity);
    this.cTime = new Int32Array(capacity);
    this.cVerb = new Uint16Array(capacity);
    this.cTrId = new Uint32Array(capacity);
    this.cFlags = new Uint16Array(capacity);
    this.cRaw = new Uint16Array(capacity);
    this.cParams = new Uint8Array(capacity);
    // Every event starts answering nothing: the zeros of a fresh column (replyTo is stored + 1).
    this.cReplyTo = new Int32Array(capacity);
    this.cStatus = new Uint8Array(capacity);
    this.pBits = new Uint32Array((capacity >>> 5) + 1);
    this.pRank = new Int32Array((capacity >>> 5) + 1);
    const pc = Math.max(16, capacity >> 1);
    this.pDeclared = new Int32Array(pc);
    this.pShown = new Int32Array(pc);
    this.pVis = new Uint8Array(pc);
    this.pFirst = new Int32Array(pc);
    this.pLast = new Int32Array(pc);
  }

  // ---- building ----

  /**
   * Append one message; returns its index. `code` is the
   * verb's code (verb-code.ts) when the caller has it.
   */
  push(m: StoredMessage, ref: RawRef, marks = 0, code = verbCode(m.command)): number {
    const i = this.length;
    const n = i + 1;
    if (n > this.cLine.length) this.growAll(n);
    this.cLine[i] = m.line;
    // Most messages are one line (span 0): the fresh column already holds 0, and an unwritten page costs nothing.
    const span = m.endLine - m.line;
    if (span !== 0) setSmall8(this.cEnd, this.bigEnd, i, span);
    this.cDir[i] = directionCode(m.direction);
    this.setTime(i, m.time);
    this.cVerb[i] = this.verbIdOfCode(m.command, code);
    this.setTrId(i, m.trId);
    const flags = (m.flags.length === 0 ? 0 : flagMask(m.flags)) | (m.asciiLine === true && ref.rawOffset >= 0 ? 0 : NOT_ASCII) | marks;
    if (flags !== 0) this.cFlags[i] = flags;
    setSmall16(this.cRaw, this.bigRaw, i, ref.rawOffset + 1);
    setSmall8(this.cParams, this.bigParams, i, ref.paramsFrom + 1);
    if (ref.raw !== undefined) this.rawText.set(i, ref.raw);
    if (ref.params !== undefined) this.paramLists.set(i, ref.params);
    const p = m.payload;
    if ((i & 31) === 0) this.pRank[i >>> 5] = this.payloads;
    if (p !== null) {
      const row = this.payloads++;
      this.ensurePayloads(row + 1);
      this.pDeclared[row] = p.declaredBytes;
      this.pVis[row] = visibilityCode(p.visibility);
      // A payload the log does not show (every one in a libpurple log) has no shown count and no lines: those
      // columns keep the zeros a fresh array has, and pages that are never written take no memory.
      if (p.shownBytes !== null) this.pShown[row] = p.shownBytes + 1;
      if (p.firstLine !== null) this.pFirst[row] = p.firstLine;
      if (p.lastLine !== null) this.pLast[row] = p.lastLine;
      if (ref.payloadText !== undefined) this.payloadText.set(row, ref.payloadText);
      this.pBits[i >>> 5] = ((this.pBits[i >>> 5] ?? 0) | (1 << (i & 31))) >>> 0;
    }
    this.length = n;
    return i;
  }

  private setTime(i: number, t: number | null): void {
    if (this.wideTime) {
      this.cTime[i] = t === null ? Number.NaN : t;
      return;
    }
    if (t === null) {
      this.cTime[i] = NO_TIME;
      return;
    }
    if (this.timeScale === 1000) {
      const s = t / 1000;
      if (Number.isInteger(s) && s >= 0 && s <= 0x7fffffff) {
        this.cTime[i] = s;
        return;
      }
      this.timeToMs(i); // ms from here on, in Int32 or (when the earlier rows did not fit) already in Float64
    }
    if (!this.wideTime && !(Number.isInteger(t) && t >= 0 && t <= 0x7fffffff)) this.widenTime(i);
    this.cTime[i] = t;
  }

  /** A time that is not a whole second: the first i rows go from seconds to ms, in place when they fit an Int32. */
  private timeToMs(i: number): void {
    const col = this.cTime;
    let fits = true;
    for (let k = 0; k < i && fits; k++) fits = (col[k] ?? 0) <= 0x7fffffff / 1000;
    this.timeScale = 1;
    if (!fits) {
      this.widenTime(i, 1000);
      return;
    }
    for (let k = 0; k < i; k++) {
      const s = col[k] ?? NO_TIME;
      if (s !== NO_TIME) col[k] = s * 1000;
    }
  }

  /** The first i rows into a Float64 column of ms (NaN for no time); `scale`: ms per unit of the narrow rows. */
  private widenTime(i: number, scale = 1): void {
    const wide = new Float64Array(this.cTime.length);
    for (let k = 0; k < i; k++) {
      const old = this.cTime[k] ?? NO_TIME;
      wide[k] = old === NO_TIME ? Number.NaN : old * scale;
    }
    this.cTime = wide;
    this.wideTime = true;
    this.timeScale = 1;
  }

  private setTrId(i: number, t: number | null): void {
    if (this.wideTrId) this.cTrId[i] = t === null ? Number.NaN : t;
    else if (t === null) this.cTrId[i] = NO_TRID;
    else if (t !== NO_TRID) this.cTrId[i] = t;
    else {
      const wide = new Float64Array(this.cTrId.length);
      for (let k = 0; k < i; k++) {
        const old = this.cTrId[k] ?? NO_TRID;
        wide[k] = old === NO_TRID ? Number.NaN : old;
      }
      this.cTrId = wide;
      this.wideTrId = true;
      wide[i] = t;
    }
  }

  /** Grow every event column to hold n rows (by half again, at least). */
  private growAll(n: number): void {
    const cap = Math.max(n, Math.ceil(this.cLine.length * 1.5) + 16);
    this.cLine = grown(this.cLine, new Int32Array(cap));
    this.cEnd = grown(this.cEnd, new Uint8Array(cap));
    this.cDir = grown(this.cDir, new Uint8Array(cap));
    this.cConn = grown(this.cConn, new Int32Array(cap));
    this.cTime = this.wideTime ? grown(this.cTime, new Float64Array(cap)) : grown(this.cTime, new Int32Array(cap));
    this.cVerb = grown(this.cVerb, new Uint16Array(cap));
    this.cTrId = this.wideTrId ? grown(this.cTrId, new Float64Array(cap)) : grown(this.cTrId, new Uint32Array(cap));
    this.cFlags = grown(this.cFlags, new Uint16Array(cap));
    this.cRaw = grown(this.cRaw, new Uint16Array(cap));
    this.cParams = grown(this.cParams, new Uint8Array(cap));
    this.cReplyTo = grown(this.cReplyTo, new Int32Array(cap));
    this.cStatus = grown(this.cStatus, new Uint8Array(cap));
    this.pBits = grown(this.pBits, new Uint32Array((cap >>> 5) + 1));
    this.pRank = grown(this.pRank, new Int32Array((cap >>> 5) + 1));
  }

  private ensurePayloads(n: number): void {
    if (n <= this.pDeclared.length) return;
    const cap = Math.max(n, Math.ceil(this.pDeclared.length * 1.5) + 16);
    this.pDeclared = grown(this.pDeclared, new Int32Array(cap));
    this.pShown = grown(this.pShown, new Int32Array(cap));
    this.pVis = grown(this.pVis, new Uint8Array(cap));
    this.pFirst = grown(this.pFirst, new Int32Array(cap));
    this.pLast = grown(this.pLast, new Int32Array(cap));
  }

  verbId(verb: string): number {
    return this.verbIdOfCode(verb, verbCode(verb));
  }

  private verbIdOfCode(verb: string, code: number): number {
    // One per event: the verb's code indexes a table (a Map look-up per event was a tenth of the build's time).
    if (code < 0) return this.verbIdSlow(verb);
    const known = this.verbByCode[code] ?? -1;
    if (known >= 0) return known;
    const id = this.verbIdSlow(verb);
    this.verbByCode[code] = id;
    return id;
  }

  private verbIdSlow(verb: string): number {
    let id = this.verbIndex.get(verb);
    if (id === undefined) {
      id = this.verbs.length;
      this.verbs.push(verb);
      this.verbCodes.push(errorCodeOfVerb(verb));
      this.verbIndex.set(verb, id);
    }
    return id;
  }

  setConnection(i: number, conn: number): void {
    this.cConn[i] = conn;
  }
  setReplyTo(i: number, cmd: number): void {
    this.cReplyTo[i] = cmd + 1;
  }
  setStatus(i: number, status: number): void {
    this.cStatus[i] = status;
  }

  /** Replies per command from the replyTo column (reply-index.ts). */
  finishReplies(): void {
    this.replies = buildReplyIndex(this.cReplyTo, this.length);
  }

  // ---- reading: one field of one event ----

  lineOf(i: number): number {
    return this.cLine[i] ?? 0;
  }
  endLineOf(i: number): number {
    return this.lineOf(i) + getSmall8(this.cEnd, this.bigEnd, i);
  }
  dirCode(i: number): number {
    return this.cDir[i] ?? 0;
  }
  directionOf(i: number): Direction | null {
    return directionOf(this.cDir[i] ?? 0);
  }
  connIndex(i: number): number {
    return this.cConn[i] ?? 0;
  }
  connectionOf(i: number): ConnectionId {
    return this.connectionIds[this.cConn[i] ?? 0] ?? ('' as ConnectionId);
  }
  timeOf(i: number): number | null {
    const t = this.timeOrNaN(i);
    return Number.isNaN(t) ? null : t;
  }
  /** The time of event i, NaN when it has none (for arithmetic without a null check). */
  timeOrNaN(i: number): number {
    const t = this.cTime[i] ?? Number.NaN;
    if (this.wideTime) return t;
    return t === NO_TIME ? Number.NaN : t * this.timeScale;
  }
  verbIdOf(i: number): number {
    return this.cVerb[i] ?? 0;
  }
  commandOf(i: number): string {
    return this.verbs[this.cVerb[i] ?? 0] ?? '';
  }
  /** The error code of an error line, else −1. */
  codeOf(i: number): number {
    return this.verbCodes[this.cVerb[i] ?? 0] ?? -1;
  }
  trIdOf(i: number): number | null {
    const t = this.cTrId[i] ?? Number.NaN;
    return this.wideTrId ? (Number.isNaN(t) ? null : t) : t === NO_TRID ? null : t;
  }
  /**
   * Walking back from `from` to `stop`, the first client line on connection `c` (`conn`: the connection column)
   * whose TrId is `trId` (null: lines without one), or `stop − 1` when none is. The same test as comparing
   * `trIdOf` per line, on the raw columns: a log of half a million orphan replies walks hundreds of lines for each.
   */
  scanBackForClientTrId(conn: Int32Array, c: number, trId: number | null, from: number, stop: number): number {
    const dir = this.cDir;
    const tr = this.cTrId;
    let j = from;
    if (this.wideTrId) {
      if (trId === null) {
        for (; j >= stop; j--) if (conn[j] === c && dir[j] === DIR_CLIENT && Number.isNaN(tr[j])) return j;
      } else {
        for (; j >= stop; j--) if (conn[j] === c && dir[j] === DIR_CLIENT && tr[j] === trId) return j;
      }
      return stop - 1;
    }
    // Narrow: NO_TRID stands for no TrId, and a line with the TrId 2³²−1 would have made the column wide.
    if (trId === NO_TRID) return stop - 1;
    const want = trId ?? NO_TRID;
    for (; j >= stop; j--) if (conn[j] === c && dir[j] === DIR_CLIENT && tr[j] === want) return j;
    return stop - 1;
  }
  /** Char offset in its line where event i's raw text starts, −1 when the text is kept aside. */
  rawOffsetOf(i: number): number {
    return getSmall16(this.cRaw, this.bigRaw, i) - 1;
  }
  /** Char offset in the raw text where params start, −1 when they are kept aside. */
  paramsFromOf(i: number): number {
    return getSmall8(this.cParams, this.bigParams, i) - 1;
  }
  /** The connection index of every event, as a view of the column (for passes that group events). */
  connColumn(): Int32Array {
    return this.cConn.subarray(0, this.length);
  }
  /** The verb id of every event, as a view of the column. */
  verbColumn(): Uint16Array {
    return this.cVerb.subarray(0, this.length);
  }
  /** The byte reader read event i's line and found it printable ASCII (char offsets are byte offsets). */
  isAsciiLine(i: number): boolean {
    return ((this.cFlags[i] ?? 0) & NOT_ASCII) === 0;
  }
  flagBits(i: number): number {
    return (this.cFlags[i] ?? 0) & ~INTERNAL_BITS;
  }
  /** Whether the builder set `mark` (MARK_AUTH_USR, MARK_SB_REQUEST) on event i. */
  hasMark(i: number, mark: number): boolean {
    return ((this.cFlags[i] ?? 0) & mark) !== 0;
  }
  replyToOf(i: number): number {
    return (this.cReplyTo[i] ?? 0) - 1;
  }
  statusCode(i: number): number {
    return this.cStatus[i] ?? 0;
  }
  statusOf(i: number): ReplyStatus {
    return STATUS_CODES[this.cStatus[i] ?? 0] ?? 'not-a-command';
  }
  replyCount(i: number): number {
    return replyCountOf(this.replies, i);
  }
  /** The first reply of a command, or −1. */
  firstReply(i: number): number {
    return firstReplyOf(this.replies, i);
  }
  repliesOf(i: number): readonly EventId[] {
    return this.replyCount(i) === 0 ? NO_IDS : (repliesOf(this.replies, i) as EventId[]);
  }
  latencyOf(i: number): number | null {
    const r = this.firstReply(i);
    if (r < 0) return null;
    const sent = this.timeOrNaN(i);
    const got = this.timeOrNaN(r);
    return Number.isNaN(sent) || Number.isNaN(got) || got < sent ? null : got - sent;
  }
  hasPayload(i: number): boolean {
    return (((this.pBits[i >>> 5] ?? 0) >>> (i & 31)) & 1) === 1;
  }
  /** The row of event i's payload in the payload columns, −1 when it has none. */
  payloadRowOf(i: number): number {
    return rowOf(this.pBits, this.pRank, i);
  }
  /** The payload's declared byte count, −1 when the event has no payload. */
  payloadDeclaredBytes(i: number): number {
    const row = this.payloadRowOf(i);
    return row < 0 ? -1 : (this.pDeclared[row] ?? 0);
  }

  /** Shown byte count of the payload, −1 when none is shown or there is no payload. */
  payloadShownBytes(i: number): number {
    const row = this.payloadRowOf(i);
    return row < 0 ? -1 : (this.pShown[row] ?? 0) - 1;
  }

  /** The log shows the payload (fully or in part) with a byte count other than the declared one. */
  payloadLengthOff(i: number): boolean {
    const row = this.payloadRowOf(i);
    if (row < 0) return false;
    const vis = this.pVis[row] ?? 0;
    const shown = (this.pShown[row] ?? 0) - 1;
    return (vis === 0 || vis === 1) && shown >= 0 && shown !== (this.pDeclared[row] ?? 0);
  }

  /** Event i has a payload the log shows only part of (`visibility: 'partial'`). */
  payloadCut(i: number): boolean {
    const row = this.payloadRowOf(i);
    return row >= 0 && this.pVis[row] === 1;
  }

  rawOf(i: number): string {
    const off = this.rawOffsetOf(i);
    if (off < 0) return this.rawText.get(i) ?? '';
    return this.source.ownLine((this.cLine[i] ?? 1) - 1).slice(off);
  }

  paramsOf(i: number): readonly string[] {
    const from = this.paramsFromOf(i);
    if (from < 0) return this.paramLists.get(i) ?? NO_PARAMS;
    const raw = this.rawOf(i);
    return from > raw.length ? NO_PARAMS : splitParams(raw, from);
  }

  /**
   * `paramsOf(i).join(' ')`, or null when the event has no params: the params are the line's tail, split on single
   * spaces, so the tail is cut out whole and never split (explanations quote every error's command).
   */
  paramsTextOf(i: number): string | null {
    const from = this.paramsFromOf(i);
    if (from < 0) {
      const list = this.paramLists.get(i) ?? NO_PARAMS;
      return list.length === 0 ? null : list.join(' ');
    }
    const raw = this.rawOf(i);
    return from > raw.length ? null : raw.slice(from);
  }

  /**
   * Byte offset in the source where event i's params start, or −1 when they cannot be found on the bytes (params
   * kept as strings, or a non-ASCII character before them, so char and byte offsets differ). Past the line's end
   * when the event has no params.
   */
  private paramsByte(i: number): number {
    const off = this.rawOffsetOf(i);
    const from = this.paramsFromOf(i);
    if (off < 0 || from < 0) return -1;
    const line = (this.cLine[i] ?? 1) - 1;
    const start = this.source.starts[line] ?? 0;
    const at = start + off + from;
    if (((this.cFlags[i] ?? 0) & NOT_ASCII) === 0) return at;
    const bytes = this.source.bytes;
    const stop = Math.min(at, this.source.end(line));
    for (let k = start; k < stop; k++) if ((bytes[k] ?? 0) >= 0x80) return -1;
    return at;
  }

  /**
   * Finds the byte range of param k of event i (params are split on single spaces, like splitParams) into
   * `found` (see paramRange): PARAM_FOUND, PARAM_NONE when it has no param k, PARAM_UNKNOWN when the bytes cannot
   * say (then `paramsOf` must).
   */
  locateParam(i: number, k: number): number {
    const at = this.paramsByte(i);
    if (at < 0) return PARAM_UNKNOWN;
    const end = this.source.end((this.cLine[i] ?? 1) - 1);
    if (at > end) return PARAM_NONE;
    const bytes = this.source.bytes;
    let a = at;
    for (let n = 0; n < k; n++) {
      while (a < end && bytes[a] !== 32) a++;
      if (a >= end) return PARAM_NONE;
      a++;
    }
    let b = a;
    let high = 0;
    for (; b < end; b++) {
      const c = bytes[b] ?? 0;
      if (c === 32) break;
      high |= c;
    }
    this.found.a = a;
    this.found.b = b;
    this.found.ascii = high < 0x80;
    return PARAM_FOUND;
  }

  /**
   * Param k of event i (`paramsOf(i)[k]`) cut from the bytes: no line decoded, no params array. The analysis
   * passes read one or two params of hundreds of thousands of events; splitting each line cost them a microsecond.
   */
  paramAt(i: number, k: number): string | undefined {
    const r = this.locateParam(i, k);
    if (r === PARAM_UNKNOWN) return this.paramsOf(i)[k];
    if (r === PARAM_NONE) return undefined;
    const { a, b, ascii } = this.found;
    // A short ASCII token is one char per byte: building it directly is about twice as fast as a decoder call.
    if (ascii && b - a <= SHORT_TOKEN) return asciiText(this.source.bytes, a, b);
    return this.source.text(a, b);
  }

  /** `paramsOf(i)[k] === text` for ASCII `text`, compared on the bytes. */
  paramIs(i: number, k: number, text: string): boolean {
    const r = this.locateParam(i, k);
    if (r === PARAM_UNKNOWN) return this.paramsOf(i)[k] === text;
    const { a, b } = this.found;
    if (r === PARAM_NONE || b - a !== text.length) return false;
    const bytes = this.source.bytes;
    for (let j = 0; j < text.length; j++) if (bytes[a + j] !== text.charCodeAt(j)) return false;
    return true;
  }

  payloadOf(i: number): Payload | null {
    const row = this.payloadRowOf(i);
    if (row < 0) return null;
    const visibility = VISIBILITY_CODES[this.pVis[row] ?? 0] ?? 'full';
    const first = this.pFirst[row] ?? 0;
    const last = this.pLast[row] ?? 0;
    const shown = (this.pShown[row] ?? 0) - 1;
    let text = this.payloadText.get(row);
    if (text === undefined) text = visibility === 'hidden' || first === 0 ? '' : this.source.span(first - 1, last - 1);
    return {
      declaredBytes: this.pDeclared[row] ?? 0, visibility, shownBytes: shown < 0 ? null : shown, text,
      firstLine: first === 0 ? null : first, lastLine: last === 0 ? null : last,
    };
  }

  /** The whole LogEvent of index i, as a plain object. */
  event(i: number): LogEvent {
    const code = this.codeOf(i);
    const replyTo = (this.cReplyTo[i] ?? 0) - 1;
    return {
      id: toEventId(i), line: this.lineOf(i), endLine: this.endLineOf(i), direction: this.directionOf(i),
      connection: this.connectionOf(i), time: this.timeOf(i), command: this.commandOf(i),
      error: code < 0 ? null : lookupError(code), trId: this.trIdOf(i), params: this.paramsOf(i), raw: this.rawOf(i),
      payload: this.payloadOf(i), flags: flagsOfMask(this.cFlags[i] ?? 0),
      replyTo: replyTo < 0 ? null : toEventId(replyTo), replies: this.repliesOf(i), status: this.statusOf(i),
      latencyMs: this.latencyOf(i),
    };
  }

    /** A read-only LogEvent whose fields are read from the columns when asked (see EventView). */
  view(i: number): LogEvent {
    return new EventView(this, i);
  }

  // ---- crossing the worker boundary ----

  toData(): EventStoreData {
    const n = this.length;
    const p = this.payloads;
    return {
      length: n,
      line: this.cLine.subarray(0, n), endDelta: this.cEnd.subarray(0, n), dir: this.cDir.subarray(0, n),
      conn: this.cConn.subarray(0, n), time: this.cTime.subarray(0, n), timeScale: this.timeScale, verb: this.cVerb.subarray(0, n),
      trId: this.cTrId.subarray(0, n), flags: this.cFlags.subarray(0, n),
      rawOffset: this.cRaw.subarray(0, n), paramsFrom: this.cParams.subarray(0, n),
      bigEndDelta: [...this.bigEnd], bigRawOffset: [...this.bigRaw], bigParamsFrom: [...this.bigParams],
      replyTo: this.cReplyTo.subarray(0, n), status: this.cStatus.subarray(0, n),
      payloadBits: this.pBits.subarray(0, (n >>> 5) + 1), payloadRank: this.pRank.subarray(0, (n >>> 5) + 1),
      payload: {
        length: p, declared: this.pDeclared.subarray(0, p), shown: this.pShown.subarray(0, p),
        visibility: this.pVis.subarray(0, p), first: this.pFirst.subarray(0, p), last: this.pLast.subarray(0, p),
      },
      replies: this.replies, verbs: this.verbs, connectionIds: this.connectionIds,
      rawText: [...this.rawText], paramLists: [...this.paramLists], payloadText: [...this.payloadText],
    };
  }

  static fromData(d: EventStoreData, source: LineSource): EventStore {
    const s = new EventStore(source, 0);
    s.length = d.length;
    s.cLine = d.line;
    s.cEnd = d.endDelta;
    for (const [k, v] of d.bigEndDelta) s.bigEnd.set(k, v);
    for (const [k, v] of d.bigRawOffset) s.bigRaw.set(k, v);
    for (const [k, v] of d.bigParamsFrom) s.bigParams.set(k, v);
    s.cDir = d.dir;
    s.cConn = d.conn;
    s.cTime = d.time;
    s.wideTime = d.time instanceof Float64Array;
    s.timeScale = s.wideTime ? 1 : d.timeScale;
    s.cVerb = d.verb;
    s.cTrId = d.trId;
    s.wideTrId = d.trId instanceof Float64Array;
    s.cFlags = d.flags;
    s.cRaw = d.rawOffset;
    s.cParams = d.paramsFrom;
    s.cReplyTo = d.replyTo;
    s.cStatus = d.status;
    s.pBits = d.payloadBits;
    s.pRank = d.payloadRank;
    s.payloads = d.payload.length;
    s.pDeclared = d.payload.declared;
    s.pShown = d.payload.shown;
    s.pVis = d.payload.visibility;
    s.pFirst = d.payload.first;
    s.pLast = d.payload.last;
    s.replies = d.replies;
    for (const v of d.verbs) s.verbId(v);
    s.connectionIds = d.connectionIds;
    for (const [k, v] of d.rawText) s.rawText.set(k, v);
    for (const [k, v] of d.paramLists) s.paramLists.set(k, v);
    for (const [k, v] of d.payloadText) s.payloadText.set(k, v);
    return s;
  }
}

/** Char offset in its line where row i's raw text starts, −1 when the text is kept aside (EventStore.rawOffsetOf). */
export function dataRawOffset(d: EventStoreData, i: number): number {
  const x = d.rawOffset[i] ?? 0;
  return (x === SMALL_U16_ESCAPE ? (d.bigRawOffset.find(([k]) => k === i)?.[1] ?? 0) : x) - 1;
}

/** The payload row of event i of store data, −1 when it has none (EventStore.payloadRowOf). */
export function dataPayloadRow(d: EventStoreData, i: number): number {
  return rowOf(d.payloadBits, d.payloadRank, i);
}

/** The error code of each verb id of transferred data (−1: not an error): an event's code is `[d.verb[i]]` of it. */
export function dataVerbCodes(d: EventStoreData): Int16Array {
  const out = new Int16Array(d.verbs.length);
  d.verbs.forEach((v, k) => (out[k] = errorCodeOfVerb(v)));
  return out;
}

/** The code of a three-digit verb (an error line's), else −1. */
function errorCodeOfVerb(verb: string): number {
  return isErrorVerb(verb) ? Number(verb) : -1;
}

/** The command event i of transferred data answers, −1 when none (the column holds index + 1). */
export function dataReplyTo(d: EventStoreData, i: number): number {
  return (d.replyTo[i] ?? 0) - 1;
}

/** Time of row i of store data in ms, NaN when the event has none. */
export function dataTime(d: EventStoreData, i: number): number {
  const t = d.time[i] ?? Number.NaN;
  if (d.time instanceof Float64Array) return t;
  return t === NO_TIME ? Number.NaN : t * d.timeScale;
}

/** TrId of row i of store data, NaN when the event has none. */
export function dataTrId(d: EventStoreData, i: number): number {
  const t = d.trId[i] ?? Number.NaN;
  return d.trId instanceof Float64Array || t !== NO_TRID ? t : Number.NaN;
}

/** Every buffer of a store's data, for a transfer list. */
export function storeBuffers(d: EventStoreData): ArrayBufferLike[] {
  const p = d.payload;
  return [d.line, d.endDelta, d.dir, d.conn, d.time, d.verb, d.trId, d.flags, d.rawOffset, d.paramsFrom, d.replyTo,
    d.status, d.payloadBits, d.payloadRank, p.declared, p.shown, p.visibility, p.first, p.last,
    d.replies.bits, d.replies.rank, d.replies.start, d.replies.list].map((a) => a.buffer);
}

/**
 * A LogEvent that reads its fields from the store when they are asked for: building one costs an allocation of
 * two fields, where `event(i)` decodes the line, splits the params and builds the payload. For the analysis
 * passes (findings) that touch hundreds of thousands of events but read a few fields of each. Its fields are
 * getters, so it is no plain object: never structured-clone it or compare it with toEqual; hand out `event(i)`.
 */
class EventView implements LogEvent {
  private cachedParams: readonly string[] | null = null;
  private cachedRaw: string | null = null;
  private cachedReplies: readonly EventId[] | null = null;
  constructor(
    private readonly s: EventStore,
    private readonly i: number,
  ) {}
  get id(): EventId {
    return toEventId(this.i);
  }
  get line(): number {
    return this.s.lineOf(this.i);
  }
  get endLine(): number {
    return this.s.endLineOf(this.i);
  }
  get direction(): Direction | null {
    return this.s.directionOf(this.i);
  }
  get connection(): ConnectionId {
    return this.s.connectionOf(this.i);
  }
  get time(): number | null {
    return this.s.timeOf(this.i);
  }
  get command(): string {
    return this.s.commandOf(this.i);
  }
  get error(): LogEvent['error'] {
    const code = this.s.codeOf(this.i);
    return code < 0 ? null : lookupError(code);
  }
  get trId(): number | null {
    return this.s.trIdOf(this.i);
  }
  get params(): readonly string[] {
    this.cachedParams ??= this.s.paramsOf(this.i);
    return this.cachedParams;
  }
  get raw(): string {
    this.cachedRaw ??= this.s.rawOf(this.i);
    return this.cachedRaw;
  }
  get payload(): Payload | null {
    return this.s.payloadOf(this.i);
  }
  get flags(): readonly EventFlag[] {
    return flagsOfMask(this.s.flagBits(this.i));
  }
  get replyTo(): EventId | null {
    const r = this.s.replyToOf(this.i);
    return r < 0 ? null : toEventId(r);
  }
  get replies(): readonly EventId[] {
    this.cachedReplies ??= this.s.repliesOf(this.i);
    return this.cachedReplies;
  }
  get status(): ReplyStatus {
    return this.s.statusOf(this.i);
  }
  get latencyMs(): number | null {
    return this.s.latencyOf(this.i);
  }
}

// ---- non-protocol lines ----

export const REASONS: readonly NonProtocolReason[] = ['blank', 'noise', 'annotation', 'connection-event', 'unreadable'];

export interface NonProtocolData {
  readonly length: number;
  readonly line: Int32Array;
  readonly reason: Uint8Array;
  /** Per line, the index of its note in `noteTexts` (0: none); null when no line has a note. */
  readonly noteIds: Int32Array | null;
  /** The distinct notes; entry 0 is unused. */
  readonly noteTexts: readonly string[];
  readonly texts: readonly (readonly [number, string])[];
}

/** Non-protocol lines as columns: line number and reason; the text is the source line unless a reader changed it. */
export class NonProtocolStore {
  length = 0;
  private readonly cLine: Grow<Int32Array>;
  private readonly cReason: Grow<Uint8Array>;
  /**
   * Notes by index, one integer per line: readers give a handful of distinct notes (why a line could not be
   * read), and a Map entry per line was most of the cost of a file of a million such lines. 32-bit: a damaged
   * capture writes a note per gap, each naming its own byte counts, and a 16-bit index lost the notes of every
   * gap after the 65,535th.
   */
  private noteIds: Grow<Int32Array> | null = null;
  private readonly noteTexts: string[] = [''];
  private readonly noteIndex = new Map<string, number>();
  private readonly texts = new Map<number, string>();
  private blanks = 0;

  constructor(
    readonly source: LineSource,
    capacity = 256,
  ) {
    this.cLine = new Grow((n) => new Int32Array(n), capacity);
    this.cReason = new Grow((n) => new Uint8Array(n), capacity);
  }

  /** `line` is 1-based; `text` only when it differs from the source line. */
  push(line: number, reason: NonProtocolReason, note?: string, text?: string): void {
    const i = this.length;
    this.cLine.ensure(i + 1);
    this.cReason.ensure(i + 1);
    this.cLine.data[i] = line;
    this.cReason.data[i] = REASONS.indexOf(reason);
    if (reason === 'blank') this.blanks++;
    if (note !== undefined) this.setNote(i, note);
    if (text !== undefined) this.texts.set(i, text);
    this.length = i + 1;
  }

  /** Give entry k a note after it was pushed (a later stage found out more about the line). */
  annotate(k: number, note: string): void {
    if (k >= 0 && k < this.length) this.setNote(k, note);
  }

  private setNote(i: number, note: string): void {
    let id = this.noteIndex.get(note);
    if (id === undefined) {
      id = this.noteTexts.length;
      this.noteTexts.push(note);
      this.noteIndex.set(note, id);
    }
    const ids = (this.noteIds ??= new Grow((n) => new Int32Array(n), this.cLine.data.length));
    ids.ensure(i + 1);
    ids.data[i] = id;
  }

  get blankCount(): number {
    return this.blanks;
  }
  lineOf(k: number): number {
    return this.cLine.data[k] ?? 0;
  }
  reasonOf(k: number): NonProtocolReason {
    return REASONS[this.cReason.data[k] ?? 0] ?? 'noise';
  }
  noteOf(k: number): string | undefined {
    const id = this.noteIds?.data[k] ?? 0;
    return id === 0 ? undefined : this.noteTexts[id];
  }
  textOf(k: number): string {
    return this.texts.get(k) ?? this.source.ownLine(this.lineOf(k) - 1);
  }

  entry(k: number): NonProtocolLine {
    const line = this.lineOf(k);
    const out: { line: number; text: string; reason: NonProtocolReason; note?: string; invalidUtf8?: boolean } = {
      line, text: this.textOf(k), reason: this.reasonOf(k),
    };
    const note = this.noteOf(k);
    if (note !== undefined) out.note = note;
    if (this.source.isInvalid(line - 1)) out.invalidUtf8 = true;
    return out;
  }

  toData(): NonProtocolData {
    const n = this.length;
    const ids = this.noteIds === null ? null : this.noteIds.data.length >= n ? this.noteIds.data.subarray(0, n) : grownTo(this.noteIds.data, n);
    return { length: n, line: this.cLine.data.subarray(0, n), reason: this.cReason.data.subarray(0, n), noteIds: ids, noteTexts: this.noteTexts.slice(), texts: [...this.texts] };
  }

  static fromData(d: NonProtocolData, source: LineSource): NonProtocolStore {
    const s = new NonProtocolStore(source, 0);
    s.length = d.length;
    s.cLine.data = d.line;
    s.cReason.data = d.reason;
    if (d.noteIds !== null) {
      const ids = new Grow<Int32Array>((n) => new Int32Array(n), 0);
      ids.data = d.noteIds;
      s.noteIds = ids;
      for (let k = 1; k < d.noteTexts.length; k++) {
        const text = d.noteTexts[k] ?? '';
        s.noteTexts.push(text);
        s.noteIndex.set(text, k);
      }
    }
    for (const [k, v] of d.texts) s.texts.set(k, v);
    for (let k = 0; k < d.length; k++) if (d.reason[k] === 0) s.blanks++;
    return s;
  }
}

/** A copy of `a` lengthened to n with zeros (a note column last written before the store's last lines). */
function grownTo(a: Int32Array, n: number): Int32Array {
  const out = new Int32Array(n);
  out.set(a);
  return out;
}

// ---- array views ----

/** How many recently built items an array view keeps, so reading the same index twice gives the same object. */
const VIEW_CACHE = 4096;

/**
 * A read-only array over `length` items built by `at(i)` on demand. Indexing, length, iteration, spread, the
 * Array methods, JSON.stringify and Array.isArray all behave as on a plain array; it cannot be structured-cloned
 * (the worker sends the columns instead).
 */
export function lazyArray<T>(length: number, at: (i: number) => T): readonly T[] {
  const cache = new Map<number, T>();
  const get = (i: number): T => {
    let v = cache.get(i);
    if (v === undefined) {
      if (cache.size >= VIEW_CACHE) cache.clear();
      v = at(i);
      cache.set(i, v);
    }
    return v;
  };
  const indexOf = (key: string | symbol): number => {
    if (typeof key !== 'string') return -1;
    const c = key.charCodeAt(0);
    if (c < 48 || c > 57) return -1;
    const n = Number(key);
    return Number.isInteger(n) && n >= 0 && n < length && String(n) === key ? n : -1;
  };
  const target: T[] = [];
  return new Proxy(target, {
    get(t, key, receiver) {
      const i = indexOf(key);
      if (i >= 0) return get(i);
      if (key === 'length') return length;
      return Reflect.get(t, key, receiver) as unknown;
    },
    has(t, key) {
      return indexOf(key) >= 0 || Reflect.has(t, key);
    },
    set() {
      return false;
    },
    deleteProperty() {
      return false;
    },
    ownKeys() {
      const keys: string[] = new Array<string>(length);
      for (let i = 0; i < length; i++) keys[i] = String(i);
      keys.push('length');
      return keys;
    },
    getOwnPropertyDescriptor(t, key) {
      const i = indexOf(key);
      if (i >= 0) return { value: get(i), writable: false, enumerable: true, configurable: true };
      if (key === 'length') return { value: length, writable: true, enumerable: false, configurable: false };
      return Reflect.getOwnPropertyDescriptor(t, key);
    },
  });
}

const storeOfList = new WeakMap<readonly LogEvent[], EventStore>();

/** The events of a store as a read-only LogEvent array. */
export function eventList(store: EventStore): readonly LogEvent[] {
  const list = lazyArray(store.length, (i) => store.event(i));
  storeOfList.set(list, store);
  return list;
}

/** The store behind an events array made by `eventList`, so a consumer can read columns instead of events. */
export function storeOf(events: readonly LogEvent[]): EventStore | undefined {
  return storeOfList.get(events);
}

/**
 * Ids of the events with a verb (and direction), in log order: from the columns when the array has a store,
 * else by walking it.
 */
export function idsOfVerb(events: readonly LogEvent[], verb: string, direction?: Direction): number[] {
  const out: number[] = [];
  const store = storeOf(events);
  if (store === undefined) {
    for (const e of events) if (e.command === verb && (direction === undefined || e.direction === direction)) out.push(e.id);
    return out;
  }
  const v = store.verbs.indexOf(verb);
  if (v < 0) return out;
  const want = direction === undefined ? -1 : directionCode(direction);
  for (let i = 0; i < store.length; i++) if (store.verbIdOf(i) === v && (want < 0 || store.dirCode(i) === want)) out.push(i);
  return out;
}

const storeOfNonProtocol = new WeakMap<readonly NonProtocolLine[], NonProtocolStore>();

export function nonProtocolList(store: NonProtocolStore): readonly NonProtocolLine[] {
  const list = lazyArray(store.length, (k) => store.entry(k));
  storeOfNonProtocol.set(list, store);
  return list;
}

/**
 * The store behind a list made by `nonProtocolList`, so a reader that looks up lines by number can read the line
 * column instead of building each entry (with its decoded text) it only compares.
 */
export function nonProtocolStoreOf(lines: readonly NonProtocolLine[]): NonProtocolStore | undefined {
  return storeOfNonProtocol.get(lines);
}
