/**
 * The Escargot server log: `NS/1a2b >>> CMD args` is what the server RECEIVED (client→server, the same direction
 * as a client-side `>>>`), `<<<` what it sent. `NS/1a2b` (or `SB/…`) is the log's connection name; `con`/`dis`
 * mark the connection opening and closing. Bodies are never printed (and the last token of MSG/UUX/ADL is a
 * token-length quirk, not the byte count), so payloads are always hidden.
 *
 * Example lines:
 *   NS/1a2b >>> VER 1 MSNP18 CVR0
 *   NS/1a2b <<< VER 1 MSNP18
 *   SB/03fe con
 */
import type { NonProtocolReason } from '../types';
import { readLines, type LineDialect, type LineMatch } from './line-engine';
import { countLines, NO_FLAGS, parseClock, type Dialect } from './reader';
import { arrowAt } from './transcript';
import { labelName } from './byte-labels';

/** `NS/1a2b >>> ` anywhere after an optional journal prefix: returns [labelStart, arrowPos] or null. */
function findLabel(text: string, start: number, end: number): readonly [number, number] | null {
  let slash = text.indexOf('/', start);
  while (slash !== -1 && slash < end) {
    const k = slash - 2;
    if (k >= start && (k === start || text.charCodeAt(k - 1) === 32)) {
      const kind = text.slice(k, slash);
      if (kind === 'NS' || kind === 'SB') {
        let q = slash + 1;
        while (q < end && isHexish(text.charCodeAt(q))) q++;
        if (q > slash + 1 && text.charCodeAt(q) === 32) return [k, q + 1];
      }
    }
    slash = text.indexOf('/', slash + 1);
  }
  return null;
}

const isHexish = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);

/**
 * `match` on bytes for a line that starts with its label (`NS/1a2b >>> …`, how the server prints them); any other
 * line (a journal prefix, a connection event) is left to `match`. A server log interleaves thousands of
 * connections, so this is the line shape that has to be read without a string.
 */
function matchEscargotBytes(b: Uint8Array, start: number, end: number, m: LineMatch): boolean {
  const q = labelEndBytes(b, start, end);
  if (q < 0) return false;
  const arrow = q + 1;
  const c = arrow + 2 < end ? (b[arrow] ?? 0) : 0;
  if ((c !== GT && c !== LT) || b[arrow + 1] !== c || b[arrow + 2] !== c) return false;
  m.direction = c === GT ? 'client' : 'server';
  m.connectionHint = labelName(b, start, q);
  m.kindHint = b[start] === 78 ? 'NS' : 'SB';
  m.rawStart = arrow + 3 < end && b[arrow + 3] === 32 ? arrow + 4 : arrow + 3;
  m.time = -1;
  m.flags = NO_FLAGS;
  return true;
}

const GT = 62;
const LT = 60;

/** Where the label `NS/1a2b` that starts bytes[start, end) ends (at the space after it), or −1. */
function labelEndBytes(b: Uint8Array, start: number, end: number): number {
  const k0 = b[start];
  const k1 = b[start + 1];
  if (!((k0 === 78 && k1 === 83) || (k0 === 83 && k1 === 66)) || b[start + 2] !== 47) return -1;
  let q = start + 3;
  while (q < end && isHexish(b[q] ?? 0)) q++;
  return q > start + 3 && q < end && b[q] === 32 ? q : -1;
}

const escargotLines: LineDialect = {
  payloadsShown: false,
  matchBytes: matchEscargotBytes,
  // Only what is sure on bytes: a line that starts with a label. Any other line is left to the string path.
  isRecordStartBytes: (b, start, end) => labelEndBytes(b, start, end) >= 0,
  match(text: string, start: number, end: number, m: LineMatch): boolean {
    const found = findLabel(text, start, end);
    if (found === null) return false;
    const [labelStart, arrow] = found;
    const dir = arrowAt(text, arrow);
    if (dir === null) return false;
    m.direction = dir;
    m.connectionHint = text.slice(labelStart, arrow - 1);
    m.kindHint = text.charCodeAt(labelStart) === 78 ? 'NS' : 'SB';
    m.rawStart = text.charCodeAt(arrow + 3) === 32 ? arrow + 4 : arrow + 3;
    m.time = findTime(text, start, labelStart);
    m.flags = NO_FLAGS;
    return true;
  },
  isRecordStart: (text, start, end) => findLabel(text, start, end) !== null || parseClock(text, start) >= 0,
  classify(line: string): { reason: NonProtocolReason } {
    return { reason: /(?:^|\s)(?:NS|SB)\/\w+ (?:con|dis)\b/.test(line) ? 'connection-event' : 'noise' };
  },
};

/** A journal or shell prefix may carry `HH:MM:SS`; take the first one before the label. */
function findTime(text: string, start: number, limit: number): number {
  const colon = text.indexOf(':', start);
  if (colon === -1 || colon >= limit || colon < start + 2) return -1;
  return parseClock(text, colon - 2);
}

const LINE = /(?:^|\s)(?:NS|SB)\/[0-9A-Za-z]+ (?:>>>|<<<)/;
const SHAPE = /(?:^|\s)(?:NS|SB)\/[0-9A-Za-z]+ /;

export const escargotDialect: Dialect = {
  id: 'escargot',
  name: 'Escargot server log',
  pattern: 'NS/xxxx >>> | SB/xxxx <<<',
  sniff: (head) => ({ matched: countLines(head, (l) => LINE.test(l)), shaped: countLines(head, (l) => SHAPE.test(l)) }),
  read: (input) => readLines(input, escargotLines),
  serverLog: true,
};
