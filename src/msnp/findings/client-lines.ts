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

