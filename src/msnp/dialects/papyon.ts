/**
 * Dialects C/D, papyon (emesene 2, aMSN2). Two record forms carry the same content:
 *   console      `[HH:MM:SS LEVEL logger] message`
 *   log window   `(HH:MM:SS) logger:message`   (often HTML-escaped: `&gt;&gt;&gt;`, `&lt;-&gt;`)
 * Logger `papyon.transport` writes `>>> CMD` (sent), `<<< CMD` (received) and `<-> Connecting to …`. Payloads
 * follow on indented lines in Python-repr form (`    Content-Type: 'text/plain'\r\n`), or as a summary
 * (`[P2P message (1270 bytes)]`, `[payload]`). Records can be glued onto the previous line when a paste lost its
 * line breaks, long tokens wrap onto an unprefixed line, and some errors appear only as a log message
 * (`Notification got error : 800 31`), read as an 'inferred' event.
 *
 * Example lines:
 *   [11:44:11 DEBUG papyon.transport] >>> VER 0 MSNP18 MSNP16 MSNP15
 *   (11:11:40) papyon.transport:&gt;&gt;&gt; XFR 20 SB
 *       ClientPort: '0'\r\n
 *   …[P2P message (1270 bytes)](10:59:00) papyon.transport:<<< ACK 56
 */
import { hiddenPayload, measuredPayload, summaryPayload } from '../payload';
import { utf8Length } from '../decode';
import { tokenizeLine, type Tokens } from '../tokenize';
import type { Direction, EventFlag, NonProtocolReason, Payload } from '../types';
import { addFlag, continuesCutToken } from './line-engine';
import { allQuotesEnd, cleanMarkup } from './markup';
import { Clock, countLines, messageFlags, NO_FLAGS, parseClock, Sink, sinkOf, type Dialect, type ReadInput, type ReadOutput } from './reader';
import { arrowAt } from './transcript';

/** `[11:44:11 DEBUG papyon.transport] ` or `(11:11:40) papyon.transport:` — anywhere in a line (glued records). */
const RECORD = /\[(\d\d:\d\d:\d\d) (?:DEBUG|INFO|WARNING|ERROR|CRITICAL) ([\w.]+)\] ?|\((\d\d:\d\d:\d\d)\) ([\w.]+):/g;
/** A first line cut inside the stamp: `40) papyon.transport:>>> …`, `RROR papyon.transport] <<< …`. */
const CUT_RECORD = /^(?:[\d:]{1,7}\) ([\w.]+):|[A-Z]{0,8} ?([\w.]+)\] ?)/;
/** `Notification got error : 800 31` */
const GOT_ERROR = /got error : (\d{3}) (\d+)/;
/**
 * papyon's switchboard notes that name a session: the USR/ANS that joins it, or the OUT that leaves it, comes next.
 *   New switchboard session 924023575.140242124.23015820
 *   Leaving switchboard 1258163659.107158241.117114203
 */
const SESSION_NOTE = /^(New switchboard session|Leaving switchboard) (\S+)/;
const SWITCHBOARD_LOGGER = 'papyon.protocol.switchboard';
/** `[P2P message (1270 bytes)]`, `[payload]` */
const SUMMARY = /^\[(?:P2P message \(\d+ bytes\)|payload)\]$/;
const TRANSPORT = 'papyon.transport';
const WRAP_MIN = 76;

interface RecordStart {
  readonly index: number;
  readonly msgStart: number;
  readonly time: number;
  readonly logger: string;
}

function findRecords(text: string): RecordStart[] {
  const out: RecordStart[] = [];
  if (text.indexOf(') ') === -1 && text.indexOf('] ') === -1 && text.indexOf(']') === -1) return out;
  RECORD.lastIndex = 0;
  for (let m = RECORD.exec(text); m !== null; m = RECORD.exec(text)) {
    const clock = m[1] ?? m[3] ?? '';
    out.push({ index: m.index, msgStart: m.index + m[0].length, time: parseClock(clock, 0), logger: m[2] ?? m[4] ?? '' });
  }
  return out;
}

/** A protocol message still open for payload lines or a wrapped continuation. */
interface Pending {
  readonly line: number; // 0-based
  endLine: number;
  raw: string;
  tokens: Tokens;
  readonly direction: Direction;
  readonly time: number | null;
  flags: readonly EventFlag[];
  body: string[];
  bodyFirst: number;
  summary: string | null;
}

class PapyonReader {
  private readonly sink: Sink;
  private readonly clock = new Clock();
  private open: Pending | null = null;
  /** A switchboard note's session, waiting for the client line it names (see takeSession). */
  private session: SessionNote | null = null;
  constructor(private readonly input: ReadInput) {
    this.sink = sinkOf(input);
  }

