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

const escargotLines: LineDialect = {
  payloadsShown: false,
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
};
