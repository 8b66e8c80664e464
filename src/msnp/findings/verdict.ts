/**
 * The one-line verdict shown at the top of the page and printed by the CLI, e.g.
 * "Login failed at the ticket step (911) · 2 rate-limit bursts · 5 unanswered commands".
 * Built from the findings alone (plus the events, to read a failed step's error code).
 */
import { assertNever } from '../assert';
import { DIR_CLIENT, storeOf } from '../event-store';
import type { Finding, LogEvent, LoginAttempt } from '../types';
import { formatCount } from '../format-count';
import { errorCodeOf, plural } from './event-index';
import { accountOf, severalAccounts } from './login-account';
import { quietStop, stepLabel, stopReason } from './login-ladder';

export const LOGIN_FAILURE_KINDS: ReadonlySet<string> = new Set([
  'login-failed',
  'login-no-reply',
  'login-version-refused',
  'login-challenge-failed',
]);

export const NO_MSNP = 'No MSNP found: no line reads as an MSNP command';

/** Joins the most important facts of the findings into one line. */
export function buildVerdict(findings: readonly Finding[], events: readonly LogEvent[]): string {
  // Nothing read is not nothing wrong: the log may be another program's, or damaged past reading.
  if (events.length === 0) return NO_MSNP;
  const login = loginPart(findings, events);
  const bursts = burstPart(findings);
  // "other" only after a part that already named errors (a failed sign-in, a burst of refusals).
  const other = bursts !== null || (login !== null && login !== SIGNED_IN) ? 'other ' : '';
  const parts = [
    login,
    signOutPart(findings),
    bursts,
    countPart(findings, 'unanswered command', (f) => (f.kind === 'unanswered-commands' ? f.evidence.length : 0)),
    // Told apart from unanswered ones: a command sent after the close could get no reply, and is counted once.
    countPart(findings, 'command sent after the connection closed', (f) => (f.kind === 'after-close' ? f.evidence.length : 0), 'commands sent after the connection closed'),
    countPart(findings, 'chat timed out waiting for JOI', (f) => (f.kind === 'switchboard-join-timeout' ? 1 : 0), 'chats timed out waiting for JOI'),
    countPart(findings, `${other}error reply`, (f) => (f.kind === 'error-reply' ? f.evidence.filter((id) => errorCodeOfId(events, id) !== null).length : 0), `${other}error replies`),
  ].filter((p): p is string => p !== null);
  if (parts.length > 0) return parts.join(' · ');
  // A log with no sign-in in it (a switchboard alone, a connection that never got past its first command) is no
  // answer to "why can't I sign in?": say that the log does not show one, not only that nothing went wrong.
  const signIn = findings.some((f) => f.group === 'login');
  return signIn ? NO_PROBLEMS : `${NO_PROBLEMS} in ${plural(events.length, 'message')}; the log shows no sign-in`;
}

const NO_PROBLEMS = 'No problems found';
const SIGNED_IN = 'Signed in';

function errorCodeOfId(events: readonly LogEvent[], id: number): number | null {
  const store = storeOf(events);
  if (store !== undefined) {
    // From the columns: the error-reply finding of a long log cites tens of thousands of lines, and building a
    // LogEvent for each was a quarter of a second between the parse and the first table row.
    if (!(id >= 0 && id < store.length) || store.dirCode(id) === DIR_CLIENT) return null;
    const code = store.codeOf(id);
    return code >= 0 ? code : null;
  }
  const ev = events[id];
  return ev === undefined || ev.direction === 'client' ? null : errorCodeOf(ev);
}

function countPart(
  findings: readonly Finding[],
  one: string,
  count: (f: Finding) => number,
  many?: string,
): string | null {
  const n = findings.reduce((sum, f) => sum + count(f), 0);
  return n === 0 ? null : plural(n, one, many);
}

/** `3 rate-limit bursts`, and on a server's log whose accounts they throttled: `… on 2 accounts`. */
function burstPart(findings: readonly Finding[]): string | null {
  const bursts = findings.filter((f) => f.kind === 'rate-limit');
  if (bursts.length === 0) return null;
  const accounts = new Set(bursts.flatMap((f) => (f.subject === undefined ? [] : [f.subject])));
  return `${plural(bursts.length, 'rate-limit burst')}${accounts.size === 0 ? '' : ` on ${plural(accounts.size, 'account')}`}`;
}

/** A login finding that stands for sign-in attempts (one, or N of a retry loop: `attemptsOf`), not a summary of them. */
export function isAttemptFinding(f: Finding): boolean {
  return f.group === 'login' && f.kind !== 'login-retry-loop' && f.kind !== 'signed-out-by-server';
}