  run(): ReadOutput {
    for (let i = this.input.firstLine ?? 0; i < this.input.lines.count; i++) {
      this.sink.progress(i);
      this.readLine(i);
    }
    this.flush();
    return this.sink.output();
  }

  /** A line that is not a record: context, or a connection event that starts the next connection. */
  private noise(i: number, text: string, original: string): void {
    const reason = classify(text);
    this.sink.noise(i, reason, undefined, original);
    if (reason === 'connection-event' && opensConnection(text)) this.sink.markNewConnection();
  }

  private readLine(i: number): void {
    const original = this.sink.lineText(i);
    const cleaned = cleanMarkup(original);
    // A forum quote in front of every line: the record (or indented payload line) is what follows it.
    const quote = allQuotesEnd(cleaned.text);
    const text = quote === 0 ? cleaned.text : cleaned.text.slice(quote);
    let records = findRecords(text);
    let cut = false;
    if (records.length === 0) {
      if (this.continueOpen(text, i)) return;
      records = i === 0 ? cutRecord(text) : [];
      cut = records.length > 0;
      if (!cut) {
        this.flush();
        this.noise(i, text, original);
        return;
      }
    }
    const first = records[0];
    const head = first === undefined ? '' : text.slice(0, first.index);
    if (head.trim() !== '' && this.open !== null && this.open.tokens.declaredBytes !== null) this.addBody(head.trim(), i);
    this.flush();
    let events = 0;
    records.forEach((r, k) => {
      const next = records[k + 1];
      const message = text.slice(r.msgStart, next === undefined ? text.length : next.index);
      let flags: readonly EventFlag[] = NO_FLAGS;
      if (cut) flags = addFlag(flags, 'truncated');
      if (k > 0 || head.trim() !== '') flags = addFlag(flags, 'glued');
      if (cleaned.escaped) flags = addFlag(flags, 'html-escaped');
      if (cleaned.markup || quote > 0) flags = addFlag(flags, 'markup-removed');
      if (this.readRecord(r, message, flags, i)) events++;
      if (next !== undefined) this.flush(); // a record glued after this one ends it
    });
    if (events === 0) this.noise(i, text, original);
  }

  /** A transport `>>>`/`<<<` record opens a message; an error log line becomes an inferred event. */
  private readRecord(r: RecordStart, message: string, flags: readonly EventFlag[], i: number): boolean {
    const time = r.time >= 0 ? this.clock.at(r.time) : null;
    const dir = r.logger === TRANSPORT ? arrowAt(message, 0) : null;
    if (dir !== null) {
      const raw = message.slice(message.charCodeAt(3) === 32 ? 4 : 3);
      const tokens = tokenizeLine(raw, dir);
      if (tokens === null) return false;
      this.open = { line: i, endLine: i, raw, tokens, direction: dir, time, flags, body: [], bodyFirst: -1, summary: null };
      return true;
    }
    // The switchboard logger also writes `Notification got error : 217 4`: a note that names no session goes on.
    if (r.logger === SWITCHBOARD_LOGGER && this.noteSession(message)) return false;
    const err = GOT_ERROR.exec(message);
    if (err === null) return false;
    const raw = `${err[1] ?? ''} ${err[2] ?? ''}`;
    const tokens = tokenizeLine(raw, 'server');
    if (tokens === null) return false;
    this.sink.message({ line: i + 1, endLine: i + 1, direction: 'server', connectionHint: null, kindHint: null, time, flags: addFlag(flags, 'inferred') }, tokens, raw, null);
    return true;
  }

  /** Indented payload display, or an unprefixed wrapped continuation of a long line. */
  private continueOpen(text: string, i: number): boolean {
    const open = this.open;
    if (open === null || text.length === 0) return false;
    const indented = text.charCodeAt(0) === 32 || text.charCodeAt(0) === 9;
    if (indented && open.tokens.declaredBytes !== null) {
      this.addBody(text.trim(), i);
      return true;
    }
    if (!indented && open.body.length === 0 && open.raw.length >= WRAP_MIN && continuesCutToken(open.raw, text)) {
      const joined = open.raw + text;
      const tokens = tokenizeLine(joined, open.direction);
      if (tokens === null) return false;
      open.raw = joined;
      open.tokens = tokens;
      open.endLine = i;
      open.flags = addFlag(open.flags, 'wrapped');
      return true;
    }
    return false;
  }

  /** `Leaving switchboard <id>` / `New switchboard session <id>`: the session of a client line to come. */
  private noteSession(message: string): boolean {
    const m = SESSION_NOTE.exec(message);
    if (m === null) return false;
    this.session = { id: m[2] ?? '', leaving: m[1] === 'Leaving switchboard' };
    return true;
  }

