/**
 * The CLI's `--json` output: one versioned document per log, documented in docs/json-schema.md and
 * docs/analysis.schema.json. It is a projection of the core's ParseResult with stable names, so scripts can rely
 * on it while the in-memory types evolve. Bump ANALYSIS_SCHEMA_VERSION on any change that is not an addition.
 *
 * Large logs make millions of events, more than one JSON string can hold, so `writeAnalysisJson` streams the
 * document: one event, diagnostic or finding per line.
 */
import { summarizeAccounts, type AccountSummary } from '../msnp/findings/accounts';
import type {
  CaptureInfo,
  Connection,
  ConnectionKind,
  DialectId,
  DiagnosticKind,
  Direction,
  EventFlag,
  ErrorClass,
  FindingGroup,
  FindingKind,
  LogEvent,
  ParseResult,
  ReplyStatus,
  Severity,
  TextEncoding,
} from '../msnp/types';

import { docEventsFromStore } from './doc-events';

export const ANALYSIS_SCHEMA_VERSION = 1;

export interface DocInput {
  readonly fileName: string | null;
  readonly bytes: number;
  readonly lines: number;
  readonly encoding: TextEncoding;
  readonly lineEndings: 'crlf' | 'lf' | 'cr' | 'mixed' | 'none';
  /** The detected (or forced) dialect; null when nothing in the file looked like MSNP. */
  readonly format: DialectId | null;
  readonly formatName: string | null;
  readonly confidence: number;
  readonly forced: boolean;
  readonly reason: string;
  readonly hasTimes: boolean;
  /** What a packet capture held; null for a text log. */
  readonly capture: CaptureInfo | null;
}

export interface DocConnection {
  readonly id: string;
  readonly kind: ConnectionKind;
  readonly protocolVersion: number | null;
  readonly protocol: string | null;
  readonly sourceName: string | null;
  readonly events: number;
  readonly inferredFrom: Connection['inferredFrom'];
  /** The account on it, on a log that holds several (Connection.account). */
  readonly account?: string;
}

export interface DocError {
  readonly code: number;
  readonly name: string;
  readonly class: ErrorClass;
  readonly known: boolean;
}

export interface DocEvent {
  readonly id: number;
  readonly line: number;
  readonly endLine: number;
  readonly time: number | null;
  readonly direction: Direction | null;
  readonly connection: string;
  readonly command: string;
  readonly trId: number | null;
  readonly params: readonly string[];
  readonly status: ReplyStatus;
  readonly payloadBytes?: number;
  readonly replyTo?: number;
  readonly latencyMs?: number;
  readonly error?: DocError;
  /** For errors: what this error means here, against the command it answers and the negotiated version. */
  readonly explanation?: string;
  /** For errors: what to do about it. */
  readonly advice?: string;
  readonly flags?: readonly EventFlag[];
}

export interface DocDiagnostic {
  readonly kind: DiagnosticKind;
  readonly severity: Severity;
  readonly message: string;
  readonly events: readonly number[];
  readonly line?: number;
}

export interface DocFinding {
  readonly id: string;
  readonly kind: FindingKind;
  readonly severity: Severity;
  readonly group: FindingGroup;
  readonly title: string;
  /** The account, when the log holds several (Finding.subject). */
  readonly subject?: string;
  readonly narrative: string;
  readonly advice: string;
  readonly evidence: readonly number[];
}

export interface DocStats {
  readonly byCommand: Readonly<Record<string, number>>;
  readonly errorsByCode: Readonly<Record<string, number>>;
  readonly errorsByClass: Readonly<Record<string, number>>;
  readonly unanswered: number;
  readonly orphans: number;
}

