/**
 * A client's own lines that are not MSNP but show part of a sign-in, looked up once per attempt (never per log
 * line), in a window between two protocol lines.
 *
 * The Passport step of a sign-in (TWN/SSO) happens over HTTPS, outside MSNP, so no protocol line shows it; a
 * client's debug log often does, in its own words between the policy (`USR … S` from the server) and the ticket
 * USR the client sends next.
 */
import { nonProtocolStoreOf } from '../event-store';
import type { NonProtocolLine, NonProtocolReason } from '../types';

/**
 * The few fields these look-ups read, by index: from the store's columns when the list has one (a binary search
 * over a lazy list built an entry, decoded text and all, for every probe, and thousands of attempts left tens of
 * megabytes of them to the collector), else from the entries of a plain list.
 */
interface LineReader {
  readonly length: number;
  line(k: number): number;
  reason(k: number): NonProtocolReason;
  text(k: number): string;
}

function readerOf(lines: readonly NonProtocolLine[]): LineReader {
  const store = nonProtocolStoreOf(lines);
  if (store !== undefined) {
    return { length: store.length, line: (k) => store.lineOf(k), reason: (k) => store.reasonOf(k), text: (k) => store.textOf(k) };
  }
  return {
    length: lines.length,
    line: (k) => lines[k]?.line ?? 0,
    reason: (k) => lines[k]?.reason ?? 'blank',
    text: (k) => lines[k]?.text ?? '',
  };
}

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
  return firstAfterIn(readerOf(lines), line);
}

function firstAfterIn(r: LineReader, line: number): number {
  let lo = 0;
  let hi = r.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (r.line(mid) <= line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The non-protocol line numbered `line`, or null (a binary search, for a reader of a few lines of a long list). */
export function nonProtocolLineAt(lines: readonly NonProtocolLine[], line: number): NonProtocolLine | null {
  const k = firstAfter(lines, line - 1);
  const l = k < lines.length ? lines[k] : undefined;
  return l !== undefined && l.line === line ? l : null;
}

/**
 * The line numbers of the non-protocol lines strictly between `fromLine` and `toLine` that speak of the Passport
 * request, at most MAX_CITED (the first ones and the last), ascending.
 */
export function passportLinesBetween(lines: readonly NonProtocolLine[], fromLine: number, toLine: number): number[] {
  const found: number[] = [];
  const r = readerOf(lines);
  const start = firstAfterIn(r, fromLine);
  const end = Math.min(r.length, start + MAX_SCANNED);
  for (let k = start; k < end; k++) {
    const line = r.line(k);
    if (line >= toLine) break;
    if (r.reason(k) !== 'blank' && PASSPORT_TEXT.test(r.text(k))) found.push(line);
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
  const r = readerOf(lines);
  const start = firstAfterIn(r, afterLine);
  const end = Math.min(r.length, start + MAX_OPENING_SCANNED);
  for (let k = start; k < end; k++) {
    if (r.line(k) >= firstLine) return null;
    if (r.reason(k) !== 'connection-event') continue;
    const text = r.text(k);
    if (CLOSING_TEXT.test(text)) continue;
    const m = LINE_CLOCK.exec(text.trimStart());
    if (m === null) return null;
    const clock = ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000;
    let t = clock + Math.floor(firstTime / DAY_MS) * DAY_MS;
    if (t > firstTime) t -= DAY_MS; // opened before midnight, first message after it
    return firstTime - t <= MAX_OPENING_LEAD_MS ? t : null;
  }
  return null;
}
