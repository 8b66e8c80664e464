/**
 * The meaning half of the core: tokenized messages in, events with connections, errors and pairs out.
 *
 * Stages, each its own module: connection assignment → error look-up → pairing → diagnose. The first three run
 * message by message (`EventBuilder.add`), so parseLog feeds each message in as soon as the reader made it: the
 * tokenized message dies young and only the LogEvent stays, instead of a second array of a million messages
 * living until the end. `finish` then fills in what only the whole log decides (connection ids, replies, status,
 * latency) on the same objects and runs the diagnostics.
 */
import { ConnectionAssigner } from './connections';
import { diagnose, diagnoseStored, knownVerbTable } from './diagnose';
import { DiagnosticList } from './diagnostic-list';
import { EventStore, eventList, MARK_AUTH_USR, MARK_SB_REQUEST, STATUS_CODES, type RawRef } from './event-store';
import { LineSource } from './line-source';
import { Pairer } from './pair';
import { StatsCounter } from './stats';
import { splitParams } from './tokenize';
import { verbCode } from './verb-code';
import { isLadderUsrMessage } from './usr-packages';
import { verbTraits } from './verb-roles';
import { firstParamIs, type Connection, type Diagnostic, type LogEvent, type TokenizedMessage } from './types';

export interface BuiltEvents {
  /** The events as a read-only array view over `store`. */
  readonly events: readonly LogEvent[];
  readonly store: EventStore;
  readonly connections: Connection[];
  readonly diagnostics: Diagnostic[];
  /** Some event carries a time. */
  readonly hasTimes: boolean;
  /** The event counts of the summary, gathered in the same pass (`stats.result(allDiagnostics)`). */
  readonly stats: StatsCounter;
}

const EMPTY_SOURCE = LineSource.fromUtf8(new Uint8Array(0));

/** Builds events one message at a time, in log order, into the columns of an EventStore. */
export class EventBuilder {
  readonly store: EventStore;
  // Replaced by fresh ones when finish() is done with them: their per-connection maps are a large part of the
  // heap at the end of a big parse, and the findings stage that follows should not run with them alive.
  private assigner = new ConnectionAssigner();
  private pairer: Pairer;
  private hasTimes = false;

  /** `source`: the lines the messages were read from (their raw text and payloads are cut back out of it). */
  constructor(source: LineSource = EMPTY_SOURCE, capacity = 1024) {
    this.store = new EventStore(source, capacity);
    this.pairer = new Pairer(this.store, this.store);
  }

  get count(): number {
    return this.store.length;
  }

  add(read: TokenizedMessage): void {
    const i = this.store.length;
    const code = read.verbCode ?? verbCode(read.command);
    const traits = verbTraits(read.command, code);
    const conn = this.assigner.assign(read, i, traits);
    // The tokenizer knows no version: an LSG's TrId (MSNP7 only) is read here, once its connection is known.
    const m = code === LSG_CODE && read.trId === null ? this.lsgWithTrId(read, conn) : read;
    this.store.push(m, rawRef(m, this.store.source), firstParamMarks(m), code);
    // The assigner's index of the connection; ids are given to those indexes at the end.
    this.store.setConnection(i, conn);
    this.pairer.add(m, i, conn, traits);
    if (m.time !== null) this.hasTimes = true;
  }

  /** Another log of the file begins: its lines start connections of their own (ConnectionAssigner.startSession). */
  startSession(): void {
    this.assigner.startSession();
  }

  /**
   * An LSG group row read without a TrId (the tokenizer's rule from MSNP8 on, `LSG 0 Other%20Contacts 0`) whose
   * first token is one: the connection negotiated MSNP7 or lower (§2: LSG carries a TrId in 7), or, with no VER in
   * the log, the row repeats the running SYN burst's TrId in MSNP7's shape (`LSG 5 65 1 2 0 Other%20Contacts 0`:
   * TrId, list version, index, count, group id, name, 0). The MSNP8 row `LSG 2 Friends 0` keeps its group id.
   */
  private lsgWithTrId(m: TokenizedMessage, conn: number): TokenizedMessage {
    if (m.direction !== 'server') return m;
    const first = m.params[0];
    if (first === undefined || !/^\d{1,9}$/.test(first)) return m;
    const trId = Number(first);
    const version = this.assigner.versionOf(conn);
    const msnp7 = version !== null ? version <= 7 : m.params.length >= MSNP7_LSG_PARAMS && this.pairer.burstTrId(conn) === trId;
    return msnp7 ? withLeadingTrId(m, trId) : m;
  }

  /** Connection ids, pairs and statuses into the store, then the counts and the diagnostics. Call once. */
  finish(): BuiltEvents {
    const { connections, afterClose } = this.assigner.finish();
    const { store, pairer } = this;
    store.connectionIds = connections.map((c) => c.id);
    const stats = new StatsCounter();
    const n = store.length;
    store.finishReplies();
    noReplyAfterClose(store, afterClose);
    const perEvent = new DiagnosticList();
    const known = knownVerbTable(store);
    // One pass counts and diagnoses each event from the columns: no LogEvent is built for it.
    for (let i = 0; i < n; i++) {
      stats.addStored(store, i);
      diagnoseStored(store, i, perEvent, known);
    }
    const events = eventList(store);
    const diagnostics = diagnose({ events, connections, pairing: pairer, afterClose }, perEvent);
    this.assigner = new ConnectionAssigner();
    this.pairer = new Pairer(store, store);
    return { events, store, connections, diagnostics, hasTimes: this.hasTimes, stats };
  }
}

