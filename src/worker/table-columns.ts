/**
 * The filter/sort/strip columns (event-columns.ts) built straight from a result's tables: the EventStore's typed
 * columns and the log's bytes, with no LogEvent built per event. Building a million events to read five fields
 * from each cost ~15 s on the 1M-line bench log; this walks typed arrays and copies bytes.
 *
 * The free-text column is assembled as UTF-8 bytes (what is transferred anyway). A row whose pieces are the
 * source's bytes is copied and lower-cased on the bytes (lower-utf8.ts); a row that declines (a character that
 * lower-casing changes, invalid UTF-8) or holds text a reader kept aside goes through strings exactly like the
 * object path, so both paths produce the same text.
 */
import type { EventStoreData, NonProtocolData } from '../msnp/event-store';
import { dataVerbCodes, dataPayloadRow, dataRawOffset, dataReplyTo, dataTime, dataTrId, FLAG_BITS, STATUS_CODES, VISIBILITY_CODES } from '../msnp/event-store';
import { byteView } from '../msnp/byte-words';
import { lineEnd, type LineSourceData } from '../msnp/line-source';
import type { ParseResult, ResultTables } from '../msnp/types';
import { lowerUtf8, type LowerOut } from './lower-utf8';
import { TEXT_SEPARATOR, type TextColumn } from './text-column';

/** The per-event number columns (EventColumns extends these): both the store path and the object path fill them. */
export interface ScalarColumns {
  readonly command: Uint16Array;
  /** For a reply, the verb of the command it answers; otherwise the event's own verb. */
  readonly txCommand: Uint16Array;
  /** Error code, or -1. */
  readonly code: Int16Array;
  /**
   * Index into connectionIds. Int32, not Uint16: a busy server's log holds more than 65,535 connections, and a
   * narrower column wrapped the later ones onto the first (their rows filtered, sorted and counted as another's).
   */
  readonly connection: Int32Array;
  readonly direction: Uint8Array;
  /** TrId, or -1. */
  readonly trId: Int32Array;
  readonly flags: Uint8Array;
  /** 1-based source line of each event. */
  readonly line: Int32Array;
  /** Time in ms since midnight, NaN when the event has none. */
  readonly time: Float64Array;
  /** Latency in ms, NaN when none. */
  readonly latency: Float64Array;
}

/** Names the columns index into; the object path and this one fill the same lists. */
export interface Interned {
  readonly commandNames: string[];
  readonly connectionIds: string[];
  readonly connectionKinds: ParseResult['connections'][number]['kind'][];
  readonly connectionSourceNames: (string | null)[];
  readonly connectionAccounts: (string | null)[];
}

/** Column-path flags, same bits as event-columns.ts (kept numeric here to avoid an import cycle). */
export interface FlagBits {
  readonly error: number;
  readonly unanswered: number;
  readonly orphan: number;
  readonly inferred: number;
}

const UNANSWERED = STATUS_CODES.indexOf('unanswered');
const INFERRED_BIT = 1 << FLAG_BITS.indexOf('inferred');
const HIDDEN = VISIBILITY_CODES.indexOf('hidden');

export interface TablesData {
  readonly source: LineSourceData;
  readonly events: EventStoreData;
  readonly nonProtocol: NonProtocolData;
}

export function tablesData(t: ResultTables): TablesData {
  return { source: t.source.toData(), events: t.events.toData(), nonProtocol: t.nonProtocol.toData() };
}

/** Store verb id → interned upper-case command id (two spellings of a verb share one id). */
function commandMap(d: EventStoreData, names: Interned): Uint16Array {
  const ids = new Map<string, number>();
  const out = new Uint16Array(d.verbs.length);
  d.verbs.forEach((v, k) => {
    const up = v.toUpperCase();
    let id = ids.get(up);
    if (id === undefined) {
      id = names.commandNames.length;
      names.commandNames.push(up);
      ids.set(up, id);
    }
    out[k] = id;
  });
  return out;
}

/** Store connection index → index in the result's connection list (unknown ids are appended). */
function connectionMap(d: EventStoreData, names: Interned): Int32Array {
  const known = new Map<string, number>(names.connectionIds.map((id, i) => [id, i]));
  const out = new Int32Array(d.connectionIds.length);
  d.connectionIds.forEach((id, k) => {
    let c = known.get(id);
    if (c === undefined) {
      c = names.connectionIds.length;
      names.connectionIds.push(id);
      names.connectionKinds.push('unknown');
      names.connectionSourceNames.push(null);
      names.connectionAccounts.push(null);
      known.set(id, c);
    }
    out[k] = c;
  });
  return out;
}