  /**
   * The session a pending note names for this client line, or null. papyon sends the OUT right after its leave
   * note, so the next client line takes it (or drops it); a new session's USR/ANS waits for the connect, and NS
   * lines may pass in between.
   */
  private takeSession(p: Pending): string | null {
    const note = this.session;
    if (note === null || p.direction !== 'client') return null;
    const verb = p.tokens.command;
    if (note.leaving) {
      this.session = null;
      return verb === 'OUT' ? note.id : null;
    }
    if (verb !== 'USR' && verb !== 'ANS') return null;
    this.session = null;
    return note.id;
  }

  private addBody(text: string, i: number): void {
    const open = this.open;
    if (open === null) return;
    if (open.bodyFirst < 0) open.bodyFirst = i;
    open.endLine = i;
    if (SUMMARY.test(text)) open.summary = text;
    else open.body.push(unrepr(text));
  }

  private flush(): void {
    const p = this.open;
    if (p === null) return;
    this.open = null;
    const payload = payloadOf(p);
    const flags = messageFlags(p.flags, p.tokens, this.sink.isInvalid(p.line), p.direction);
    const session = this.session === null ? null : this.takeSession(p);
    this.sink.message({ line: p.line + 1, endLine: p.endLine + 1, direction: p.direction, connectionHint: null, kindHint: null, time: p.time, flags }, p.tokens, p.raw, payload, undefined, session);
  }
}

interface SessionNote {
  readonly id: string;
  /** `Leaving switchboard` (an OUT follows), else `New switchboard session` (a USR or ANS follows). */
  readonly leaving: boolean;
}

function payloadOf(p: Pending): Payload | null {
  const declared = p.tokens.declaredBytes;
  if (declared === null) return null;
  if (p.bodyFirst < 0) return hiddenPayload(declared);
  if (p.summary !== null && p.body.length === 0) return { ...summaryPayload(declared, p.summary, p.bodyFirst + 1), lastLine: p.endLine + 1 };
  let sum = 0;
  for (const b of p.body) sum += utf8Length(b);
  return measuredPayload(declared, sum, p.body.length, p.body.join('\r\n'), p.bodyFirst + 1, p.endLine + 1);
}

/** Python repr of a payload line → the bytes it stood for: `ClientPort: '0'\r\n` → `ClientPort: 0`. */
export function unrepr(line: string): string {
  let t = line.endsWith('\\r\\n') ? line.slice(0, -4) : line;
  const q = /^([\w-]+: )'(.*)'$/.exec(t);
  if (q) t = (q[1] ?? '') + (q[2] ?? '');
  else if (/^'.*'$/.test(t)) t = t.slice(1, -1);
  if (t.indexOf('\\') === -1) return t;
  return t.replace(/\\(x[0-9a-fA-F]{2}|[rnt'"\\])/g, (_, e: string) => {
    if (e.startsWith('x')) return String.fromCharCode(parseInt(e.slice(1), 16));
    return e === 'r' ? '\r' : e === 'n' ? '\n' : e === 't' ? '\t' : e;
  });
}

function cutRecord(text: string): RecordStart[] {
  const m = CUT_RECORD.exec(text);
  if (m === null) return [];
  const logger = m[1] ?? m[2] ?? '';
  return logger.startsWith('papyon.') ? [{ index: 0, msgStart: m[0].length, time: -1, logger }] : [];
}

/** `[11:44:10 DEBUG papyon.transport] <-> Connecting to messenger.hotmail.com:1863`: a new connection. */
function opensConnection(text: string): boolean {
  return /<-> Connecting to /.test(text);
}

function classify(text: string): NonProtocolReason {
  return /(?:^|[:\]] ?)<-> /.test(text) ? 'connection-event' : 'noise';
}

const LINE = /papyon\.transport(?:\] ?|:)(?:>>>|<<<|&gt;&gt;&gt;|&lt;&lt;&lt;)/;
const SHAPE = /^(?:\[\d\d:\d\d:\d\d [A-Z]+ [\w.]+\]|\(\d\d:\d\d:\d\d\) [\w.]+:)/;

export const papyonDialect: Dialect = {
  id: 'papyon',
  name: 'papyon / emesene debug log',
  pattern: 'papyon.transport >>> | <<<',
  sniff: (head) => ({
    matched: countLines(head, (l) => LINE.test(l) || (l.includes('papyon.') && GOT_ERROR.test(l))),
    shaped: countLines(head, (l) => SHAPE.test(l)),
  }),
  read: (input) => new PapyonReader(input).run(),
};
