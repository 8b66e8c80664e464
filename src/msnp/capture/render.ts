/**
 * A capture's MSNP connections written out as a log the `capture` dialect reads: every message on its own line,
 * prefixed with the capture time (UTC), the connection's kind and number and the direction, its payload bytes
 * exactly as they crossed the wire on the lines after it. Reading the wire stream here is framing, not parsing:
 * a line up to its CRLF, and the payload the command's own length declares, so a payload with CRLFs inside never
 * passes for commands. The text is what the rest of the pipeline reads, what the source view shows and what a
 * shared report carries: one form for all three.
 */
import { formatCount, plural } from '../format-count';
import { utf8Decode, utf8Encode } from '../line-source';
import { commandSpec } from '../commands';
import { summarizeBinary } from './binary-summary';
import { tokenizeLine } from '../tokenize';
import type { ConnectionKind, Direction } from '../types';
import type { CaptureFormat } from './capture-file';
import type { GatewaySession } from './http-gateway';
import { MSNP_PORT, runAt, type ByteStream, type TcpConnection } from './tcp-streams';

export interface RenderSummary {
  readonly format: CaptureFormat;
  readonly packets: number;
  readonly otherConnections: number;
  readonly otherPackets: number;
  readonly damage: string | null;
}

/**
 * One line of the rendering (and the payload after it): a message cut from a stream, or a line of text (a
 * connection opening or closing, a gap). Kept as offsets into the stream until the lines are written in order.
 */
interface Item {
  readonly packet: number;
  /** Order inside a packet: a connection's opening, then its bytes by offset, then its closing. */
  readonly sub: number;
  readonly time: number;
  /** `NS tcp2 ` before `>>> ` and the message, or before a text. */
  readonly prefix: string;
  readonly text: string | null;
  readonly stream: Uint8Array | null;
  readonly headerStart: number;
  readonly headerEnd: number;
  /** The payload shown after the header ([bodyStart, bodyEnd) of the stream); equal for none. */
  readonly bodyStart: number;
  readonly bodyEnd: number;
  /** For a payload that is not text: the line that sums up what is not shown (binary-summary.ts), else null. */
  readonly summary: string | null;
}

const textItem = (packet: number, sub: number, time: number, prefix: string, text: string): Item => ({
  packet, sub, time, prefix, text, stream: null, headerStart: 0, headerEnd: 0, bodyStart: 0, bodyEnd: 0, summary: null,
});

/** Whether a connection carries MSNP: on the MSNP port, or the client's first line reads as an MSNP command. */
export function isMsnpConnection(c: TcpConnection): boolean {
  if (c.serverPort === MSNP_PORT || c.clientPort === MSNP_PORT) return true;
  const head = utf8Decode(c.fromClient.bytes.subarray(0, 64));
  return /^(?:[A-Z]{3} \d+ |PNG\r?\n)/.test(head);
}

export function renderCapture(connections: readonly TcpConnection[], sessions: readonly GatewaySession[], summary: RenderSummary): Uint8Array {
  const items: Item[] = [];
  connections.forEach((c, k) => renderConnection(c, k + 1, items));
  for (const s of sessions) renderSession(s, items);
  items.sort((x, y) => x.packet - y.packet || x.sub - y.sub);
  const total = connections.length + sessions.length;
  const gateway = sessions.length === 0 ? '' : ` (${formatCount(sessions.length)} through the HTTP gateway)`;
  const head = `# packet capture (${summary.format}): ${formatCount(summary.packets)} packets, ${plural(total, 'MSNP connection')}${gateway}${leftOut(summary)}; times are UTC; binary payloads (P2P) are summed up in one bracketed line each, not shown${summary.damage === null ? '' : `; ${summary.damage}`}`;
  let size = head.length * 3 + 2;
  for (const i of items) size += 13 + i.prefix.length + (i.text === null ? 0 : i.text.length * 3) + (i.headerEnd - i.headerStart) + (i.bodyEnd - i.bodyStart) + 4 + (i.summary === null ? 0 : i.summary.length * 3 + 4);
  const w = new ByteWriter(size);
  w.text(head);
  w.crlf();
  for (const i of items) writeItem(w, i);
  return w.done();
}