/** Latency of each command to its first reply, NaN when there is none (same rule as EventStore.latencyOf). */
function latencies(d: EventStoreData): Float64Array {
  const n = d.length;
  const out = new Float64Array(n).fill(Number.NaN);
  const { bits, start, list } = d.replies;
  // The answered commands in event order are the rows in order: walk the set bits, counting rows.
  let row = 0;
  for (let w = 0; w < bits.length; w++) {
    let word = bits[w] as number;
    while (word !== 0) {
      const b = 31 - Math.clz32(word & -word);
      word = (word & (word - 1)) >>> 0;
      const i = w * 32 + b;
      const sent = dataTime(d, i);
      const got = dataTime(d, list[start[row] as number] as number);
      row++;
      if (got >= sent) out[i] = got - sent; // false for NaN on either side
    }
  }
  return out;
}

export function scalarColumnsFromStore(d: EventStoreData, names: Interned, orphans: ReadonlySet<number>, bits: FlagBits): ScalarColumns {
  const n = d.length;
  const verbMap = commandMap(d, names);
  const connMap = connectionMap(d, names);
  const codeOfVerb = dataVerbCodes(d);
  const cols = {
    // Direction and line are the store's own columns, same codes: views, not copies (8 MB less to write on 1.6M
    // events, which on a VM whose first touch of a page is slow was ~45 ms). Nothing writes to either after parsing.
    command: new Uint16Array(n), txCommand: new Uint16Array(n), code: new Int16Array(n), connection: new Int32Array(n),
    direction: d.dir.subarray(0, n), trId: new Int32Array(n), flags: new Uint8Array(n), line: d.line.subarray(0, n),
    time: new Float64Array(n), latency: latencies(d),
  };
  for (let i = 0; i < n; i++) {
    cols.command[i] = verbMap[d.verb[i] as number] as number;
    const code = codeOfVerb[d.verb[i] as number] as number;
    cols.code[i] = code;
    cols.connection[i] = connMap[d.conn[i] as number] as number;
    cols.time[i] = dataTime(d, i);
    const t = dataTrId(d, i);
    cols.trId[i] = Number.isNaN(t) ? -1 : t;
    cols.flags[i] = (code >= 0 ? bits.error : 0) | (d.status[i] === UNANSWERED ? bits.unanswered : 0) |
      (orphans.has(i) ? bits.orphan : 0) | (((d.flags[i] as number) & INFERRED_BIT) !== 0 ? bits.inferred : 0);
  }
  for (let i = 0; i < n; i++) {
    const to = dataReplyTo(d, i);
    cols.txCommand[i] = to >= 0 && to < n ? (cols.command[to] as number) : (cols.command[i] as number);
  }
  return cols;
}

/** Growing UTF-8 output plus the char offsets of each row in the decoded text. */
class TextBuilder {
  /** The output so far: its bytes, a DataView over them (four-byte writes) and the write position. */
  private out: LowerOut;
  private chars = 0;
  readonly starts: Uint32Array;
  private readonly encoder = new TextEncoder();
  /** Where the current row began: `rewindRow` goes back there. */
  private rowPos = 0;
  private rowChars = 0;

  constructor(count: number, guess: number) {
    this.out = lowerOut(new Uint8Array(Math.max(64, guess)), 0);
    this.starts = new Uint32Array(count + 1);
  }

  private ensure(extra: number): void {
    const { bytes, pos } = this.out;
    if (pos + extra <= bytes.length) return;
    const next = new Uint8Array(Math.max(pos + extra, Math.ceil(bytes.length * 1.5)));
    next.set(bytes.subarray(0, pos));
    this.out = lowerOut(next, pos);
  }

  beginRow(i: number): void {
    this.starts[i] = this.chars;
    this.rowPos = this.out.pos;
    this.rowChars = this.chars;
  }

  /** Drop what the current row wrote so far (its text goes through strings after all). */
  rewindRow(): void {
    this.out.pos = this.rowPos;
    this.chars = this.rowChars;
  }

  /**
   * src[from, to) lower-cased on its bytes (lower-utf8.ts); false when that declines, having written nothing that
   * counts: the caller rewinds the row and writes it as a string.
   */
  utf8(src: Uint8Array, srcView: DataView, from: number, to: number): boolean {
    this.ensure(to - from);
    const units = lowerUtf8(src, srcView, from, to, this.out);
    if (units < 0) return false;
    this.chars += units;
    return true;
  }

  byte(b: number): void {
    this.ensure(1);
    this.out.bytes[this.out.pos++] = b;
    this.chars++;
  }

  /** A whole row's text as a string: lower-cased at once (casing can depend on the neighbours: final sigma). */
  text(s: string): void {
    const lower = s.toLowerCase();
    this.ensure(lower.length * 3);
    this.out.pos += this.encoder.encodeInto(lower, this.out.bytes.subarray(this.out.pos)).written;
    this.chars += lower.length;
  }

  /**
   * The column. Its bytes are a view of the output, not a trimmed copy: the copy was the text's size again at the
   * worker's memory peak, and the untouched tail of the output never took memory.
   */
  finish(count: number): TextColumn {
    this.starts[count] = this.chars;
    return { bytes: this.out.bytes.subarray(0, this.out.pos), starts: this.starts };
  }
}

