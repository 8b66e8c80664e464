/**
 * The log a packet capture becomes (capture/render.ts): `HH:MM:SS.mmm NS tcp3 >>> VER 1 MSNP8 CVR0`, the time
 * in UTC, the connection's kind (`DS`, `NS`, `SB`, `--` when unknown) and number, then the direction. Payloads
 * follow their header byte for byte. Lines of the same shape without an arrow say what happened to the TCP
 * connection (`connect …`, `closed by the server (FIN)`) or that bytes are missing (`gap: …`).
 *
 * Also read as text, so a shared report (which carries this text) opens the same as the capture did.
 */
import type { ConnectionKind, NonProtocolReason } from '../types';
import { readLines, type LineDialect, type LineMatch } from './line-engine';
import { countLines, NO_FLAGS, parseClock, type Dialect } from './reader';

/** [time, kind, connection, rest]: the prefix every line of the rendering has. */
const PREFIX = /^(?:(\d\d:\d\d:\d\d\.\d{3}) )?(DS|NS|SB|--) (tcp\d+) /;
const MESSAGE = /^(?:\d\d:\d\d:\d\d\.\d{3} )?(?:DS|NS|SB|--) tcp\d+ (?:>>>|<<<)(?: |$)/;

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

const captureLines: LineDialect = {
  payloadsShown: true,
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