const UNANSWERED = STATUS_CODES.indexOf('unanswered');
const NO_REPLY_EXPECTED = STATUS_CODES.indexOf('no-reply-expected');

/**
 * A command sent on a connection already closed can get no reply: it is told once, as sent after the close, and
 * not also as unanswered. Set here, before anything counts statuses, so the stats, the CLI's list of unanswered
 * commands, the diagnostics and the findings all read the same status.
 */
function noReplyAfterClose(store: EventStore, afterClose: ArrayLike<number>): void {
  for (let k = 0; k < afterClose.length; k++) {
    const i = afterClose[k] ?? -1;
    if (i >= 0 && i < store.length && store.statusCode(i) === UNANSWERED) store.setStatus(i, NO_REPLY_EXPECTED);
  }
}

const LSG_CODE = verbCode('LSG');
/** MSNP7's LSG after its TrId: list version, index, count, group id, name (and a trailing 0). */
const MSNP7_LSG_PARAMS = 6;

/** The message with its first parameter read as its TrId (the rest are its params). */
function withLeadingTrId(m: TokenizedMessage, trId: number): TokenizedMessage {
  const { line, endLine, direction, connectionHint, kindHint, time, command, errorCode, raw, payload, flags } = m;
  const out: { -readonly [K in keyof TokenizedMessage]: TokenizedMessage[K] } = {
    line, endLine, direction, connectionHint, kindHint, time, command, errorCode, trId, params: m.params.slice(1), raw, payload, flags,
  };
  // Where the text sits, so the store still cuts it from the source; the params' offset is found again from them.
  if (m.rawOffset !== undefined) out.rawOffset = m.rawOffset;
  if (m.payloadInSource !== undefined) out.payloadInSource = m.payloadInSource;
  if (m.asciiLine !== undefined) out.asciiLine = m.asciiLine;
  if (m.verbCode !== undefined) out.verbCode = m.verbCode;
  return out;
}

/** Assign connections, name errors, pair commands with replies and diagnose the result. */
export function buildEvents(messages: readonly TokenizedMessage[], source?: LineSource): BuiltEvents {
  const builder = new EventBuilder(source);
  for (const m of messages) builder.add(m);
  return builder.finish();
}

/** MARK_AUTH_USR for the client's sign-in USR, MARK_SB_REQUEST for its `XFR t SB`, else 0 (see EventStore marks). */
function firstParamMarks(m: TokenizedMessage): number {
  if (m.direction !== 'client') return 0;
  // `USR t TWN I a@b` is a sign-in step, `USR t a@b cookie` joins a switchboard (usr-packages.ts).
  if (m.command === 'USR') return isLadderUsrMessage(m) ? MARK_AUTH_USR : 0;
  if (m.command === 'XFR') return firstParamIs(m, 'SB') ? MARK_SB_REQUEST : 0;
  return 0;
}

/**
 * How the store can get this message's text back: offsets into the source when the reader said where the text
 * sits (the line-prefixed readers always do), else a check that the text is the line's tail, else the strings.
 */
/** The ref of a message that says where its text is (a reader on the source): one object, reused. */
const SOURCE_REF: { rawOffset: number; paramsFrom: number } = { rawOffset: 0, paramsFrom: 0 };

function rawRef(m: TokenizedMessage, source: LineSource): RawRef {
  const inSource = m.line >= 1 && m.line <= source.count;
  if (inSource && m.payloadInSource === true && m.rawOffset !== undefined && m.rawOffset >= 0 && m.paramsFrom !== undefined && m.paramsFrom >= 0) {
    // store.push reads the ref before anything else can reuse it.
    SOURCE_REF.rawOffset = m.rawOffset;
    SOURCE_REF.paramsFrom = m.paramsFrom;
    return SOURCE_REF;
  }
  let rawOffset = inSource ? (m.rawOffset ?? -1) : -1;
  if (rawOffset < 0 && inSource) {
    const line = source.line(m.line - 1);
    if (line.endsWith(m.raw)) rawOffset = line.length - m.raw.length;
  }
  let paramsFrom = m.paramsFrom ?? -1;
  if (paramsFrom < 0) paramsFrom = paramsOffset(m.raw, m.params);
  let payloadText: string | undefined;
  const p = m.payload;
  if (p !== null && !(m.payloadInSource === true && inSource) && p.text !== '') {
    const first = p.firstLine ?? 0;
    const last = p.lastLine ?? 0;
    const same = inSource && first >= 1 && last >= first && last <= source.count && source.span(first - 1, last - 1) === p.text;
    if (!same) payloadText = p.text;
  }
  const ref: { -readonly [K in keyof RawRef]: RawRef[K] } = { rawOffset, paramsFrom };
  if (rawOffset < 0) ref.raw = m.raw;
  if (paramsFrom < 0) ref.params = m.params;
  if (payloadText !== undefined) ref.payloadText = payloadText;
  return ref;
}

/** Where in raw the params start when they are raw split on spaces from there; −1 when they are not. */
function paramsOffset(raw: string, params: readonly string[]): number {
  if (params.length === 0) return raw.length + 1;
  const joined = params.join(' ');
  if (!raw.endsWith(joined)) return -1;
  const from = raw.length - joined.length;
  if (from > 0 && raw.charCodeAt(from - 1) !== 32) return -1;
  const again = splitParams(raw, from);
  return again.length === params.length && again.every((p, k) => p === params[k]) ? from : -1;
}
