/**
 * Export files: the filtered rows as displayed (CSV and JSON), a Markdown summary ready for a bug report or a
 * forum post (verdict, findings with their evidence lines quoted from the REDACTED log, the report link), and
 * the redacted log as plain text. No export drops a row silently: when a limit applies, the file says so.
 */
import { rollCountText, rollPlaces, rollUpFindings } from '../../msnp/findings/roll-up';
import { redactDerivedText } from '../../msnp/redact';
import type { Finding, LogEvent, NonProtocolLine, ParseResult } from '../../msnp/types';
import { describeStatus } from '../row-status';
import { accountsByConnection, rowAt } from '../rows';
import { csvCell } from './csv';

/** Rows beyond this are not written; the file says how many were left out. */
export const MAX_EXPORT_ROWS = 1_000_000;
/** Evidence lines quoted per finding in the Markdown summary. */
export const MAX_EVIDENCE_LINES = 8;

export interface ExportFile {
  readonly name: string;
  readonly mime: string;
  readonly text: string;
}

interface ExportRow {
  readonly line: number;
  readonly time: string;
  readonly connection: string;
  /** The connection's account, only on a log that names several (the Account column; '' on a row without one). */
  readonly account?: string;
  readonly direction: string;
  readonly command: string;
  readonly trId: string;
  readonly params: string;
  readonly status: string;
  readonly errorCode: string;
}

const COLUMNS: readonly (keyof ExportRow)[] = ['line', 'time', 'connection', 'direction', 'command', 'trId', 'params', 'status', 'errorCode'];
/** The columns of a log whose connections name accounts: the account after the connection, as the timeline shows it. */
const ACCOUNT_COLUMNS: readonly (keyof ExportRow)[] = ['line', 'time', 'connection', 'account', 'direction', 'command', 'trId', 'params', 'status', 'errorCode'];

