/**
 * The CLI's text report: what a person reading a terminal wants from a log, in the order they ask it:
 * which format and connections, what was sent, what failed and why, what never got an answer, what it means.
 * Long lists stop after `limit` items with "… and N more" so a 100 MB log still prints a readable page.
 */
import { describeCapture } from '../msnp/capture/index';
import { lookupError } from '../msnp/error-codes';
import { summarizeAccounts, type AccountSummary } from '../msnp/findings/accounts';
import { formatTime } from '../msnp/findings/event-index';
import { rollCountText, rollPlaces, rollUpFindings, type FindingRow } from '../msnp/findings/roll-up';
import { formatCount, plural } from '../msnp/format-count';
import type { Diagnostic, LogEvent, ParseResult } from '../msnp/types';
import type { DocExtras } from './analysis-document';
import { countWhere, idsWhere } from './event-scan';

const num = formatCount;
const clip = (s: string, max = 110): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** Up to `limit` rendered items (0 = all), then a line saying how many were left out. */
function limited<T>(items: readonly T[], limit: number, render: (item: T) => string[]): string[] {
  const shown = limit === 0 ? items : items.slice(0, limit);
  const out = shown.flatMap(render);
  if (shown.length < items.length) out.push(`  … and ${num(items.length - shown.length)} more (use --limit 0 to list all)`);
  return out;
}

function section(title: string, lines: readonly string[]): string[] {
  return ['', title, ...lines];
}

function headerLines(r: ParseResult, verdict: string | null): string[] {
  const i = r.input;
  const mb = (i.bytes / 2 ** 20).toFixed(i.bytes < 2 ** 20 ? 3 : 1);
  const ends = i.lineEndings === 'none' ? '' : `, ${i.lineEndings.toUpperCase()} line ends`;
  const invalid = i.invalidUtf8Lines > 0 ? `, ${plural(i.invalidUtf8Lines, 'line')} of invalid UTF-8 kept` : '';
  const d = r.detection;
  const name = d.candidates.find((c) => c.dialect === d.dialect)?.name ?? d.dialect;
  // The reason usually repeats the dialect's name first (`libpurple (Pidgin) debug log: 14 of 57 lines …`).
  const why = name !== null && d.reason.startsWith(`${name}: `) ? d.reason.slice(name.length + 2) : d.reason;
  const format = d.dialect === null
    ? [`Format: not recognised.`, `  why: ${why}`]
    : [`Format: ${name} (${d.dialect}), confidence ${Math.round(d.confidence * 100)}%${d.forced ? ', forced with --format' : ''}`, `  why: ${why}`];
  const out = [
    `MSNP log analysis${i.fileName === null ? '' : `: ${i.fileName}`}`,
    `Input: ${num(i.bytes)} bytes (${mb} MB), ${plural(i.lines, 'line')}, ${i.encoding}${ends}${invalid}`,
    ...(i.capture === undefined ? [] : [`  from ${describeCapture(i.capture)}`]),
    ...format,
  ];
  if (verdict !== null) out.push(`Verdict: ${verdict}`);
  return out;
}

function connectionLines(r: ParseResult, limit: number): string[] {
  return limited(r.connections, limit, (c) => {
    const proto = c.protocol ?? (c.protocolVersion === null ? 'version not shown' : `MSNP${c.protocolVersion}`);
    const src = `${c.sourceName === null ? '' : `, "${c.sourceName}" in the log`}${c.account === undefined ? '' : `, ${c.account}`}`;
    return [`  ${c.id.padEnd(6)} ${c.kind.padEnd(7)} ${proto.padEnd(17)} ${plural(c.eventCount, 'message')}${src} (told apart by: ${c.inferredFrom})`];
  });
}