function writeItem(w: ByteWriter, i: Item): void {
  w.stamp(i.time);
  w.ascii(i.prefix);
  if (i.text !== null || i.stream === null) {
    w.text(i.text ?? '');
    w.crlf();
    return;
  }
  w.bytes(i.stream, i.headerStart, i.headerEnd);
  w.crlf();
  if (i.bodyEnd > i.bodyStart) {
    w.bytes(i.stream, i.bodyStart, i.bodyEnd);
    // The payload's last line ends where the next header starts: a line end of its own keeps them apart.
    if (!(i.bodyEnd - i.bodyStart >= 2 && i.stream[i.bodyEnd - 2] === 13 && i.stream[i.bodyEnd - 1] === 10)) w.crlf();
  }
  if (i.summary !== null) {
    w.text(i.summary);
    w.crlf();
  }
}

/** The rendering's bytes, written once into a buffer sized beforehand. */
class ByteWriter {
  private buf: Uint8Array;
  private at = 0;
  constructor(size: number) {
    this.buf = new Uint8Array(size);
  }
  private reserve(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.at + n));
    next.set(this.buf.subarray(0, this.at));
    this.buf = next;
  }
  bytes(b: Uint8Array, from: number, to: number): void {
    this.reserve(to - from);
    this.buf.set(b.subarray(from, to), this.at);
    this.at += to - from;
  }
  /** A string known to be ASCII (labels). */
  ascii(s: string): void {
    this.reserve(s.length);
    for (let k = 0; k < s.length; k++) this.buf[this.at++] = s.charCodeAt(k);
  }
  text(s: string): void {
    const b = utf8Encode(s);
    this.bytes(b, 0, b.length);
  }
  crlf(): void {
    this.reserve(2);
    this.buf[this.at++] = 13;
    this.buf[this.at++] = 10;
  }
  /** `HH:MM:SS.mmm ` in UTC, nothing for a packet without a time: digits written directly, no Date per line. */
  stamp(ms: number): void {
    if (!Number.isFinite(ms)) return;
    const day = ((Math.floor(ms) % 86_400_000) + 86_400_000) % 86_400_000;
    this.reserve(13);
    this.two(Math.floor(day / 3_600_000));
    this.buf[this.at++] = 58;
    this.two(Math.floor(day / 60_000) % 60);
    this.buf[this.at++] = 58;
    this.two(Math.floor(day / 1000) % 60);
    this.buf[this.at++] = 46;
    const milli = day % 1000;
    this.buf[this.at++] = 48 + Math.floor(milli / 100);
    this.two(milli % 100);
    this.buf[this.at++] = 32;
  }
  private two(v: number): void {
    this.buf[this.at++] = 48 + Math.floor(v / 10);
    this.buf[this.at++] = 48 + (v % 10);
  }
  done(): Uint8Array {
    return this.at === this.buf.length ? this.buf : this.buf.slice(0, this.at);
  }
}

function leftOut(s: RenderSummary): string {
  const parts: string[] = [];
  if (s.otherConnections > 0) parts.push(plural(s.otherConnections, 'other TCP connection'));
  if (s.otherPackets > 0) parts.push(`${plural(s.otherPackets, 'packet')} with no TCP in ${s.otherPackets === 1 ? 'it' : 'them'}`);
  return parts.length === 0 ? '' : ` (left out: ${parts.join(', ')})`;
}


/** A gateway session: its bodies framed as a connection, labelled `http<n>`. */
function renderSession(s: GatewaySession, out: Item[]): void {
  const kind = s.server === 'NS' || s.server === 'SB' ? s.server : kindOf(s.fromClient, s.fromServer, false);
  const label = `${kindLabel(kind)} http${s.number} `;
  const to = s.target === null ? '' : ` to ${s.target}`;
  const opening = s.server === null
    ? `already open through the HTTP gateway ${s.gateway} (from ${s.client}; the capture starts after the session was opened)`
    : `open through the HTTP gateway ${s.gateway}${to} (from ${s.client})`;
  out.push(textItem(s.firstPacket, -1, s.firstTime, label, opening));
  frameStream(s.fromClient, 'client', label, out);
  frameStream(s.fromServer, 'server', label, out);
  if (s.unreadable > 0) {
    out.push(textItem(s.closed?.packet ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER - 1, s.closed?.time ?? Number.NaN, label, `gap: ${plural(s.unreadable, 'HTTP message')} of this session ${s.unreadable === 1 ? 'is' : 'are'} cut short or missing in the capture`));
  }
  if (s.closed !== null) out.push(textItem(s.closed.packet, Number.MAX_SAFE_INTEGER, s.closed.time, label, 'closed by the gateway (Session=close)'));
}

