/**
 * Dialect A, the bare transcript of the seed and of scripts: `>>> ` client→server, `<<< ` server→client, one
 * message per line, payload bodies on the following unprefixed lines (or not shown at all), no time and no
 * connection id. This is also the form the analyzer serializes to, so its matcher is the fastest: three char
 * comparisons per line.
 *
 * Example lines:
 *   >>> USR 3 TWN I pright_xj@hotmail.com
 *   <<< XFR 3 NS 207.46.124.151:1863 0 64.4.50.62:1863
 */
import { readLines, type LineDialect, type LineMatch } from './line-engine';
import { countLines, NO_FLAGS, type Dialect, type ReadInput, type ReadOutput } from './reader';

const GT = 62;
const LT = 60;
const TRUNCATED: readonly ['truncated'] = Object.freeze(['truncated'] as const);

/** Direction of a `>>>`/`<<<` marker at `pos`, or null. */
export function arrowAt(text: string, pos: number): 'client' | 'server' | null {
  const c = text.charCodeAt(pos);
  if ((c !== GT && c !== LT) || text.charCodeAt(pos + 1) !== c || text.charCodeAt(pos + 2) !== c) return null;
  return c === GT ? 'client' : 'server';
}

const transcriptLines: LineDialect = {
  payloadsShown: true,
  matchBytes: matchTranscriptBytes,
  match(text: string, start: number, end: number, m: LineMatch, lineIndex: number): boolean {
    let p = start;
    while (p < end && text.charCodeAt(p) === 32) p++;
    const dir = arrowAt(text, p);
    if (dir === null || p + 3 > end) return lineIndex === 0 ? matchTruncatedFirst(text, start, end, m) : false;
    p += 3;
    if (p < end && text.charCodeAt(p) === 32) p++;
    m.direction = dir;
    m.rawStart = p;
    m.connectionHint = null;
    m.kindHint = null;
    m.time = -1;
    m.flags = NO_FLAGS;
    return true;
  },
};

/** `match` on bytes; reads nothing at or past `end` (the next line's bytes follow there). */
function matchTranscriptBytes(b: Uint8Array, start: number, end: number, m: LineMatch, lineIndex: number): boolean {
  let p = start;
  while (p < end && b[p] === 32) p++;
  const c = p < end ? (b[p] ?? 0) : 0;
  const isArrow = (c === GT || c === LT) && p + 2 < end && b[p + 1] === c && b[p + 2] === c;
  if (!isArrow) return lineIndex === 0 ? matchTruncatedFirstBytes(b, start, end, m) : false;
  p += 3;
  if (p < end && b[p] === 32) p++;
  m.direction = c === GT ? 'client' : 'server';
  m.rawStart = p;
  m.connectionHint = null;
  m.kindHint = null;
  m.time = -1;
  m.flags = NO_FLAGS;
  return true;
}

function matchTruncatedFirstBytes(b: Uint8Array, start: number, end: number, m: LineMatch): boolean {
  const at = (k: number): number => (k < end ? (b[k] ?? -1) : -1);
  const c = at(start);
  if (c !== GT && c !== LT) return false;
  let p = start + 1;
  if (at(p) === c) p++;
  if (at(p) !== 32 || p + 4 > end) return false;
  const v = at(p + 1);
  if (!((v >= 65 && v <= 90) || (v >= 48 && v <= 57))) return false;
  m.direction = c === GT ? 'client' : 'server';
  m.rawStart = p + 1;
  m.connectionHint = null;
  m.kindHint = null;
  m.time = -1;
  m.flags = TRUNCATED;
  return true;
}

/** A paste cut inside the marker: `> USR 3 …` or `<< 911 3` on the first line. */
function matchTruncatedFirst(text: string, start: number, end: number, m: LineMatch): boolean {
  const c = text.charCodeAt(start);
  if (c !== GT && c !== LT) return false;
  let p = start + 1;
  if (text.charCodeAt(p) === c) p++;
  if (text.charCodeAt(p) !== 32 || p + 4 > end) return false;
  const v = text.charCodeAt(p + 1);
  if (!((v >= 65 && v <= 90) || (v >= 48 && v <= 57))) return false;
  m.direction = c === GT ? 'client' : 'server';
  m.rawStart = p + 1;
  m.connectionHint = null;
  m.kindHint = null;
  m.time = -1;
  m.flags = TRUNCATED;
  return true;
}

export const transcriptDialect: Dialect = {
  id: 'transcript',
  name: 'bare >>> / <<< transcript',
  pattern: '>>> |<<< ',
  sniff: (head) => {
    const matched = countLines(head, (l) => arrowAt(l.trimStart(), 0) !== null);
    return { matched, shaped: matched };
  },
  read: (input: ReadInput): ReadOutput => readLines(input, transcriptLines),
};