/** `USR 12  VER 6  MSG 4`, most frequent first, wrapped at about 100 columns. */
function commandCountLines(r: ParseResult): string[] {
  const entries = Object.entries(r.stats.byCommand).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const lines: string[] = [];
  let cur = ' ';
  for (const [cmd, n] of entries) {
    const item = ` ${cmd} ${num(n)}`;
    if (cur.length + item.length > 100) {
      lines.push(cur);
      cur = ' ';
    }
    cur += item;
  }
  if (cur.trim() !== '') lines.push(cur);
  return lines;
}

function errorSummaryLines(r: ParseResult): string[] {
  const classes = Object.entries(r.stats.errorsByClass).filter(([, n]) => n > 0);
  if (classes.length === 0) return []; // the error list below says 'none' once
  const byClass = `  by class: ${classes.map(([c, n]) => `${c} ${num(n)}`).join(', ')}`;
  const codes = Object.entries(r.stats.errorsByCode).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  // The name an error event carries is the catalog's (lookupError), so no walk over the events is needed.
  const byCode = codes.map(([code, n]) => `${code} ${lookupError(Number(code)).name} ×${num(n)}`.replace('  ', ' '));
  return [byClass, `  by code: ${byCode.join(', ')}`];
}

const where = (e: LogEvent): string => `line ${String(e.line).padEnd(6)} ${e.connection.padEnd(5)}`;

/** The events of `ids`, built only for the ones printed. */
const eventOf = (r: ParseResult, id: number): LogEvent[] => {
  const e = r.events[id];
  return e === undefined ? [] : [e];
};

function errorLines(r: ParseResult, errors: readonly number[], extras: DocExtras, limit: number): string[] {
  if (errors.length === 0) return ['  none'];
  return limited(errors, limit, (id) => eventOf(r, id).flatMap((e) => {
    const cmd = e.replyTo === null ? undefined : r.events[e.replyTo];
    const answers = cmd === undefined ? 'no command in the log' : `answers ${cmd.command}${cmd.trId === null ? '' : ` ${cmd.trId}`} (line ${cmd.line})`;
    const head = `  ${where(e)} ${e.command} ${e.error?.name ?? ''}: ${answers}`;
    const note = extras.explain(e);
    if (note === null) return [head];
    return [head, `      ${note.inContext}`, ...(note.advice === '' ? [] : [`      What to do: ${note.advice}`])];
  }));
}

function eventListLines(r: ParseResult, ids: readonly number[], limit: number): string[] {
  if (ids.length === 0) return ['  none'];
  return limited(ids, limit, (id) => eventOf(r, id).map((e) => `  ${where(e)} ${clip(e.raw)}`));
}

function diagnosticLines(diags: readonly Diagnostic[], limit: number): string[] {
  const shown = diags.filter((d) => d.kind !== 'unanswered' && d.kind !== 'orphan-reply');
  if (shown.length === 0) return ['  none'];
  return limited(shown, limit, (d) => [`  [${d.severity}] ${d.kind}: ${clip(d.message, 140)}`]);
}

/** `heidi@…  2 sign-ins: 0 signed in, 2 failed (last: …); errors 911 ×2; 1 rate-limit burst; 2 connections` */
function accountLines(accounts: readonly AccountSummary[], limit: number): string[] {
  const width = Math.min(40, accounts.reduce((w, a) => Math.max(w, a.account.length), 0));
  return limited(accounts, limit, (a) => {
    const signIns = a.signIns === 0 ? 'no sign-in in the log' : `${plural(a.signIns, 'sign-in')}: ${num(a.signedIn)} signed in, ${num(a.failed)} failed${a.lastSignIn === null ? '' : ` (last: ${a.lastSignIn}${a.lastSignInTime === null ? '' : ` at ${formatTime(a.lastSignInTime)}`})`}`;
    const errors = a.errors.length === 0 ? '' : `; errors ${a.errors.slice(0, 4).map((e) => `${e.code} ×${num(e.count)}`).join(', ')}${a.errors.length > 4 ? ', …' : ''}`;
    const bursts = a.bursts === 0 ? '' : `; ${plural(a.bursts, 'rate-limit burst')}`;
    return [`  ${a.account.padEnd(width)}  ${signIns}${errors}${bursts}; ${plural(a.connections.length, 'connection')}`];
  });
}

