/**
 * Links and files built from the shared view:
 * - a REPORT link: the view state as readable search params (the state codec's own format) plus
 *   `report=<token>` carrying the redacted log, name, note and manifest;
 * - a VIEW link: the view state with `log=<fingerprint>` only (both sides have the file, or it is too large);
 * - a REPORT FILE (`*.msnp-report`): a magic first line, then the report link's fragment, so a file and a link
 *   are read by the same code.
 */
import { fingerprintBytes } from '../../worker/client';
import { parseUrlState, serializeUrlState } from '../url/url-codec';
import type { UrlNotice, UrlState } from '../url/url-state';
import { decodeReport, encodeReport, FILE_DECODE_LIMITS, LINK_DECODE_LIMITS, type DecodeLimits, type ReportDecode, type SharedReport } from './report-codec';
import { strToU8 } from 'fflate';

export const REPORT_PARAM = 'report';
export const REPORT_FILE_EXTENSION = '.msnp-report';
/** First line of a report file; also how a dropped file is recognised whatever its name. */
export const REPORT_FILE_MAGIC = 'MSNP-LOG-ANALYZER-REPORT';

/** The fingerprint the app computes for a log loaded from this text (UTF-8, as `loadText` stores it). */
export function fingerprintText(text: string): string {
  return fingerprintBytes(strToU8(text));
}

/** `#/timeline?v=1&…&report=1.…`: the view with the report's own fingerprint, then the report token. */
export function buildReportHash(view: UrlState, report: SharedReport): string {
  const token = encodeReport(report);
  const withLog: UrlState = { ...view, log: fingerprintText(report.log) };
  const hash = serializeUrlState(withLog, { [REPORT_PARAM]: token });
  return hash === '' ? `#/${view.tab}?${REPORT_PARAM}=${token}` : hash;
}

/** `#/timeline?v=1&log=3f9a01c2&…`: the view and the fingerprint of the log it was made on. */
export function buildViewHash(view: UrlState, fingerprint: string | null): string {
  const hash = serializeUrlState({ ...view, log: fingerprint });
  return hash === '' ? '#/timeline' : hash;
}

export type OpenedLink =
  | { readonly kind: 'no-report' }
  | { readonly kind: 'report'; readonly view: UrlState; readonly notices: readonly UrlNotice[]; readonly decoded: ReportDecode };

/** Reads a location hash: whether it carries a report, and if so the view and the decoded report. Never throws. */
export function readReportHash(hash: string, limits: DecodeLimits = LINK_DECODE_LIMITS): OpenedLink {
  const parsed = parseUrlState(hash);
  const token = parsed.extra[REPORT_PARAM];
  if (token === undefined) return { kind: 'no-report' };
  return { kind: 'report', view: parsed.state, notices: parsed.notices, decoded: decodeReport(token, limits) };
}

/** The text of a `.msnp-report` file. */
export function buildReportFile(view: UrlState, report: SharedReport): string {
  return `${REPORT_FILE_MAGIC} 1\n${buildReportHash(view, report)}\n`;
}

/** True when the first bytes of a file say it is a report file (checked before any log parsing). */
export function isReportFileHead(head: string): boolean {
  return head.replace(/^\uFEFF/, '').startsWith(REPORT_FILE_MAGIC);
}

/** Reads a report file's text; a file that is not one says so. Never throws. */
export function readReportFile(text: string): OpenedLink {
  const body = text.replace(/^\uFEFF/, '');
  if (!isReportFileHead(body)) {
    return { kind: 'report', view: parseUrlState('').state, notices: [], decoded: { kind: 'damaged', message: 'This file is not an MSNP Log Analyzer report.' } };
  }
  const hash = body.slice(body.indexOf('\n') + 1).trim();
  const opened = readReportHash(hash, FILE_DECODE_LIMITS);
  if (opened.kind === 'report') return opened;
  return { kind: 'report', view: parseUrlState('').state, notices: [], decoded: { kind: 'damaged', message: 'This report file holds no report (its data line is missing).' } };
}

/** The file name offered for a downloaded report: the report's name made safe for file systems. */
export function reportFileName(name: string, fallback: string): string {
  const base = (name.trim() || fallback.replace(/\.[^.]*$/, '') || 'msnp-report').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '');
  return `${base.slice(0, 80) || 'msnp-report'}${REPORT_FILE_EXTENSION}`;
}
