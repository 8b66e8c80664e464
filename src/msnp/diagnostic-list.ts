/**
 * The diagnostics of one stage, with a bound on how many of one kind get a message each.
 *
 * A normal log has a few hundred diagnostics; a 100 MB one a few thousand. A log of one shape repeated — every line
 * a reply whose command was cut off, a million unanswered PNGs, a grep of `800` lines, a file of `>>>` prefixes
 * with nothing after them — would make an object and a sentence per line: on 20 MB of such lines that was 2–5
 * million diagnostics, seconds of work and gigabytes, for text no one reads past the first screens. Past
 * DETAIL_LIMIT of a kind, the rest come as one diagnostic of the same kind whose `events` list every one of them
 * (and whose message says how many and where), so counts and evidence built on diagnostics stay whole.
 */
import { assertNever } from './assert';
import { formatCount } from './format-count';
import { IntColumn } from './int-column';
import type { Diagnostic, DiagnosticKind, EventId, Severity } from './types';

/** Diagnostics of one kind given one by one; the rest of that kind are summed up in one. */
export const DETAIL_LIMIT = 10_000;

/** What the diagnostics of a kind past the limit have in common. */
interface Rest {
  readonly kind: DiagnosticKind;
  severity: Severity;
  /** How many diagnostics were summed up (a TrId reuse is one, with two events). */
  count: number;
  /**
   * Kept in a typed column and copied once into the summary's list: a flood of one kind sums up a million events,
   * and a plain array pushed to a million entries cost several times the copy.
   */
  readonly events: IntColumn;
  firstLine: number;
  lastLine: number;
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, note: 2 };

export class DiagnosticList {
  private readonly items: Diagnostic[] = [];
  private readonly counts = new Map<DiagnosticKind, number>();
  private readonly rest = new Map<DiagnosticKind, Rest>();

  /** True while diagnostics of `kind` still get one each: ask before building one. */
  detailed(kind: DiagnosticKind): boolean {
    return (this.counts.get(kind) ?? 0) < DETAIL_LIMIT;
  }

  push(d: Diagnostic): void {
    this.counts.set(d.kind, (this.counts.get(d.kind) ?? 0) + 1);
    this.items.push(d);
  }

  /** One more diagnostic of `kind` past the limit: its events (none for a line) and its source line. */
  sumUp(kind: DiagnosticKind, severity: Severity, line: number, a?: number, b?: number): void {
    let r = this.rest.get(kind);
    if (r === undefined) {
      r = { kind, severity, count: 0, events: new IntColumn(0), firstLine: line, lastLine: line };
      this.rest.set(kind, r);
    }
    r.count++;
    if (SEVERITY_RANK[severity] < SEVERITY_RANK[r.severity]) r.severity = severity;
    if (a !== undefined) r.events.push(a);
    if (b !== undefined) r.events.push(b);
    if (line < r.firstLine) r.firstLine = line;
    if (line > r.lastLine) r.lastLine = line;
  }

  /** The diagnostics in the order they came, each kind's summary after them. */
  done(): Diagnostic[] {
    const out = this.items.slice();
    for (const r of this.rest.values()) out.push(summary(r));
    return out;
  }
}

function summary(r: Rest): Diagnostic {
  const lines = r.firstLine === r.lastLine ? `line ${formatCount(r.firstLine)}` : `lines ${formatCount(r.firstLine)}–${formatCount(r.lastLine)}`;
  const where = r.kind === 'unreadable-line' ? 'each stays among the non-protocol lines with its reason' : 'this diagnostic lists their events';
  const message = `${formatCount(r.count)} more ${restNoun(r.kind)} (${lines}), after the first ${formatCount(DETAIL_LIMIT)} listed one by one: ${where}.`;
  const d: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = { kind: r.kind, severity: r.severity, message, events: r.events.toArray() as EventId[] };
  if (r.kind === 'unreadable-line') d.line = r.firstLine;
  return d;
}

function restNoun(kind: DiagnosticKind): string {
  switch (kind) {
    case 'unanswered':
      return 'commands got no reply';
    case 'orphan-reply':
      return 'replies match no command in the log';
    case 'mid-session-start':
      return 'connections start mid-session';
    case 'payload-length-mismatch':
      return 'payloads differ from their declared length';
    case 'unknown-command':
      return 'lines carry a command the analyzer does not know';
    case 'unknown-error-code':
      return 'error codes are not in the catalog';
    case 'unreadable-line':
      return 'lines could not be read';
    case 'duplicate-open-trid':
      return 'commands reuse a TrId still waiting for its reply';
    case 'after-close':
      return 'commands were sent on a closed connection';
    case 'no-protocol':
      return 'files have no MSNP messages';
    case 'other-dialect-lines':
      return 'lines are protocol lines of another format and were not read';
    case 'dialect-block':
      return 'blocks of lines were read as another format than the rest of the file';
    case 'truncated':
      return 'lines were cut';
    default:
      return assertNever(kind, 'diagnostic kind');
  }
}