/** `, in 2 rows` when findings were rolled up. */
function rowsNote(r: ParseResult, rows: readonly FindingRow[]): string {
  return rows.length === r.findings.length ? '' : `, in ${plural(rows.length, 'row')}`;
}

/** Members of a rolled row named in the text report before "and N more". */
const ROLL_PLACES = 10;

/** One entry per row: a server's log repeats one headline per account, so a rolled row names whose (roll-up.ts). */
function findingLines(r: ParseResult, rows: readonly FindingRow[], limit: number): string[] {
  if (r.findings.length === 0) return ['  none'];
  return limited(rows, limit, (row) => {
    if (row.kind === 'single') {
      const f = row.finding;
      return [`  [${f.severity}] ${f.title}`, `      ${f.narrative}`, ...(f.advice === '' ? [] : [`      What to do: ${f.advice}`])];
    }
    const first = row.members[0];
    const all = rollPlaces(r.events, row);
    const places = all.slice(0, ROLL_PLACES);
    const rest = all.length - places.length;
    return [
      `  [${row.severity}] ${row.headline} (${rollCountText(row)})`,
      `      ${row.subjects > 0 ? 'Whose' : 'Where'}: ${places.join('; ')}${rest > 0 ? `; and ${num(rest)} more` : ''}`,
      ...(first === undefined ? [] : [`      The first: ${first.narrative}`, ...(first.advice === '' ? [] : [`      What to do: ${first.advice}`])]),
    ];
  });
}

/** The whole text report, newline-terminated. */
export function formatText(r: ParseResult, extras: DocExtras, limit: number): string {
  // Each list is read from the columns (event-scan.ts): only the events printed are built.
  const clientCount = countWhere(r, 'client');
  const serverCount = countWhere(r, 'server');
  const orphanIds = new Set(r.diagnostics.filter((d) => d.kind === 'orphan-reply').flatMap((d) => d.events));
  const orphans = [...orphanIds].filter((id) => id >= 0 && id < r.events.length).sort((a, b) => a - b);
  const unanswered = idsWhere(r, 'unanswered');
  const errors = idsWhere(r, 'error');
  const accounts = summarizeAccounts(r);
  const rows = rollUpFindings(r.findings);
  const lines = [
    ...headerLines(r, extras.verdict),
    ...section(`Connections (${num(r.connections.length)}):`, r.connections.length === 0 ? ['  none'] : connectionLines(r, limit)),
    ...section(
      `Messages: ${num(r.events.length)} (${num(clientCount)} from the client, ${num(serverCount)} from the server); ${otherLinesText(r)}`,
      [' by command:', ...commandCountLines(r)],
    ),
    ...section(`Errors (${num(errors.length)}):`, [...errorSummaryLines(r), ...errorLines(r, errors, extras, limit)]),
    ...section(`Unanswered commands (${num(r.stats.unanswered)}):`, eventListLines(r, unanswered, limit)),
    ...section(`Replies without their command (${num(r.stats.orphans)}):`, eventListLines(r, orphans, limit)),
    ...section('Other diagnostics:', diagnosticLines(r.diagnostics, limit)),
    ...section(`Findings (${num(r.findings.length)}${rowsNote(r, rows)}):`, findingLines(r, rows, limit)),
    ...(accounts.length === 0 ? [] : section(`Accounts (${num(accounts.length)}), those in trouble first:`, accountLines(accounts, limit))),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * The lines that are not MSNP, counted as the app counts them: blank lines apart, since the app's "Show N
 * non-protocol lines" leaves them out and the two must not disagree about the same log.
 */
function otherLinesText(r: ParseResult): string {
  const blank = r.tables?.nonProtocol.blankCount ?? 0;
  const kept = `${plural(r.nonProtocol.length - blank, 'other line')} kept as non-protocol`;
  return blank === 0 ? kept : `${kept}, besides ${plural(blank, 'blank line')}`;
}