export interface AnalysisDocument {
  readonly schemaVersion: typeof ANALYSIS_SCHEMA_VERSION;
  readonly input: DocInput;
  readonly connections: readonly DocConnection[];
  readonly events: readonly DocEvent[];
  /** True when the events were left out on request (`--no-events`): `events` is then empty. Absent otherwise. */
  readonly eventsOmitted?: true;
  readonly nonProtocolLines: number;
  readonly diagnostics: readonly DocDiagnostic[];
  readonly stats: DocStats;
  readonly findings: readonly DocFinding[];
  /** One entry per account, on a log that holds several (a server's log); absent otherwise. */
  readonly accounts?: readonly DocAccount[];
  /** One entry per log, in file order, on a file that holds several (a block of another format); absent otherwise. */
  readonly logs?: readonly DocLog[];
  /** One line that sums the log up (from the findings), null when there is nothing to say. */
  readonly verdict: string | null;
}

/** An account's row as the JSON gives it: the summary less what only orders the rows. */
export type DocAccount = Omit<AccountSummary, 'errorCount' | 'firstEvent' | 'lastSignedIn'>;

function docAccounts(r: ParseResult): { accounts?: DocAccount[] } {
  const rows = summarizeAccounts(r);
  if (rows.length === 0) return {};
  return {
    accounts: rows.map((a) => ({
      account: a.account, connections: a.connections, signIns: a.signIns, signedIn: a.signedIn, failed: a.failed,
      lastSignIn: a.lastSignIn, lastSignInTime: a.lastSignInTime, errors: a.errors, bursts: a.bursts,
    })),
  };
}

/** One log of a file that holds several: its events are `firstEvent`…`lastEvent`, from line `firstLine`. */
export interface DocLog {
  readonly firstEvent: number;
  readonly lastEvent: number;
  readonly firstLine: number;
}

/** The logs of the file (ParseResult.sessionStarts), on a file of several; nothing on the usual file of one. */
function docLogs(r: ParseResult): { logs?: DocLog[] } {
  const starts = r.sessionStarts;
  if (starts.length === 0) return {};
  const firsts = [0, ...starts];
  return {
    logs: firsts.map((first, k) => ({
      firstEvent: first,
      lastEvent: (firsts[k + 1] ?? r.events.length) - 1,
      firstLine: r.events[first]?.line ?? 1,
    })),
  };
}

/** An error explained against the command it answers, the connection and the negotiated version. */
export interface ErrorNote {
  readonly inContext: string;
  readonly advice: string;
}

/** What the CLI adds to a ParseResult: the in-context explanation of an error event, and the verdict. */
export interface DocExtras {
  readonly explain: (event: LogEvent) => ErrorNote | null;
  readonly verdict: string | null;
}

function toDocEvent(e: LogEvent, explain: DocExtras['explain']): DocEvent {
  const note = e.error === null ? null : explain(e);
  return {
    id: e.id,
    line: e.line,
    endLine: e.endLine,
    time: e.time,
    direction: e.direction,
    connection: e.connection,
    command: e.command,
    trId: e.trId,
    params: e.params,
    status: e.status,
    ...(e.payload === null ? {} : { payloadBytes: e.payload.declaredBytes }),
    ...(e.replyTo === null ? {} : { replyTo: e.replyTo }),
    ...(e.latencyMs === null ? {} : { latencyMs: e.latencyMs }),
    ...(e.error === null ? {} : { error: { code: e.error.code, name: e.error.name, class: e.error.class, known: e.error.known } }),
    ...(note === null ? {} : { explanation: note.inContext }),
    ...(note === null || note.advice === '' ? {} : { advice: note.advice }),
    ...(e.flags.length === 0 ? {} : { flags: e.flags }),
  };
}

/** DocEvent of index i: from the columns when the result has them, else from the event object. */
function docEventAt(r: ParseResult, explain: DocExtras['explain']): (i: number) => DocEvent {
  const store = r.tables?.events;
  if (store !== undefined && store.length === r.events.length) return docEventsFromStore(r, store, explain);
  return (i) => toDocEvent(r.events[i] as LogEvent, explain);
}

function toDocInput(r: ParseResult): DocInput {
  const best = r.detection.candidates.find((c) => c.dialect === r.detection.dialect);
  return {
    fileName: r.input.fileName,
    bytes: r.input.bytes,
    lines: r.input.lines,
    encoding: r.input.encoding,
    lineEndings: r.input.lineEndings,
    format: r.detection.dialect,
    formatName: best?.name ?? null,
    confidence: r.detection.confidence,
    forced: r.detection.forced,
    reason: r.detection.reason,
    hasTimes: r.hasTimes,
    capture: r.input.capture ?? null,
  };
}