function lowerOut(bytes: Uint8Array, pos: number): LowerOut {
  return { bytes, view: byteView(bytes), pos };
}

/**
 * Decodes like the source (line-source.ts): a U+FEFF that starts a piece is text, not a byte-order mark. (The
 * default decoder dropped it, while the row's char offsets still counted it.)
 */
function sourceDecoder(): TextDecoder {
  return new TextDecoder('utf-8', { ignoreBOM: true });
}

function isAscii(bytes: Uint8Array, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if ((bytes[k] as number) >= 0x80) return false;
  return true;
}

const SEP = TEXT_SEPARATOR.charCodeAt(0);
const NEWLINE = 10;

/** Where one event's text comes from: byte ranges of the source, or strings a reader kept aside. */
interface Pieces {
  rawFrom: number;
  rawTo: number;
  /** Char offset of the raw text in its line (dataRawOffset). */
  rawOffset: number;
  rawText: string | undefined;
  hasPayload: boolean;
  payFrom: number;
  payTo: number;
  payText: string | undefined;
}

function piecesOf(d: EventStoreData, s: LineSourceData, raw: ReadonlyMap<number, string>, pay: ReadonlyMap<number, string>, i: number, p: Pieces): void {
  const off = dataRawOffset(d, i);
  const li = (d.line[i] as number) - 1;
  p.rawOffset = off;
  p.rawText = off < 0 ? (raw.get(i) ?? '') : undefined;
  p.rawFrom = off < 0 ? 0 : (s.starts[li] as number);
  p.rawTo = off < 0 ? 0 : lineEnd(s, li);
  const row = dataPayloadRow(d, i);
  p.hasPayload = row >= 0;
  p.payText = undefined;
  p.payFrom = 0;
  p.payTo = 0;
  if (row < 0) return;
  const first = d.payload.first[row] as number;
  p.payText = pay.get(row);
  if (p.payText === undefined && d.payload.visibility[row] !== HIDDEN && first !== 0) {
    p.payFrom = s.starts[first - 1] as number;
    p.payTo = lineEnd(s, (d.payload.last[row] as number) - 1);
  }
}

/** A row whose pieces are the source's bytes, copied lower-cased; false when it must go through strings. */
function bytesRow(b: TextBuilder, bytes: Uint8Array, view: DataView, p: Pieces): boolean {
  if (p.rawText !== undefined || p.payText !== undefined) return false;
  // The raw text starts at a char offset, equal to the byte offset only when the line is ASCII up to it.
  if (!isAscii(bytes, p.rawFrom, p.rawFrom + p.rawOffset) || !b.utf8(bytes, view, p.rawFrom + p.rawOffset, p.rawTo)) return false;
  if (!p.hasPayload) return true;
  b.byte(NEWLINE);
  return b.utf8(bytes, view, p.payFrom, p.payTo);
}

/** `raw` + (payload ? '\n' + payload text : ''), lower-cased, for every event; see the module comment. */
export function eventTextFromTables(d: EventStoreData, s: LineSourceData): TextColumn {
  const n = d.length;
  const b = new TextBuilder(n, s.bytes.length + n * 2);
  const raw = new Map(d.rawText);
  const pay = new Map(d.payloadText);
  const decoder = sourceDecoder();
  const p: Pieces = { rawFrom: 0, rawTo: 0, rawOffset: 0, rawText: undefined, hasPayload: false, payFrom: 0, payTo: 0, payText: undefined };
  const bytes = s.bytes;
  const view = byteView(bytes);
  for (let i = 0; i < n; i++) {
    b.beginRow(i);
    piecesOf(d, s, raw, pay, i, p);
    if (!bytesRow(b, bytes, view, p)) {
      b.rewindRow();
      const rawStr = p.rawText ?? decoder.decode(bytes.subarray(p.rawFrom, p.rawTo)).slice(p.rawOffset);
      const payStr = p.payText ?? decoder.decode(bytes.subarray(p.payFrom, p.payTo));
      b.text(p.hasPayload ? `${rawStr}\n${payStr}` : rawStr);
    }
    b.byte(SEP);
  }
  return b.finish(n);
}

/** The text of each non-protocol line (its source line unless the reader changed it), lower-cased. */
export function nonProtocolTextFromTables(np: NonProtocolData, s: LineSourceData): TextColumn {
  const n = np.length;
  const b = new TextBuilder(n, n * 32);
  const texts = new Map(np.texts);
  const decoder = sourceDecoder();
  const bytes = s.bytes;
  const view = byteView(bytes);
  for (let k = 0; k < n; k++) {
    b.beginRow(k);
    const li = (np.line[k] as number) - 1;
    const kept = texts.get(k);
    const from = s.starts[li] ?? 0;
    const to = lineEnd(s, li);
    if (kept !== undefined || !b.utf8(bytes, view, from, to)) {
      b.rewindRow();
      b.text(kept ?? decoder.decode(bytes.subarray(from, to)));
    }
    b.byte(SEP);
  }
  return b.finish(n);
}
