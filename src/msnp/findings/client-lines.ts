/**
 * A client's own lines that are not MSNP but show part of a sign-in, looked up once per attempt (never per log
 * line), in a window between two protocol lines.
 *
 * The Passport step of a sign-in (TWN/SSO) happens over HTTPS, outside MSNP, so no protocol line shows it; a
 * client's debug log often does, in its own words between the policy (`USR … S` from the server) and the ticket
 * USR the client sends next.
 */
import type { NonProtocolLine } from '../types';

/**
 * A client line about the Passport / Windows Live ID request. Examples:
 * papyon `[09:12:43 DEBUG papyon.service.SingleSignOn] Requesting security tokens for messengerclear.live.com`,
 * libpurple `(10:00:56) msn: Starting Windows Live ID authentication`,
 * libpurple `(10:00:56) proxy: Connecting to login.live.com:443 with no proxy`.
 */
const PASSPORT_TEXT = /security tokens?|windows live id|passport|single ?sign ?on|login\.live\.com|loginnet\.passport|nexus\.passport|\bRST\.srf|\bSOAP\b/i;

/** Most lines cited for the step: the first ones (the request) and the last one (how it ended). */
const MAX_CITED = 6;
/** Most non-protocol lines looked at between the two protocol lines: a debug log can be chatty there. */
const MAX_SCANNED = 400;

/** The index of the first non-protocol line after `line` (binary search: the list is in line order). */
export function firstAfter(lines: readonly NonProtocolLine[], line: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((lines[mid]?.line ?? 0) <= line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The non-protocol line numbered `line`, or null (a binary search, for a reader of a few lines of a long list). */
export function nonProtocolLineAt(lines: readonly NonProtocolLine[], line: number): NonProtocolLine | null {
  const l = lines[firstAfter(lines, line - 1)];
  return l !== undefined && l.line === line ? l : null;
}

/**
 * The line numbers of the non-protocol lines strictly between `fromLine` and `toLine` that speak of the Passport
 * request, at most MAX_CITED (the first ones and the last), ascending.
 */
export function passportLinesBetween(lines: readonly NonProtocolLine[], fromLine: number, toLine: number): number[] {
  const found: number[] = [];
  const end = Math.min(lines.length, firstAfter(lines, fromLine) + MAX_SCANNED);
  for (let k = firstAfter(lines, fromLine); k < end; k++) {
    const l = lines[k];
    if (l === undefined || l.line >= toLine) break;
    if (l.reason !== 'blank' && PASSPORT_TEXT.test(l.text)) found.push(l.line);
  }
  if (found.length <= MAX_CITED) return found;
  return [...found.slice(0, MAX_CITED - 1), found[found.length - 1] ?? 0];
}

/** A clock at the start of a client line: `[20:28:32] …`, `(10:00:56) …`, `[09:12:40 DEBUG …]`, `20:28:32] …`. */
const LINE_CLOCK = /^[[(]?(\d\d):(\d\d):(\d\d)[\])\s.,]/;
/** A connection-event line that says a connection ended, not that one opened: `< Disconnected >`. */
const CLOSING_TEXT = /disconnect|closed/i;
const DAY_MS = 86_400_000;
/** How long before its first message a connection's opening line may be and still be that connection's. */
const MAX_OPENING_LEAD_MS = 10 * 60_000;
/** Most non-protocol lines looked at before a first message. */
const MAX_OPENING_SCANNED = 50;

/**
 * When the log says the connection of a sign-in opened (aMSN `[20:28:32] < Connected to: 207.46.108.81 1863 >`,
 * papyon `<-> Connecting to …`): the time of the first such line after `afterLine` and before the sign-in's first
 * message at `firstLine` (time `firstTime`, which may run past 24 h on a log over midnight). Null when there is
 * none, it shows no clock, or its clock does not fit just before the first message.
 */
export function openingTimeBefore(lines: readonly NonProtocolLine[], afterLine: number, firstLine: number, firstTime: number | null): number | null {
  if (firstTime === null || lines.length === 0) return null;
  const start = firstAfter(lines, afterLine);
  const end = Math.min(lines.length, start + MAX_OPENING_SCANNED);
  for (let k = start; k < end; k++) {
    const l = lines[k];
    if (l === undefined || l.line >= firstLine) return null;
    if (l.reason !== 'connection-event' || CLOSING_TEXT.test(l.text)) continue;
    const m = LINE_CLOCK.exec(l.text.trimStart());
    if (m === null) return null;
    const clock = ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000;
    let t = clock + Math.floor(firstTime / DAY_MS) * DAY_MS;
    if (t > firstTime) t -= DAY_MS; // opened before midnight, first message after it
    return firstTime - t <= MAX_OPENING_LEAD_MS ? t : null;
  }
  return null;
}
