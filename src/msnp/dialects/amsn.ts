/**
 * Dialect E, the aMSN protocol debug window: `[HH:MM:SS] ->ns-sock7 CMD …` (sent) and `<-ns-sock7 CMD …`
 * (received); switchboards appear as `->sb3-sock12`. The label is the log's connection name; `->ns- OUT` is a
 * connection that never got a socket. `< Connected to: host port >` and `::Proxy::…` lines are connection events;
 * every sent command is followed by two empty lines (the `\r\n` the client printed).
 *
 * Example lines:
 *   [20:33:47] ->ns-sock7 USR 3 TWN I [email]doandu90@hotmail.com[/email]
 *   [20:33:47] <-ns-sock7 XFR 3 NS 207.46.108.64:1863 0 207.46.28.93:1863
 *   [20:33:47] < Connected to: 207.46.108.64 1863 >
 */
import type { NonProtocolReason } from '../types';
import { readLines, type LineDialect, type LineMatch } from './line-engine';
import { countLines, NO_FLAGS, parseClock, type Dialect } from './reader';

/** Offset after `[HH:MM:SS] ` (also `HH:MM:SS] ` with the "[" lost); writes the time. */
function skipBracketStamp(text: string, start: number, out: { time: number }): number {
  let p = start;
  if (text.charCodeAt(p) === 91) p++; // '['
  const t = parseClock(text, p);
  if (t >= 0 && text.charCodeAt(p + 8) === 93 && text.charCodeAt(p + 9) === 32) {
    out.time = t;
    return p + 10;
  }
  out.time = -1;
  return start;
}

const isLower = (c: number): boolean => c >= 97 && c <= 122;

const amsnLines: LineDialect = {
  payloadsShown: true,
  match(text: string, start: number, end: number, m: LineMatch): boolean {
    const p = skipBracketStamp(text, start, m);
    const a = text.charCodeAt(p);
    const b = text.charCodeAt(p + 1);
    const sent = a === 45 && b === 62; // '->'
    if (!sent && !(a === 60 && b === 45)) return false; // '<-'
    // label: letters, digits, '-' … up to the space: `ns-sock7`, `sb3-sock12`, `ns-`
    let q = p + 2;
    if (!isLower(text.charCodeAt(q))) return false;
    while (q < end && text.charCodeAt(q) !== 32) q++;
    const label = text.slice(p + 2, q);
    const dash = label.indexOf('-');
    if (dash < 2) return false;
    m.direction = sent ? 'client' : 'server';
    m.kindHint = label.startsWith('ns') ? 'NS' : label.startsWith('sb') ? 'SB' : null;
    m.connectionHint = dash === label.length - 1 ? null : label;
    m.rawStart = q < end ? q + 1 : q;
    m.flags = NO_FLAGS;
    return true;
  },
  isRecordStart(text: string, start: number): boolean {
    return skipBracketStamp(text, start, { time: -1 }) !== start;
  },
  classify(line: string): { reason: NonProtocolReason; opensConnection?: boolean } {
    // `[20:28:32] < Connected to: 207.46.108.81 1863 >`, `[20:28:32] ::Proxy::ProxyHTTP1`, `< Disconnected >`.
    // Each ProxyHTTPn line is a new attempt through the proxy, a socket of its own even when no "Connected to"
    // follows (the proxy never answered): the OUT after it is not the previous attempt's second OUT.
    const event = /\] (?:(< Connected to:|::Proxy::)|< Disconnected)/.exec(line);
    if (event === null) return { reason: 'noise' };
    return event[1] === undefined ? { reason: 'connection-event' } : { reason: 'connection-event', opensConnection: true };
  },
};

const LINE = /^\[?\d\d:\d\d:\d\d\] (?:->|<-)[a-z]+\d*-\S* /;
const SHAPE = /^\[?\d\d:\d\d:\d\d\] /;

export const amsnDialect: Dialect = {
  id: 'amsn',
  name: 'aMSN protocol debug window',
  pattern: '[HH:MM:SS] ->ns-sockN | <-ns-sockN',
  sniff: (head) => ({ matched: countLines(head, (l) => LINE.test(l)), shaped: countLines(head, (l) => SHAPE.test(l)) }),
  read: (input) => readLines(input, amsnLines),
};