function renderConnection(c: TcpConnection, n: number, out: Item[]): void {
  const label = `${kindLabel(kindOf(c.fromClient, c.fromServer, c.opened))} tcp${n} `;
  const opening = c.opened ? `connect ${c.client} -> ${c.server}` : `already open ${c.client} -> ${c.server} (the capture starts after it was opened)`;
  out.push(textItem(c.firstPacket, -1, c.firstTime, label, opening));
  frameStream(c.fromClient, 'client', label, out);
  frameStream(c.fromServer, 'server', label, out);
  if (c.close !== null) {
    const how = c.close.kind === 'fin' ? `closed by the ${c.close.by} (FIN)` : `reset by the ${c.close.by} (RST)`;
    out.push(textItem(c.close.packet, Number.MAX_SAFE_INTEGER, c.close.time, label, how));
  }
}

/**
 * DS when the server hands the client to another server; SB when the client opens with a cookie (or, in a
 * capture that starts mid-session, calls or sends messages, or the server reports joins); else NS.
 */
function kindOf(fromClient: ByteStream, fromServer: ByteStream, opened: boolean): ConnectionKind {
  const client = utf8Decode(fromClient.bytes.subarray(0, 4096));
  const first = client.split('\r\n', 1)[0] ?? '';
  const server = utf8Decode(fromServer.bytes.subarray(0, 4096));
  if (first === '' && server === '') return 'unknown';
  if (/^(?:ANS|CAL|MSG) /.test(first) || (/^USR \d+ /.test(first) && !/^USR \d+ (?:MD5|TWN|SSO|SHA)\b/.test(first))) return 'SB';
  if (/(?:^|\r\n)XFR \d+ NS /.test(server)) return 'DS';
  if (!opened && /(?:^|\r\n)(?:JOI|IRO|BYE) /.test(server)) return 'SB';
  // A client MSG with an ack type, or a CAL, is switchboard traffic wherever it falls in the stream.
  if (!opened && /(?:^|\r\n)(?:MSG \d+ [NAUD] \d+|CAL \d+ )/.test(client)) return 'SB';
  return 'NS';
}

const kindLabel = (k: ConnectionKind): string => (k === 'unknown' ? '--' : k);

