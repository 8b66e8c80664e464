/**
 * A capture's MSNP connections written out as a log the `capture` dialect reads: every message on its own line,
 * prefixed with the capture time (UTC), the connection's kind and number and the direction, its payload bytes
 * exactly as they crossed the wire on the lines after it. Reading the wire stream here is framing, not parsing:
 * a line up to its CRLF, and the payload the command's own length declares, so a payload with CRLFs inside never
 * passes for commands. The text is what the rest of the pipeline reads, what the source view shows and what a
 * shared report carries: one form for all three.
 */
import { formatCount } from '../format-count';
import { utf8Decode, utf8Encode } from '../line-source';
import { tokenizeLine } from '../tokenize';
import type { ConnectionKind, Direction } from '../types';
import type { CaptureFormat } from './capture-file';
import { MSNP_PORT, runAt, type ByteStream, type TcpConnection } from './tcp-streams';

export interface RenderSummary {
  readonly format: CaptureFormat;
  readonly packets: number;
  readonly otherConnections: number;
  readonly otherPackets: number;
  readonly damage: string | null;
}

interface Item {
  readonly packet: number;
  /** Order inside a packet: a connection's opening, then its bytes by offset, then its closing. */
  readonly sub: number;
  readonly parts: readonly (string | Uint8Array)[];
}

const CRLF = '\r\n';

/** Whether a connection carries MSNP: on the MSNP port, or the client's first line reads as an MSNP command. */
export function isMsnpConnection(c: TcpConnection): boolean {
  if (c.serverPort === MSNP_PORT || c.clientPort === MSNP_PORT) return true;
  const head = utf8Decode(c.fromClient.bytes.subarray(0, 64));
  return /^(?:[A-Z]{3} \d+ |PNG\r?\n)/.test(head);
}

export function renderCapture(connections: readonly TcpConnection[], summary: RenderSummary): Uint8Array {
  const items: Item[] = [];
  connections.forEach((c, k) => renderConnection(c, k + 1, items));
  items.sort((x, y) => x.packet - y.packet || x.sub - y.sub);
  const head = `# packet capture (${summary.format}): ${formatCount(summary.packets)} packets, ${plural(connections.length, 'MSNP connection')}${leftOut(summary)}; times are UTC; binary payloads (P2P) are not shown${summary.damage === null ? '' : `; ${summary.damage}`}${CRLF}`;
  return concat([head, ...items.flatMap((i) => i.parts)]);
}

function leftOut(s: RenderSummary): string {
  const parts: string[] = [];
  if (s.otherConnections > 0) parts.push(plural(s.otherConnections, 'other TCP connection'));
  if (s.otherPackets > 0) parts.push(`${plural(s.otherPackets, 'packet')} with no TCP in ${s.otherPackets === 1 ? 'it' : 'them'}`);
  return parts.length === 0 ? '' : ` (left out: ${parts.join(', ')})`;
}

const plural = (n: number, what: string): string => `${formatCount(n)} ${what}${n === 1 ? '' : 's'}`;

function renderConnection(c: TcpConnection, n: number, out: Item[]): void {
  const kind = kindOf(c);
  const label = `${kindLabel(kind)} tcp${n}`;
  const opening = c.opened ? `connect ${c.client} -> ${c.server}` : `already open ${c.client} -> ${c.server} (the capture starts after it was opened)`;
  out.push({ packet: c.firstPacket, sub: -1, parts: [`${stamp(c.firstTime)}${label} ${opening}${CRLF}`] });
  frameStream(c.fromClient, 'client', label, out);
  frameStream(c.fromServer, 'server', label, out);
  if (c.close !== null) {
    const how = c.close.kind === 'fin' ? `closed by the ${c.close.by} (FIN)` : `reset by the ${c.close.by} (RST)`;
    out.push({ packet: c.close.packet, sub: Number.MAX_SAFE_INTEGER, parts: [`${stamp(c.close.time)}${label} ${how}${CRLF}`] });
  }
}

/** DS when the server hands the client to another server, SB when the client opens with a cookie, else NS. */
function kindOf(c: TcpConnection): ConnectionKind {
  const first = utf8Decode(c.fromClient.bytes.subarray(0, 200)).split('\r\n', 1)[0] ?? '';
  if (first === '') return 'unknown';
  if (/^ANS /.test(first) || (/^USR \d+ /.test(first) && !/^USR \d+ (?:MD5|TWN|SSO|SHA)\b/.test(first))) return 'SB';
  if (/(?:^|\r\n)XFR \d+ NS /.test(utf8Decode(c.fromServer.bytes.subarray(0, 4096)))) return 'DS';
  return 'NS';
}

const kindLabel = (k: ConnectionKind): string => (k === 'unknown' ? '--' : k);

/** `HH:MM:SS.mmm ` in UTC, or nothing for a packet without a time. */
function stamp(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  const d = new Date(Math.floor(ms));
  const two = (v: number): string => String(v).padStart(2, '0');
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')} `;
}

/** Splits one direction into messages: a line to its LF, then the payload its header declares. */
function frameStream(stream: ByteStream, direction: Direction, label: string, out: Item[]): void {
  const b = stream.bytes;
  const arrow = direction === 'client' ? '>>>' : '<<<';
  const gaps = stream.gaps;
  let g = 0;
  let pos = 0;
  const gapLine = (at: number, missing: number, tail: string): void => {
    const run = runAt(stream, Math.max(0, Math.min(at, b.length - 1)));
    out.push({ packet: run?.packet ?? 0, sub: at, parts: [`${stamp(run?.time ?? Number.NaN)}${label} gap: ${plural(missing, 'byte')} from the ${direction} are not in the capture${tail}${CRLF}`] });
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
    const header = b.subarray(pos, textEnd);
    const run = runAt(stream, pos);
    const parts: (string | Uint8Array)[] = [`${stamp(run?.time ?? Number.NaN)}${label} ${arrow} `, header, CRLF];
    out.push({ packet: run?.packet ?? 0, sub: pos, parts });
    const at = pos;
    pos = lineEnd < limit ? lineEnd + 1 : lineEnd;
    const declared = lineEnd < limit ? tokenizeLine(utf8Decode(header), direction)?.declaredBytes ?? null : null;
    if (declared === null || declared === 0) continue;
    const body = b.subarray(pos, Math.min(limit, pos + declared));
    if (isText(body)) {
      parts.push(body);
      if (!(body.length >= 2 && body[body.length - 2] === 13 && body[body.length - 1] === 10)) parts.push(CRLF);
    }
    pos += body.length;
    const rest = declared - body.length;
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
function isText(body: Uint8Array): boolean {
  for (let k = 0; k < body.length; k++) {
    const c = body[k] ?? 0;
    if (c >= 32 && c !== 127) continue;
    if (c === 9) continue;
    if (c === 13 && body[k + 1] === 10) continue;
    if (c === 10 && body[k - 1] === 13) continue;
    return false;
  }
  return true;
}

function concat(parts: readonly (string | Uint8Array)[]): Uint8Array {
  const encoded = parts.map((p) => (typeof p === 'string' ? utf8Encode(p) : p));
  const out = new Uint8Array(encoded.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of encoded) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
