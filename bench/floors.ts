/**
 * The benchmark's floors: what the cheapest possible reader of the same bytes costs, to put the full pipeline's
 * MB/s in context (issue #2, bench paragraph).
 *   decodeAndSplit    decode the whole file once and cut it into lines (every line-based reader pays this);
 *   tokenizeStrings   + per line: strip the log tool's prefix, split into tokens, classify the command, keep a
 *                     TrId map of open client commands and close them on replies;
 *   tokenizeBytes     the same on the raw bytes, without a decoded string per line.
 * They understand the two shapes the generator writes (bare `>>>`/`<<<` and libpurple `msn: C: NS 000: `),
 * nothing more: they are yardsticks, not parsers.
 */

export interface FloorCounts {
  readonly lines: number;
  readonly messages: number;
  readonly errors: number;
  readonly paired: number;
  /** Something computed from every line, so no engine can skip the work. */
  readonly checksum: number;
}

const NEWLINE = 10;
const CR = 13;

/** Floor (b): one TextDecoder pass and a line cut; each line is sliced once so the cost of a line string counts. */
export function decodeAndSplit(bytes: Uint8Array): FloorCounts {
  const text = new TextDecoder().decode(bytes);
  let lines = 0;
  let chars = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.charCodeAt(end - 1) === CR ? text.slice(start, end - 1) : text.slice(start, end);
    chars += line.length;
    lines++;
    start = end + 1;
  }
  return { lines, messages: 0, errors: 0, paired: 0, checksum: chars };
}

interface Prefixed {
  readonly client: boolean;
  readonly conn: string;
  readonly rest: string;
}

/** `>>> VER 1 MSNP8` or `(10:00:47) msn: C: NS 000: VER 1 MSNP15 CVR0` → direction, connection, message. */
function stripPrefix(line: string): Prefixed | null {
  if (line.startsWith('>>> ') || line.startsWith('<<< ')) return { client: line[0] === '>', conn: '', rest: line.slice(4) };
  const at = line.indexOf('msn: ');
  if (at < 0 || line[at + 6] !== ':' || line[at + 7] !== ' ') return null;
  const who = line[at + 5];
  if (who !== 'C' && who !== 'S') return null;
  const connEnd = line.indexOf(': ', at + 8);
  if (connEnd < 0) return null;
  return { client: who === 'C', conn: line.slice(at + 8, connEnd), rest: line.slice(connEnd + 2) };
}

/** Floor (c): the minimal string tokenizer. */
export function tokenizeStrings(bytes: Uint8Array): FloorCounts {
  const text = new TextDecoder().decode(bytes);
  const open = new Map<string, number>();
  let lines = 0;
  let messages = 0;
  let errors = 0;
  let paired = 0;
  let checksum = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.charCodeAt(end - 1) === CR ? text.slice(start, end - 1) : text.slice(start, end);
    start = end + 1;
    lines++;
    const p = stripPrefix(line);
    if (p === null) continue;
    const tokens = p.rest.split(' ');
    checksum += tokens.length;
    const command = tokens[0] ?? '';
    const isError = /^\d{3}$/.test(command);
    if (!isError && !/^[A-Z]{3}$/.test(command)) continue;
    messages++;
    if (isError) errors++;
    const trId = tokens[1];
    if (trId === undefined || !/^\d+$/.test(trId)) continue;
    const key = `${p.conn} ${trId}`;
    if (p.client) open.set(key, lines);
    else if (open.delete(key)) paired++;
  }
  return { lines, messages, errors, paired, checksum };
}

const GT = 62;
const LT = 60;
const SPACE = 32;
const COLON = 58;
const ZERO = 48;
const NINE = 57;
const A = 65;
const Z = 90;
/** `msn: ` */
const MSN = [109, 115, 110, COLON, SPACE];

const isDigit = (b: number): boolean => b >= ZERO && b <= NINE;
const isUpper = (b: number): boolean => b >= A && b <= Z;

function startsWithAt(bytes: Uint8Array, at: number, want: readonly number[]): boolean {
  for (let i = 0; i < want.length; i++) if (bytes[at + i] !== want[i]) return false;
  return true;
}

/**
 * Where the message starts on a line and what precedes it, or -1. Packs the connection (`NS 000` → letters and
 * serial) into a number so the TrId map needs no string.
 */
function messageStart(bytes: Uint8Array, s: number, e: number, out: { client: boolean; conn: number }): number {
  const b0 = bytes[s];
  if ((b0 === GT || b0 === LT) && bytes[s + 1] === b0 && bytes[s + 2] === b0 && bytes[s + 3] === SPACE) {
    out.client = b0 === GT;
    out.conn = 0;
    return s + 4;
  }
  let i = s;
  if (b0 === 40) i = s + 11; // `(HH:MM:SS) ` stamp
  if (i + 16 > e || !startsWithAt(bytes, i, MSN)) return -1;
  const who = bytes[i + 5];
  if ((who !== 67 && who !== 83) || bytes[i + 6] !== COLON) return -1;
  out.client = who === 67;
  let conn = 0;
  let j = i + 8;
  for (; j < e && bytes[j] !== COLON; j++) conn = conn * 31 + (bytes[j] ?? 0);
  out.conn = conn >>> 0;
  return j + 2;
}

/** Floor (c), byte-level: no decoded string per line. */
export function tokenizeBytes(bytes: Uint8Array): FloorCounts {
  const open = new Map<number, number>();
  const pre = { client: false, conn: 0 };
  let lines = 0;
  let messages = 0;
  let errors = 0;
  let paired = 0;
  let checksum = 0;
  let s = 0;
  const n = bytes.length;
  while (s < n) {
    let e = bytes.indexOf(NEWLINE, s);
    if (e < 0) e = n;
    const lineEnd = e > s && bytes[e - 1] === CR ? e - 1 : e;
    lines++;
    const m = messageStart(bytes, s, lineEnd, pre);
    s = e + 1;
    if (m < 0 || m + 3 > lineEnd) continue;
    const [c0, c1, c2] = [bytes[m] ?? 0, bytes[m + 1] ?? 0, bytes[m + 2] ?? 0];
    const isError = isDigit(c0) && isDigit(c1) && isDigit(c2);
    if (!isError && !(isUpper(c0) && isUpper(c1) && isUpper(c2))) continue;
    if (m + 3 < lineEnd && bytes[m + 3] !== SPACE) continue;
    messages++;
    if (isError) errors++;
    let trId = 0;
    let k = m + 4;
    for (; k < lineEnd && isDigit(bytes[k] ?? 0); k++) trId = trId * 10 + (bytes[k] ?? 0) - ZERO;
    checksum += trId;
    if (k === m + 4 || (k < lineEnd && bytes[k] !== SPACE)) continue;
    const key = pre.conn * 16_777_216 + trId;
    if (pre.client) open.set(key, lines);
    else if (open.delete(key)) paired++;
  }
  return { lines, messages, errors, paired, checksum };
}
