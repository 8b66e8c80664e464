/**
 * One row per account on a log that holds several (a server's log): how its sign-ins went, which errors its
 * connections got, whether it was throttled. Built from what the parse already knows (the connections' accounts,
 * the findings' subjects, the error column), so an operator can see at a glance which accounts are in trouble.
 */
import { storeOf } from '../event-store';
import type { ConnectionId, EventId, Finding, LogEvent, ParseResult } from '../types';
import { attemptsOf, describeStop, isAttemptFinding, LOGIN_FAILURE_KINDS } from './verdict';

export interface AccountSummary {
  readonly account: string;
  readonly connections: readonly ConnectionId[];
  /** Sign-in attempts, and how many of them signed in or failed (the rest were cut off by the log). */
  readonly signIns: number;
  readonly signedIn: number;
  readonly failed: number;
  /** How its last sign-in ended (`Signed in`, `Login failed at the ticket step (911)`), null when none is in the log. */
  readonly lastSignIn: string | null;
  /** Whether that last sign-in signed in. */
  readonly lastSignedIn: boolean;
  /** When that last sign-in ended (its last line's time, ms since midnight); null without times or sign-in. */
  readonly lastSignInTime: number | null;
  /** Error replies on its connections, by code, most frequent first. */
  readonly errors: readonly { readonly code: number; readonly count: number }[];
  readonly errorCount: number;
  readonly bursts: number;
  /** Its first message in the log. */
  readonly firstEvent: EventId;
}

interface Draft {
  account: string;
  connections: ConnectionId[];
  signIns: number;
  signedIn: number;
  failed: number;
  last: Finding | null;
  codes: Map<number, number>;
  errorCount: number;
  bursts: number;
  firstEvent: EventId;
}

type Input = Pick<ParseResult, 'connections' | 'events' | 'findings'>;

/** Every account, those in trouble first (failed sign-ins, then throttling, then errors), else in log order; empty when the log names no accounts. */
export function summarizeAccounts(result: Input): AccountSummary[] {
  const drafts = new Map<string, Draft>();
  const byConn: (Draft | undefined)[] = result.connections.map((c) => {
    if (c.account === undefined) return undefined;
    let d = drafts.get(c.account);
    if (d === undefined) {
      d = { account: c.account, connections: [], signIns: 0, signedIn: 0, failed: 0, last: null, codes: new Map(), errorCount: 0, bursts: 0, firstEvent: c.firstEvent };
      drafts.set(c.account, d);
    }
    d.connections.push(c.id);
    if (c.firstEvent < d.firstEvent) d.firstEvent = c.firstEvent;
    return d;
  });
  if (drafts.size === 0) return [];
  countErrors(result, byConn);
  for (const f of result.findings) addFinding(drafts, f);
  return [...drafts.values()].sort(byTrouble).map((d) => finish(d, result.events));
}

/** Error replies per account, read on the columns when the result has them (a million events build no objects). */
function countErrors(result: Input, byConn: readonly (Draft | undefined)[]): void {
  const store = storeOf(result.events);
  const n = result.events.length;
  // Only a result without columns (assembled by hand) needs its connections looked up by id.
  const connIndex = store === undefined ? new Map<ConnectionId, number>(result.connections.map((c, k) => [c.id, k])) : null;
  for (let i = 0; i < n; i++) {
    let code: number;
    let k: number;
    if (store !== undefined) {
      code = store.codeOf(i);
      if (code < 0) continue;
      k = store.connIndex(i);
    } else {
      const e = result.events[i];
      if (e?.error == null) continue;
      code = e.error.code;
      k = connIndex?.get(e.connection) ?? -1;
    }
    const d = byConn[k];
    if (d === undefined) continue;
    d.errorCount++;
    d.codes.set(code, (d.codes.get(code) ?? 0) + 1);
  }
}

function addFinding(drafts: ReadonlyMap<string, Draft>, f: Finding): void {
  const d = f.subject === undefined ? undefined : drafts.get(f.subject);
  if (d === undefined) return;
  if (f.kind === 'rate-limit') {
    d.bursts++;
    return;
  }
  if (!isAttemptFinding(f)) return;
  const n = attemptsOf(f);
  d.signIns += n;
  if (f.kind === 'login-succeeded') d.signedIn += n;
  else if (LOGIN_FAILURE_KINDS.has(f.kind)) d.failed += n;
  if (d.last === null || lastEvent(f) > lastEvent(d.last)) d.last = f;
}

const lastEvent = (f: Finding): number => f.evidence[f.evidence.length - 1] ?? -1;

/** An event's time, read on the columns when the events have them (no LogEvent built). */
function timeOfEvent(events: readonly LogEvent[], id: number): number | null {
  const store = storeOf(events);
  return store === undefined ? (events[id]?.time ?? null) : store.timeOf(id);
}

function byTrouble(a: Draft, b: Draft): number {
  return b.failed - a.failed || b.bursts - a.bursts || b.errorCount - a.errorCount || a.firstEvent - b.firstEvent;
}

function finish(d: Draft, events: readonly LogEvent[]): AccountSummary {
  const last = d.last;
  const lastSignIn = last === null ? null : last.detail.kind === 'login' ? describeStop(last.detail.attempt, events) : last.title;
  const lastLine = last === null ? -1 : lastEvent(last);
  const lastSignInTime = lastLine < 0 ? null : timeOfEvent(events, lastLine);
  const errors = [...d.codes].map(([code, count]) => ({ code, count })).sort((x, y) => y.count - x.count || x.code - y.code);
  return {
    account: d.account, connections: d.connections, signIns: d.signIns, signedIn: d.signedIn, failed: d.failed, lastSignIn,
    lastSignedIn: last?.kind === 'login-succeeded', lastSignInTime,
    errors, errorCount: d.errorCount, bursts: d.bursts, firstEvent: d.firstEvent,
  };
}