function clock(ms: number | null): string {
  if (ms === null) return '';
  const s = Math.floor(ms / 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

function eventRow(result: ParseResult, e: LogEvent, accounts: ReadonlyMap<string, string> | null): ExportRow {
  return {
    line: e.line,
    time: clock(e.time),
    connection: e.connection,
    ...(accounts === null ? {} : { account: accounts.get(e.connection) ?? '' }),
    direction: e.direction ?? '',
    command: e.command,
    trId: e.trId === null ? '' : String(e.trId),
    params: e.params.join(' '),
    status: describeStatus(result, e).text,
    errorCode: e.error ? String(e.error.code) : '',
  };
}

function lineRow(l: NonProtocolLine, accounts: ReadonlyMap<string, string> | null): ExportRow {
  return { line: l.line, time: '', connection: '', ...(accounts === null ? {} : { account: '' }), direction: '', command: '', trId: '', params: l.text, status: l.reason, errorCode: '' };
}

interface CollectedRows {
  readonly rows: ExportRow[];
  readonly total: number;
  /** The columns written: with `account` only when the log names accounts. */
  readonly columns: readonly (keyof ExportRow)[];
}

function collectRows(result: ParseResult, rows: Int32Array): CollectedRows {
  const total = rows.length;
  const accounts = accountsByConnection(result);
  const out: ExportRow[] = [];
  for (let i = 0; i < Math.min(total, MAX_EXPORT_ROWS); i++) {
    const r = rowAt(result, rows[i] ?? 0);
    if (r) out.push(r.kind === 'event' ? eventRow(result, r.event, accounts) : lineRow(r.line, accounts));
  }
  return { rows: out, total, columns: accounts === null ? COLUMNS : ACCOUNT_COLUMNS };
}


/** The rows as CSV; a limited export starts with a `#` line saying how many rows were left out. */
export function rowsToCsv(result: ParseResult, rows: Int32Array, filterText: string): string {
  const { rows: out, total, columns } = collectRows(result, rows);
  const head: string[] = [];
  if (out.length < total) head.push(`# limited: ${out.length} of ${total} rows exported (the rest were left out)`);
  head.push(`# ${total} ${total === 1 ? 'row' : 'rows'}${filterText ? ` matching: ${filterText}` : ' (no filter)'}`);
  const lines = out.map((r) => columns.map((c) => csvCell(r[c] ?? '')).join(','));
  return [...head, columns.join(','), ...lines].join('\r\n') + '\r\n';
}

/** The rows as JSON, with the totals so a reader can tell a limited export from a complete one. */
export function rowsToJson(result: ParseResult, rows: Int32Array, filterText: string): string {
  const { rows: out, total } = collectRows(result, rows);
  return JSON.stringify({ format: 'msnp-log-analyzer-rows', version: 1, filter: filterText, total, exported: out.length, limited: out.length < total, rows: out }, null, 1);
}

export interface SummaryInput {
  readonly title: string;
  readonly note: string;
  readonly verdict: string;
  readonly findings: readonly Finding[];
  readonly events: readonly LogEvent[];
  /** The redacted log, whose lines the evidence quotes. */
  readonly redactedLog: string;
  readonly manifestText: string;
  readonly reportLink: string | null;
  readonly reportLinkNote: string | null;
}

function quoteEvidence(f: Finding, events: readonly LogEvent[], lines: readonly string[]): string[] {
  const out: string[] = [];
  const ids = f.evidence.slice(0, MAX_EVIDENCE_LINES);
  for (const id of ids) {
    const e = events[id];
    if (!e) continue;
    for (let l = e.line; l <= Math.min(e.endLine, e.line + 2); l++) out.push(`${String(l).padStart(5)}  ${lines[l - 1] ?? ''}`);
  }
  if (out.length === 0) return [];
  const fence = out.some((l) => l.includes('```')) ? '~~~~' : '```';
  const more = f.evidence.length - ids.length;
  return [fence, ...out, fence, ...(more > 0 ? [`(${more} more evidence message${more === 1 ? '' : 's'} not quoted; open the report to see them)`] : [])];
}

/** Findings as the recipient will see them: every text, and the account a finding is about, through the log's pseudonyms. */
export function redactFindingTexts(findings: readonly Finding[], replacements: ReadonlyMap<string, string>): Finding[] {
  return findings.map((f) => ({
    ...f,
    title: redactDerivedText(f.title, replacements),
    ...(f.subject === undefined ? {} : { subject: redactDerivedText(f.subject, replacements) }),
    narrative: redactDerivedText(f.narrative, replacements),
    advice: redactDerivedText(f.advice, replacements),
  }));
}

/** Members of a rolled finding named in the summary before "and N more". */
const MAX_ROLL_PLACES = 20;

/** A Markdown summary: verdict, findings with quoted (redacted) evidence, redaction note and the report link. */
export function buildMarkdownSummary(s: SummaryInput): string {
  const lines = s.redactedLog.split(/\r\n|\n|\r/);
  const out: string[] = [`# ${s.title.trim() || 'MSNP log analysis'}`, '', `**Verdict:** ${s.verdict}`, ''];
  if (s.note.trim()) out.push(...s.note.trim().split(/\r?\n/).map((l) => `> ${l}`), '');
  out.push(`## Findings (${s.findings.length})`, '');
  if (s.findings.length === 0) out.push('No findings.', '');
  // A server's log says the same thing about many accounts: one section per headline, naming whose (roll-up.ts).
  for (const row of rollUpFindings(s.findings)) {
    const f = row.kind === 'single' ? row.finding : row.members[0];
    if (f === undefined) continue;
    if (row.kind === 'single') out.push(`### ${f.severity.toUpperCase()}: ${f.title}`, '', f.narrative, '');
    else {
      const places = rollPlaces(s.events, row);
      const shown = places.slice(0, MAX_ROLL_PLACES);
      const rest = places.length > shown.length ? `; and ${places.length - shown.length} more` : '';
      out.push(`### ${row.severity.toUpperCase()}: ${row.headline} (${rollCountText(row)})`, '', `${row.subjects > 0 ? 'Whose' : 'Where'}: ${shown.join('; ')}${rest}.`, '', `The first: ${f.narrative}`, '');
    }
    if (f.advice) out.push(`*What to do:* ${f.advice}`, '');
    const quoted = quoteEvidence(f, s.events, lines);
    if (quoted.length > 0) out.push(...quoted, '');
  }
  out.push('## Redaction', '', s.manifestText, '');
  if (s.reportLink !== null) out.push('## Report', '', `[Open the full report](${s.reportLink})`, '');
  if (s.reportLinkNote !== null) out.push(s.reportLinkNote, '');
  return out.join('\n');
}