/** Everything but the events, which `writeAnalysisJson` streams; also what tests compare. */
export function toAnalysisDocument(r: ParseResult, extras: DocExtras): AnalysisDocument {
  const eventAt = docEventAt(r, extras.explain);
  return {
    schemaVersion: ANALYSIS_SCHEMA_VERSION,
    input: toDocInput(r),
    connections: r.connections.map((c) => ({
      id: c.id,
      kind: c.kind,
      protocolVersion: c.protocolVersion,
      protocol: c.protocol,
      sourceName: c.sourceName,
      events: c.eventCount,
      inferredFrom: c.inferredFrom,
      ...(c.account === undefined ? {} : { account: c.account }),
    })),
    events: Array.from({ length: r.events.length }, (_, i) => eventAt(i)),
    nonProtocolLines: r.nonProtocol.length,
    diagnostics: r.diagnostics.map((d) => ({
      kind: d.kind,
      severity: d.severity,
      message: d.message,
      events: d.events,
      ...(d.line === undefined ? {} : { line: d.line }),
    })),
    stats: {
      byCommand: r.stats.byCommand,
      errorsByCode: r.stats.errorsByCode,
      errorsByClass: r.stats.errorsByClass,
      unanswered: r.stats.unanswered,
      orphans: r.stats.orphans,
    },
    findings: r.findings.map((f) => ({
      id: f.id,
      kind: f.kind,
      severity: f.severity,
      group: f.group,
      title: f.title,
      ...(f.subject === undefined ? {} : { subject: f.subject }),
      narrative: f.narrative,
      advice: f.advice,
      evidence: f.evidence,
    })),
    ...docAccounts(r),
    ...docLogs(r),
    verdict: extras.verdict,
  };
}

/**
 * Writes the document as JSON through `write`, one array element per line, without ever building the whole
 * text: a 100 MB log's events do not fit in one string. The output parses to exactly `toAnalysisDocument`.
 */
export function writeAnalysisJson(r: ParseResult, extras: DocExtras, write: (chunk: string) => void, options: { readonly events: boolean } = { events: true }): void {
  const doc = toAnalysisDocument({ ...r, events: [] }, extras);
  const field = (name: keyof AnalysisDocument, value: unknown): void => write(` ${JSON.stringify(name)}: ${JSON.stringify(value)},\n`);
  const listOf = (name: keyof AnalysisDocument, count: number, at: (i: number) => unknown): void => {
    write(` ${JSON.stringify(name)}: [`);
    let batch: string[] = [];
    for (let i = 0; i < count; i++) {
      batch.push(`${i === 0 ? '\n' : ',\n'}  ${JSON.stringify(at(i))}`);
      if (batch.length >= 4096) {
        write(batch.join(''));
        batch = [];
      }
    }
    write(`${batch.join('')}${count === 0 ? '' : '\n '}],\n`);
  };
  const list = <T>(name: keyof AnalysisDocument, items: readonly T[], map: (item: T) => unknown): void =>
    listOf(name, items.length, (i) => map(items[i] as T));
  write('{\n');
  field('schemaVersion', doc.schemaVersion);
  field('input', doc.input);
  list('connections', doc.connections, (c) => c);
  if (options.events) listOf('events', r.events.length, docEventAt(r, extras.explain));
  else write(' "events": [],\n "eventsOmitted": true,\n');
  field('nonProtocolLines', doc.nonProtocolLines);
  list('diagnostics', doc.diagnostics, (d) => d);
  field('stats', doc.stats);
  list('findings', doc.findings, (f) => f);
  // From the whole result: `doc` was built without its events.
  const { accounts } = docAccounts(r);
  if (accounts !== undefined) list('accounts', accounts, (a) => a);
  const { logs } = docLogs(r);
  if (logs !== undefined) list('logs', logs, (l) => l);
  write(` "verdict": ${JSON.stringify(doc.verdict)}\n}\n`);
}