function loginPart(findings: readonly Finding[], events: readonly LogEvent[]): string | null {
  const attempts = findings.filter(isAttemptFinding);
  const loop = findings.find((f) => f.kind === 'login-retry-loop');
  const last = attempts.at(-1);
  if (last === undefined) return null;
  // A server's log holds the sign-ins of many accounts: "signed in after 6,284 failed attempts" would add up
  // strangers' attempts as one user's.
  if (manyAccounts(attempts, events)) return manyAccountsPart(attempts, events);
  const attempt = last.detail.kind === 'login' ? last.detail.attempt : null;
  if (last.kind === 'login-succeeded') {
    const failed = attempts.filter((f) => LOGIN_FAILURE_KINDS.has(f.kind)).length;
    return failed === 0 ? SIGNED_IN : `Signed in after ${plural(failed, 'failed attempt')}`;
  }
  const text = attempt === null ? last.title : describeStop(attempt, events);
  // `31 login attempts, every ~15 s, none signed in` → `31 login attempts, none signed in`
  const loopText = loop === undefined ? '' : ` · ${loop.title.replace(/, every [^,]*/, '')}`;
  return `${text}${loopText}`;
}

/** Whether the attempts sign in more than one account (read on the columns; a list of LogEvents has none). */
function manyAccounts(attempts: readonly Finding[], events: readonly LogEvent[]): boolean {
  const store = storeOf(events);
  if (store === undefined) return false;
  return severalAccounts(attempts.map((f) => (f.detail.kind === 'login' ? accountOf(store, f.detail.attempt) : null)));
}

/**
 * How many attempts a login finding stands for: one, or N for the finding a retry loop keeps for its attempts
 * that ended the same way (login-text.ts titles it `… ×N`).
 */
export function attemptsOf(f: Finding): number {
  const m = / ×(\d+)$/.exec(f.title);
  return m === null ? 1 : Number(m[1]);
}

/** `3 sign-ins by 3 accounts: 2 signed in, 1 not: failed at the ticket step (911)`. */
function manyAccountsPart(attempts: readonly Finding[], events: readonly LogEvent[]): string {
  let total = 0;
  let signedIn = 0;
  const stops = new Map<string, number>();
  for (const f of attempts) {
    const n = attemptsOf(f);
    total += n;
    if (f.kind === 'login-succeeded') signedIn += n;
    if (!LOGIN_FAILURE_KINDS.has(f.kind)) continue;
    const text = f.detail.kind === 'login' ? describeStop(f.detail.attempt, events).replace(/^Login /, '') : f.title;
    stops.set(text, (stops.get(text) ?? 0) + n);
  }
  const failed = [...stops.values()].reduce((a, b) => a + b, 0);
  // Counted only when every sign-in names its account: one that does not may be any of them, or another.
  const named = attempts.every((f) => f.subject !== undefined);
  const accounts = new Set(attempts.flatMap((f) => (f.subject === undefined ? [] : [f.subject]))).size;
  const by = named && accounts > 1 ? `by ${formatCount(accounts)} accounts` : 'of several accounts';
  const base = `${plural(total, 'sign-in')} ${by}: ${formatCount(signedIn)} signed in`;
  if (failed === 0) return base;
  // The most common way they stopped (the first seen among equals).
  let top = '';
  let topCount = 0;
  for (const [text, n] of stops) {
    if (n > topCount) {
      top = text;
      topCount = n;
    }
  }
  // A colon, not parentheses: the stop often ends in its own `(911)`.
  const more = topCount < failed ? `; most ${top}` : `: ${top}`;
  return `${base}, ${formatCount(failed)} not${more}`;
}

export function describeStop(attempt: LoginAttempt, events: readonly LogEvent[]): string {
  const step = attempt.steps.find((s) => s.state === 'failed' || s.state === 'stopped');
  const label = step === undefined ? 'sign-in' : `${stepLabel(step.name)} step`;
  switch (attempt.outcome) {
    case 'failed': {
      const codeEv = step?.events.map((id) => events[id]).find((e) => e !== undefined && e.direction === 'server' && errorCodeOf(e) !== null);
      const code = codeEv === undefined ? null : errorCodeOf(codeEv);
      return `Login failed at the ${label}${code === null ? '' : ` (${code})`}`;
    }
    case 'no-reply': {
      // The log's last message is the command itself: a cut-off log, not a silent server.
      if (step !== undefined) return `Login stopped at the ${label} (${stopReason(attempt, step.name)})`;
      // Every command it sent was answered: it stopped after the last step the log shows.
      const { last } = quietStop(attempt.steps);
      return `Login stopped after the ${last === null ? 'start of the sign-in' : `${stepLabel(last)} step`} (nothing more in the log)`;
    }
    case 'version-refused':
      return 'Login refused: no common protocol version';
    case 'challenge-failed':
      return 'Login failed the challenge (540)';
    case 'signed-in':
      return 'Signed in';
    case 'signed-out':
      return 'Signed out by the server';
    default:
      return assertNever(attempt.outcome, 'login outcome');
  }
}

function signOutPart(findings: readonly Finding[]): string | null {
  const f = findings.find((x) => x.kind === 'signed-out-by-server');
  // A log of several accounts names the account first (`bob@x.com: Signed out by the server: …`).
  return f === undefined ? null : f.title.replace(/^(?:\S+: )?Signed out by the server: /, 'Signed out: ');
}
