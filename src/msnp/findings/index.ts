/**
 * Findings (issue #4): explanations built on evidence. Runs after pairing; every rule is a pure function of the
 * events, connections and diagnostics. Order: login failures, then rate limits, then the rest (by severity).
 */
import type { EventStore } from '../event-store';
import { explainEvent } from '../explain';
import { toEventId, type Connection, type Diagnostic, type Finding, type LogEvent, type NonProtocolLine, type Severity } from '../types';
import { markEvidence } from './column-reads';
import { buildEventIndex, findOwnHandle } from './event-index';
import { findLoginAttempts, type AttemptFacts } from './login';
import { attemptAccounts, loginFindings } from './login-text';
import {
  diagnosticIds,
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
import { anyOwners, connectionOwners } from './subjects';
import { findJoinTimeouts, findUnusedSwitchboards } from './switchboard';

export { buildVerdict } from './verdict';

export interface FindingsInput {
  /** The events as the result hands them out; the rules read `store`, the columns behind them. */
  readonly events: readonly LogEvent[];
  readonly store: EventStore;
  readonly connections: readonly Connection[];
  readonly diagnostics: readonly Diagnostic[];
  readonly hasTimes: boolean;
  /** The log's other lines: a login that got no reply is explained by them when they say why (a timeout). */
  readonly nonProtocol?: readonly NonProtocolLine[];
  /** The log is a server's (Dialect.serverLog): sign-ins are rebuilt per connection. */
  readonly serverLog?: boolean;
  /**
   * 1-based lines where another log begins (a block of another dialect, or the file's own dialect again after
   * one: parse-log.ts): each is a session of its own, and no finding links connections across them.
   */
  readonly sessionStarts?: readonly number[];
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, note: 2 };

/** Every finding of a parsed log, most important first. */
export function findFindings(input: FindingsInput): Finding[] {
  return analyzeFindings(input).findings;
}

export interface FindingsOutput {
  readonly findings: Finding[];
  /**
   * The account on each connection (in the connections' order) when the log holds several (subjects.ts), else
   * null. Switchboards are named only on a server's log: a client's log of several accounts names the sign-ins.
   */
  readonly accounts: readonly (string | undefined)[] | null;
}

/** The findings, and whose each connection is (what the findings name as their subjects). */
export function analyzeFindings(input: FindingsInput): FindingsOutput {
  const index = buildEventIndex(input.store, input.hasTimes, input.nonProtocol ?? [], input.connections, input.sessionStarts ?? []);
  const attempts = findLoginAttempts(index, input.serverLog === true);
  const accounts = attemptAccounts(index, attempts);
  const login = loginFindings(index, attempts, accounts);
  const own = findOwnHandle(index);
  // A server's log: each burst says whose connection was throttled, as each login finding says whose sign-in it was.
  const owners = connectionOwners(index, input.connections, attempts, accounts);
  // The server throttles each user on their own: on its log a burst is one account's attempts (one connection's
  // where the log never says whose), even where the log names a single account and the findings name none.
  const throttled = input.serverLog === true ? (owners ?? anyOwners(index, input.connections, attempts, accounts)) : null;
  const bursts = findRateLimitBursts(index, own, (b, n) => rateLimitFinding(index, b, n, owners?.ofEvent(b.burst.refusedAt)), throttled);
  // One mark per event: 1 where a login or rate-limit finding cites it; the error-then-close findings add 2 where
  // nothing did (one byte array for both stages, not a copy per stage).
  const explained = markEvidence(new Uint8Array(input.store.length), [login, bursts], 1);
  const closes = findErrorThenClose(index, explained);
  markEvidence(explained, [closes], 2);
  const diagnosed = diagnosticIds(input.diagnostics);
  const joinTimeouts = findJoinTimeouts(index, own);
  const rest = [
    // A command a more specific finding already says got no reply (a sign-in that stopped there, a CAL whose
    // invitee never joined) is not listed again as merely unanswered.
    ...findUnanswered(index, diagnosed, saidUnanswered(input.store.length, attempts, joinTimeouts)),
    ...findOrphansAndDuplicates(index, diagnosed),
    ...findLengthMismatches(index, diagnosed),
    ...findAfterClose(index, diagnosed, explained),
    ...findMidSessionStart(index, diagnosed, explained, input.connections),
    ...closes,
    ...findUnusedSwitchboards(index),
    ...joinTimeouts,
    ...findOtherErrors(index, explained, (id) => explainEvent({ events: input.events, connections: input.connections, sessionStarts: index.sessionStarts }, toEventId(id))),
  ];
  const loginProblems = login.filter((f) => f.severity !== 'note');
  const loginNotes = login.filter((f) => f.severity === 'note');
  const findings = [...loginProblems, ...bursts, ...sortBySeverity([...rest, ...loginNotes])];
  return { findings, accounts: owners === null ? null : input.serverLog === true ? owners.all() : owners.signIns() };
}

/**
 * Per event, 1 where a finding more specific than "got no reply" already tells of the command's missing reply:
 * the step a sign-in stopped at waiting for the server, and the lines of a chat that timed out waiting for JOI.
 */
function saidUnanswered(events: number, attempts: readonly AttemptFacts[], joinTimeouts: readonly Finding[]): Uint8Array {
  const said = new Uint8Array(events);
  for (const a of attempts) {
    if (a.attempt.outcome !== 'no-reply' || a.stopStep === null) continue;
    for (const id of a.stopStep.events) said[id] = 1;
  }
  markEvidence(said, [joinTimeouts], 1);
  return said;
}

function sortBySeverity(findings: readonly Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_RANK[a.f.severity] - SEVERITY_RANK[b.f.severity] || a.i - b.i)
    .map(({ f }) => f);
}
