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

/** `(HH:MM:SS) ` on bytes at p (all of it before end): the time in ms, or −1. */
function clockBytes(b: Uint8Array, p: number, end: number): number {
  if (p + 8 > end || b[p + 2] !== 58 || b[p + 5] !== 58) return -1;
  const two = (k: number): number => {
    const x = (b[k] ?? 0) - 48;
    const y = (b[k + 1] ?? 0) - 48;
    return x >= 0 && x <= 9 && y >= 0 && y <= 9 ? x * 10 + y : -1;
  };
  const h = two(p);
  const m = two(p + 3);
  const s = two(p + 6);
  if (h < 0 || m < 0 || s < 0 || h > 23 || m > 59 || s > 60) return -1;
  return ((h * 60 + m) * 60 + s) * 1000;
}

/** Offset after an optional stamp on bytes (skipParenStamp's rules), setting out.time. */
function skipStampBytes(b: Uint8Array, start: number, end: number, out: { time: number }): number {
  let p = start;
  if (p < end && b[p] === 40) p++;
  const t = clockBytes(b, p, end);
  if (t >= 0 && p + 9 < end && b[p + 8] === 41 && b[p + 9] === 32) {
    out.time = t;
    return p + 10;
  }
  out.time = -1;
  return start;
}

/**
 * Connection names (`NS 000`) by their bytes, so a name is built once while its connection is busy. Names with a
 * three-digit serial (libpurple prints `%03d`: nearly all of them) sit in an array indexed by kind and serial,
 * at most 2,000 of them; longer serials go to a Map that is bounded: a long log has tens of thousands of
 * switchboards, each busy for a few dozen lines, and an unbounded cache kept every name alive for the rest of the
 * parse (and across parses, being module state).
 */
const shortNames: (string | undefined)[] = new Array<string | undefined>(2000).fill(undefined);
const hintNames = new Map<number, string>();
const HINT_NAMES_MAX = 4096;

function hintName(b: Uint8Array, from: number, to: number): string {
  const ns = b[from] === 78;
  if (to - from === 6) {
    // `NS 000`: one array read per line (a Map look-up per line was a third of the line match).
    const slot = (ns ? 0 : 1000) + ((b[from + 3] ?? 48) - 48) * 100 + ((b[from + 4] ?? 48) - 48) * 10 + ((b[from + 5] ?? 48) - 48);
    let name = shortNames[slot];
    if (name === undefined) {
      name = String.fromCharCode(...b.subarray(from, to));
      shortNames[slot] = name;
    }
    return name;
  }
  // 'NS'/'SB' plus up to 9 serial digits fit a safe integer key.
  if (to - from > 12) return String.fromCharCode(...b.subarray(from, to));
  let key = ns ? 1 : 2;
  for (let k = from + 3; k < to; k++) key = key * 10 + ((b[k] ?? 48) - 48);
  key = key * 16 + (to - from);
  let name = hintNames.get(key);
  if (name === undefined) {
    name = String.fromCharCode(...b.subarray(from, to));
    if (hintNames.size >= HINT_NAMES_MAX) hintNames.clear();
    hintNames.set(key, name);
  }
  return name;
}

function matchLibpurpleBytes(b: Uint8Array, start: number, end: number, m: LineMatch): boolean {
  const p = skipStampBytes(b, start, end, m);
  if (p + 16 > end || b[p] !== 109 || b[p + 1] !== 115 || b[p + 2] !== 110 || b[p + 3] !== 58 || b[p + 4] !== 32) return false;
  const cs = b[p + 5];
  if ((cs !== 67 && cs !== 83) || b[p + 6] !== 58 || b[p + 7] !== 32) return false;
  const k0 = b[p + 8];
  const k1 = b[p + 9];
  const ns = k0 === 78 && k1 === 83;
  if (!(ns || (k0 === 83 && k1 === 66)) || b[p + 10] !== 32) return false;
  let colon = p + 11;
  while (colon < end && (b[colon] ?? 0) >= 48 && (b[colon] ?? 0) <= 57) colon++;
  if (colon - (p + 11) < 3 || colon >= end || b[colon] !== 58) return false;
  m.direction = cs === 67 ? 'client' : 'server';
  m.connectionHint = hintName(b, p + 8, colon);
  m.kindHint = ns ? 'NS' : 'SB';
  m.rawStart = colon + 1 < end && b[colon + 1] === 32 ? colon + 2 : colon + 1;
  m.flags = NO_FLAGS;
  return true;
}

/** isRecordAt on bytes. */
function isRecordBytes(b: Uint8Array, start: number, end: number): boolean {
  const limit = Math.min(end, start + 64);
  let p = start;
  if (p < end && b[p] === 40) p++;
  const stamped = clockBytes(b, p, end) >= 0 && p + 9 < end && b[p + 8] === 41 && b[p + 9] === 32;
  return (stamped && categoryBytes(b, p + 10, limit)) || categoryBytes(b, p, limit);
}

function categoryBytes(b: Uint8Array, p: number, limit: number): boolean {
  if (p >= limit) return false;
  const first = b[p] ?? 0;
  if (!(first >= 97 && first <= 122)) return false;
  let q = p + 1;
  while (q < limit && isWordOrDash(b[q] ?? 0)) q++;
  return q + 1 < limit && b[q] === 58 && b[q + 1] === 32;
}

const libpurpleLines: LineDialect = {
  payloadsShown: false,
  matchBytes: matchLibpurpleBytes,
  isRecordStartBytes: isRecordBytes,
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