/** Splits one direction into messages: a line to its LF, then the payload its header declares. */
function frameStream(stream: ByteStream, direction: Direction, label: string, out: Item[]): void {
  const b = stream.bytes;
  const prefix = `${label}${direction === 'client' ? '>>>' : '<<<'} `;
  const gaps = stream.gaps;
  let g = 0;
  let pos = 0;
  const gapLine = (at: number, missing: number, tail: string): void => {
    const run = runAt(stream, Math.max(0, Math.min(at, b.length - 1)));
    out.push(textItem(run?.packet ?? 0, at, run?.time ?? Number.NaN, label, `gap: ${plural(missing, 'byte')} from the ${direction} ${missing === 1 ? 'is' : 'are'} not in the capture${tail}`));
  };
  while (pos < b.length || g < gaps.length) {
    const gap = gaps[g];
    if (gap !== undefined && gap.at <= pos) {
      // The stream resumes somewhere unknown: inside a line or a payload. Read on from the next command.
      g++;
      const resumeAt = nextCommandStart(b, pos);
      gapLine(pos, gap.missing, resumeAt > pos ? `; ${plural(resumeAt - pos, 'byte')} after them skipped to the next command` : '');
      pos = resumeAt;
      continue;
    }
    const limit = gap === undefined ? b.length : gap.at;
    const lf = b.indexOf(10, pos);
    const lineEnd = lf < 0 || lf >= limit ? limit : lf;
    const textEnd = lineEnd > pos && b[lineEnd - 1] === 13 ? lineEnd - 1 : lineEnd;
    const run = runAt(stream, pos);
    const at = pos;
    pos = lineEnd < limit ? lineEnd + 1 : lineEnd;
    const declared = lineEnd < limit ? declaredLength(b, at, textEnd, direction) : null;
    if (declared === null || declared === 0) {
      out.push({ packet: run?.packet ?? 0, sub: at, time: run?.time ?? Number.NaN, prefix, text: null, stream: b, headerStart: at, headerEnd: textEnd, bodyStart: 0, bodyEnd: 0, summary: null });
      continue;
    }
    const bodyEnd = Math.min(limit, pos + declared);
    // A payload that is not all text shows its MIME head as lines and sums up the rest in one line.
    const binary = isText(b, pos, bodyEnd) ? null : summarizeBinary(b, pos, bodyEnd, isText);
    out.push({
      packet: run?.packet ?? 0, sub: at, time: run?.time ?? Number.NaN, prefix, text: null, stream: b, headerStart: at, headerEnd: textEnd,
      bodyStart: pos, bodyEnd: binary === null ? bodyEnd : binary.headEnd, summary: binary === null ? null : binary.line,
    });
    const rest = declared - (bodyEnd - pos);
    pos = bodyEnd;
    if (rest === 0 || gap === undefined || pos !== gap.at) continue;
    // The payload runs into a gap: its length says where it ends, the missing bytes included, so the commands
    // after it are read as usual.
    g++;
    const after = rest - gap.missing;
    if (after >= 0) {
      const nextLimit = gaps[g]?.at ?? b.length;
      const tail = Math.min(after, nextLimit - pos);
      gapLine(at, gap.missing, `, inside this payload${tail > 0 ? `; its ${plural(tail, 'byte')} after the gap are not shown` : ''}`);
      pos += tail;
    } else {
      const resumeAt = nextCommandStart(b, pos);
      gapLine(at, gap.missing, `, past the end of this payload${resumeAt > pos ? `; ${plural(resumeAt - pos, 'byte')} after them skipped to the next command` : ''}`);
      pos = resumeAt;
    }
  }
}

/**
 * The payload length a header line declares, or null. The command's spec is looked up from its first three
 * bytes, and only a command that can carry a payload is decoded and tokenized.
 */
function declaredLength(b: Uint8Array, from: number, to: number, direction: Direction): number | null {
  if (to - from < 3) return null;
  const verb = String.fromCharCode(b[from] ?? 0, b[from + 1] ?? 0, b[from + 2] ?? 0);
  if (!commandSpec(verb, direction).payload) return null;
  return tokenizeLine(utf8Decode(b.subarray(from, to)), direction)?.declaredBytes ?? null;
}

/**
 * After a gap the stream may resume inside a line or a payload: the next line start that reads as a command
 * (three capitals or an error code, then a space or the line end) is where reading goes on.
 */
function nextCommandStart(b: Uint8Array, from: number): number {
  let at = from;
  while (at < b.length) {
    if (looksLikeCommand(b, at)) return at;
    const lf = b.indexOf(10, at);
    if (lf < 0) return b.length;
    at = lf + 1;
  }
  return b.length;
}

function looksLikeCommand(b: Uint8Array, at: number): boolean {
  const isUpper = (c: number | undefined): boolean => c !== undefined && c >= 65 && c <= 90;
  const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 48 && c <= 57;
  const three = (isUpper(b[at]) && isUpper(b[at + 1]) && isUpper(b[at + 2])) || (isDigit(b[at]) && isDigit(b[at + 1]) && isDigit(b[at + 2]));
  const after = b[at + 3];
  return three && (after === 32 || after === 13 || after === 10);
}

/**
 * A payload shown as its lines: no control bytes but tab, and CR only before LF (and LF only after CR), so the
 * lines the reader sees add up to the declared length exactly. Anything else is binary (P2P) and is left out.
 */
function isText(b: Uint8Array, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = b[k] ?? 0;
    if (c >= 32 && c !== 127) continue;
    if (c === 9) continue;
    if (c === 13 && k + 1 < to && b[k + 1] === 10) continue;
    if (c === 10 && k > from && b[k - 1] === 13) continue;
    return false;
  }
  return true;
}
