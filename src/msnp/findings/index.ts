/**
 * Findings (issue #4): explanations built on evidence. Runs after pairing; every rule is a pure function of the
 * events, connections and diagnostics. Order: login failures, then rate limits, then the rest (by severity).
 */
import type { EventStore } from '../event-store';
import type { Connection, Diagnostic, EventId, Finding, LogEvent, NonProtocolLine, Severity } from '../types';
import { buildEventIndex, findOwnHandle } from './event-index';
import { findLoginAttempts } from './login';
import { loginFindings } from './login-text';
import {
  findAfterClose,
  findErrorThenClose,
  findLengthMismatches,
  findMidSessionStart,
  findOrphansAndDuplicates,
  findOtherErrors,
  findUnanswered,
} from './protocol';
import { findRateLimitBursts } from './rate-limit';
import { rateLimitFinding } from './rate-limit-text';
import { findJoinTimeouts, findUnusedSwitchboards } from './switchboard';

export { buildVerdict } from './verdict';

export interface FindingsInput {
  readonly events: readonly LogEvent[];
  /** The columns behind `events`, when there are: the index pass then reads them instead of every event. */
  readonly store?: EventStore;
  readonly connections: readonly Connection[];
  readonly diagnostics: readonly Diagnostic[];
  readonly hasTimes: boolean;
  /** The log's other lines: a login that got no reply is explained by them when they say why (a timeout). */
  readonly nonProtocol?: readonly NonProtocolLine[];
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, note: 2 };

/** Every finding of a parsed log, most important first. */
export function findFindings(input: FindingsInput): Finding[] {
  const index = buildEventIndex(input.events, input.hasTimes, input.nonProtocol ?? [], input.store);
  const login = loginFindings(index, findLoginAttempts(index));
  const bursts = findRateLimitBursts(index, findOwnHandle(index)).map((b, i) => rateLimitFinding(b, i + 1));
  const explained = evidenceSet([login, bursts]);
  const closes = findErrorThenClose(index, explained);
  const rest = [
    ...findUnanswered(index, input.diagnostics),
    ...findOrphansAndDuplicates(index, input.diagnostics),
    ...findLengthMismatches(index, input.diagnostics),
    ...findAfterClose(index, input.diagnostics, explained),
    ...findMidSessionStart(index, input.diagnostics, explained),
    ...closes,
    ...findUnusedSwitchboards(index),
    ...findJoinTimeouts(index),
    ...findOtherErrors(index, evidenceSet([closes], explained)),
  ];
  const loginProblems = login.filter((f) => f.severity !== 'note');
  const loginNotes = login.filter((f) => f.severity === 'note');
  return [...loginProblems, ...bursts, ...sortBySeverity([...rest, ...loginNotes])];
}

/** The evidence of every finding in `groups` (plus `base`), without intermediate arrays (huge logs). */
function evidenceSet(groups: readonly (readonly Finding[])[], base?: ReadonlySet<EventId>): Set<EventId> {
  const out = new Set<EventId>(base);
  for (const group of groups) for (const f of group) for (const id of f.evidence) out.add(id);
  return out;
}

function sortBySeverity(findings: readonly Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_RANK[a.f.severity] - SEVERITY_RANK[b.f.severity] || a.i - b.i)
    .map(({ f }) => f);
}
