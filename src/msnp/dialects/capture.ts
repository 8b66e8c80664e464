/**
 * The log a packet capture becomes (capture/render.ts): `HH:MM:SS.mmm NS tcp3 >>> VER 1 MSNP8 CVR0`, the time
 * in UTC, the connection's kind (`DS`, `NS`, `SB`, `--` when unknown) and number (`tcp3`, or `http2` for a
 * session of the HTTP gateway), then the direction. Payloads
 * follow their header byte for byte. Lines of the same shape without an arrow say what happened to the TCP
 * connection (`connect …`, `closed by the server (FIN)`) or that bytes are missing (`gap: …`).
 *
 * Also read as text, so a shared report (which carries this text) opens the same as the capture did.
 */
import type { ConnectionKind, NonProtocolReason } from '../types';
import { readLines, type LineDialect, type LineMatch } from './line-engine';
import { labelName } from './byte-labels';
import { summaryLineBytes } from '../capture/binary-summary';
import { countLines, NO_FLAGS, parseClock, type Dialect } from './reader';

/** [time, kind, connection, rest]: the prefix every line of the rendering has. */
const PREFIX = /^(?:(\d\d:\d\d:\d\d\.\d{3}) )?(DS|NS|SB|--) ((?:tcp|http)\d+) /;
const MESSAGE = /^(?:\d\d:\d\d:\d\d\.\d{3} )?(?:DS|NS|SB|--) (?:tcp|http)\d+ (?:>>>|<<<)(?: |$)/;

function kindOf(label: string): ConnectionKind | null {
  switch (label) {
    case 'DS':
    case 'NS':
    case 'SB':
      return label;
    default:
      return null;
  }
}

/** ms since midnight of `HH:MM:SS.mmm` at pos, or −1. */
function clockWithMillis(text: string, pos: number): number {
  const whole = parseClock(text, pos);
  if (whole < 0) return -1;
  return whole + Number(text.slice(pos + 9, pos + 12));
}

const isDigitByte = (c: number | undefined): boolean => c !== undefined && c >= 48 && c <= 57;

/** Whether bytes[at] starts with the shape of a `HH:MM:SS.mmm ` stamp (as PREFIX sees it: digits, any value). */
function hasStamp(b: Uint8Array, at: number, end: number): boolean {
  if (at + 13 > end || b[at + 2] !== 58 || b[at + 5] !== 58 || b[at + 8] !== 46 || b[at + 12] !== 32) return false;
  for (const k of STAMP_DIGITS) if (!isDigitByte(b[at + k])) return false;
  return true;
}

/** ms since midnight of the stamp at bytes[at] (hasStamp), or −1 when it is no time of day. */
function stampAt(b: Uint8Array, at: number): number {
  const d = (k: number): number => (b[at + k] ?? 48) - 48;
  const h = d(0) * 10 + d(1);
  const m = d(3) * 10 + d(4);
  const s = d(6) * 10 + d(7);
  if (h > 23 || m > 59 || s > 60) return -1;
  return ((h * 60 + m) * 60 + s) * 1000 + d(9) * 100 + d(10) * 10 + d(11);
}
const STAMP_DIGITS = [0, 1, 3, 4, 6, 7, 9, 10, 11] as const;

/**
 * Where the `NS tcp12 ` (or `SB http3 `) prefix that starts at bytes[at] ends (the offset after its space), with the kind and the
 * label's span, or −1 in `end`.
 */
interface PrefixSpan {
  kind: ConnectionKind | null;
  labelStart: number;
  labelEnd: number;
}

