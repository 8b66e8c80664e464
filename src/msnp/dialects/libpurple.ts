/**
 * Dialect B, the libpurple (Pidgin, gaim) debug log: `(HH:MM:SS) category: text`, the stamp optional (gaim
 * 1.5/2.0-beta consoles print none). MSN protocol lines are `msn: C: NS 000: …` (sent) and `msn: S: SB 004: …`
 * (received); `NS`/`SB` plus the 3-digit connection serial is the log's own connection name. Every other
 * category is context, kept as non-protocol. libpurple never prints payload bodies: a `GCF 0 6735` keeps its
 * declared length and eats no line.
 *
 * Example lines:
 *   (10:00:47) msn: C: NS 000: VER 1 MSNP15 CVR0
 *   msn: S: SB 004: 217 3
 *   10:00:47) account: Connecting to account          (first line lost its "(")
 */
import { readLines, type LineDialect, type LineMatch } from './line-engine';
import { countLines, NO_FLAGS, parseClock, type Dialect } from './reader';

const MSN = 'msn: ';

/** Offset after an optional `(HH:MM:SS) ` stamp (also `HH:MM:SS) ` with the "(" lost), and its time. */
export function skipParenStamp(text: string, start: number, out: { time: number }): number {
  let p = start;
  if (text.charCodeAt(p) === 40) p++; // '('
  const t = parseClock(text, p);
  if (t >= 0 && text.charCodeAt(p + 8) === 41 && text.charCodeAt(p + 9) === 32) {
    out.time = t;
    return p + 10;
  }
  out.time = -1;
  return start;
}

const libpurpleLines: LineDialect = {
  payloadsShown: false,
  match(text: string, start: number, end: number, m: LineMatch): boolean {
    const p = skipParenStamp(text, start, m);
    // `msn: C: NS 000: ` is 16 chars
    if (p + 16 > end || !text.startsWith(MSN, p)) return false;
    const cs = text.charCodeAt(p + 5);
    if ((cs !== 67 && cs !== 83) || text.charCodeAt(p + 6) !== 58 || text.charCodeAt(p + 7) !== 32) return false;
    const kind = text.slice(p + 8, p + 10);
    if ((kind !== 'NS' && kind !== 'SB') || text.charCodeAt(p + 10) !== 32) return false;
    // libpurple prints the serial with %03d: at least three digits, more once a long session passes SB 999.
    const colon = digitsEnd(text, p + 11, end);
    if (colon - (p + 11) < 3 || text.charCodeAt(colon) !== 58) return false;
    m.direction = cs === 67 ? 'client' : 'server';
    m.connectionHint = text.slice(p + 8, colon);
    m.kindHint = kind;
    m.rawStart = text.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1;
    m.flags = NO_FLAGS;
    return true;
  },
  // Any record of any category; only other lines can be the wrapped tail of a long protocol line.
  isRecordStart: (text, start, end) => isRecordAt(text, start, Math.min(end, start + 64)),
};

/**
 * SHAPE (`(10:00:47) account: …`, `msn: …`) tested by char codes on text[start, limit): it runs for the line after
 * every long protocol line, and slicing that line for a regex cost more than the test itself.
 */
export function isRecordAt(text: string, start: number, limit: number): boolean {
  let p = start;
  if (text.charCodeAt(p) === 40) p++; // '('
  const stamped = parseClock(text, p) >= 0 && text.charCodeAt(p + 8) === 41 && text.charCodeAt(p + 9) === 32;
  return (stamped && categoryAt(text, p + 10, limit)) || categoryAt(text, p, limit);
}

/** `[a-z][\w-]*: ` at p, ending before limit. */
function categoryAt(text: string, p: number, limit: number): boolean {
  if (p >= limit) return false;
  const first = text.charCodeAt(p);
  if (!(first >= 97 && first <= 122)) return false;
  let q = p + 1;
  while (q < limit && isWordOrDash(text.charCodeAt(q))) q++;
  return q + 1 < limit && text.charCodeAt(q) === 58 && text.charCodeAt(q + 1) === 32;
}

function isWordOrDash(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

/** Offset of the first non-digit at or after p (bounded by end). */
function digitsEnd(text: string, p: number, end: number): number {
  let q = p;
  while (q < end) {
    const c = text.charCodeAt(q);
    if (c < 48 || c > 57) break;
    q++;
  }
  return q;
}

const LINE = /^\(?(?:\d\d:\d\d:\d\d\) )?msn: [CS]: (?:NS|SB) \d{3,}: /;
const SHAPE = /^\(?(?:\d\d:\d\d:\d\d\) )?[a-z][\w-]*: /;

export const libpurpleDialect: Dialect = {
  id: 'libpurple',
  name: 'libpurple (Pidgin) debug log',
  pattern: 'msn: C|S: NS|SB NNN:',
  sniff: (head) => ({ matched: countLines(head, (l) => LINE.test(l)), shaped: countLines(head, (l) => SHAPE.test(l)) }),
  read: (input) => readLines(input, libpurpleLines),
};