function prefixEnd(b: Uint8Array, at: number, end: number, out: PrefixSpan): number {
  const k0 = b[at];
  const k1 = b[at + 1];
  let kind: ConnectionKind | null;
  if (k0 === 78 && k1 === 83) kind = 'NS';
  else if (k0 === 83 && k1 === 66) kind = 'SB';
  else if (k0 === 68 && k1 === 83) kind = 'DS';
  else if (k0 === 45 && k1 === 45) kind = null;
  else return -1;
  if (b[at + 2] !== 32) return -1;
  // `tcp12` (a TCP connection) or `http3` (an HTTP gateway session).
  let q: number;
  if (b[at + 3] === 116 && b[at + 4] === 99 && b[at + 5] === 112) q = at + 6;
  else if (b[at + 3] === 104 && b[at + 4] === 116 && b[at + 5] === 116 && b[at + 6] === 112) q = at + 7;
  else return -1;
  const digits = q;
  while (q < end && isDigitByte(b[q])) q++;
  if (q === digits || q >= end || b[q] !== 32) return -1;
  out.kind = kind;
  out.labelStart = at + 3;
  out.labelEnd = q;
  return q + 1;
}

const span: PrefixSpan = { kind: null, labelStart: 0, labelEnd: 0 };

/** `match` on bytes: the renderer writes every line in one shape, so every line can be read this way. */
function matchCaptureBytes(b: Uint8Array, start: number, end: number, m: LineMatch): boolean {
  const stamped = hasStamp(b, start, end);
  const p = prefixEnd(b, stamped ? start + 13 : start, end, span);
  if (p < 0 || p + 3 > end) return false;
  const a = b[p];
  if ((a !== 62 && a !== 60) || b[p + 1] !== a || b[p + 2] !== a) return false;
  if (p + 3 < end && b[p + 3] !== 32) return false;
  m.direction = a === 62 ? 'client' : 'server';
  m.connectionHint = labelName(b, span.labelStart, span.labelEnd);
  m.kindHint = span.kind;
  m.rawStart = Math.min(end, p + 4);
  m.time = stamped ? stampAt(b, start) : -1;
  m.flags = NO_FLAGS;
  return true;
}

const captureLines: LineDialect = {
  payloadsShown: true,
  payloadSummaryBytes: summaryLineBytes,
  matchBytes: matchCaptureBytes,
  isRecordStartBytes: (b, start, end) => prefixEnd(b, hasStamp(b, start, end) ? start + 13 : start, end, span) >= 0,
  match(text: string, start: number, end: number, m: LineMatch): boolean {
    const line = start === 0 && end === text.length ? text : text.slice(start, end);
    const p = PREFIX.exec(line);
    if (p === null) return false;
    const arrowAt = p[0].length;
    const a = line.charCodeAt(arrowAt);
    if ((a !== 62 && a !== 60) || line.charCodeAt(arrowAt + 1) !== a || line.charCodeAt(arrowAt + 2) !== a) return false;
    const after = line.charCodeAt(arrowAt + 3);
    if (!Number.isNaN(after) && after !== 32) return false;
    m.direction = a === 62 ? 'client' : 'server';
    m.connectionHint = p[3] ?? null;
    m.kindHint = kindOf(p[2] ?? '');
    m.rawStart = start + Math.min(line.length, arrowAt + 4);
    m.time = p[1] === undefined ? -1 : clockWithMillis(line, 0);
    m.flags = NO_FLAGS;
    return true;
  },
  // Every line the rendering writes has the prefix; a payload line never does.
  isRecordStart: (text, start, end) => PREFIX.test(start === 0 && end === text.length ? text : text.slice(start, end)),
  classify(line: string): { reason: NonProtocolReason; note?: string } {
    if (line.startsWith('# ')) return { reason: 'annotation' };
    const p = PREFIX.exec(line);
    if (p === null) return { reason: 'noise' };
    const rest = line.slice(p[0].length);
    if (rest.startsWith('gap: ')) return { reason: 'unreadable', note: `${p[3] ?? 'a connection'}: ${rest.slice(5)}` };
    return { reason: 'connection-event' };
  },
};

export const captureDialect: Dialect = {
  id: 'capture',
  name: 'packet capture (pcap / pcapng)',
  pattern: 'HH:MM:SS.mmm NS tcp1 >>> …',
  sniff: (head) => ({ matched: countLines(head, (l) => MESSAGE.test(l)), shaped: countLines(head, (l) => PREFIX.test(l)) }),
  read: (input) => readLines(input, captureLines),
};
