/**
 * Login findings: one per attempt (or per kind of ending inside a retry loop), plus the retry-loop summary
 * ("31 attempts, every ~15 s, all stopped at the Passport step"). Narratives say what happened, what the code
 * means at that step and what to check.
 */
import { assertNever } from '../assert';
import { describeError } from '../error-codes';
import type { EventId, Finding, FindingKind, LogEvent, LoginStep, Severity } from '../types';
import { nextServerOnConnectionId } from './column-reads';
import type { EventIndex } from './event-index';
import { errorCodeOf, errorNameOf, evidenceOf, failureLineBetween, formatSpan, formatTime, plural, eventAt, nextSessionLine, sessionOf } from './event-index';
import { accountOf, severalAccounts } from './login-account';
import type { AttemptFacts } from './login';
import { ACCEPTED_EARLIER, LOG_ENDS } from './login-attempt';
import { explainLoginCode, explainSignOut } from './login-codes';
import { quietStop, stepLabel, stepPurpose, stopReason } from './login-ladder';

const LOOP_MIN = 3;

function kindOf(a: AttemptFacts): FindingKind {
  const outcome = a.attempt.outcome;
  switch (outcome) {
    case 'signed-in':
      return 'login-succeeded';
    case 'failed':
      return 'login-failed';
    case 'no-reply':
      return 'login-no-reply';
    case 'version-refused':
      return 'login-version-refused';
    case 'challenge-failed':
      return 'login-challenge-failed';
    case 'signed-out':
      return 'signed-out-by-server';
    default:
      return assertNever(outcome, 'login outcome');
  }
}

function severityOf(kind: FindingKind): Severity {
  if (kind === 'login-succeeded') return 'note';
  return kind === 'signed-out-by-server' ? 'warning' : 'error';
}

/** Short description of where an attempt ended, e.g. `ticket step (911)`; also used by the verdict. */
export function stopSummary(a: AttemptFacts): string {
  const step = a.stopStep;
  const where = step === null ? 'sign-in' : `${stepLabel(step.name)} step`;
  switch (a.attempt.outcome) {
    case 'signed-in':
      return 'signed in';
    case 'failed':
      return `failed at the ${where}${a.end.code === null ? '' : ` (${a.end.code})`}`;
    case 'challenge-failed':
      return 'failed the challenge (540)';
    case 'version-refused':
      return 'version refused';
    case 'no-reply':
      if (a.end.reason.includes('before sending VER')) return 'closed by the client before VER';
      return step === null ? `stopped after the ${quietLabel(a)} (nothing more in the log)` : `stopped at the ${where} (${stopReason(a.attempt, step.name)})`;
    case 'signed-out':
      return `signed out by the server${a.end.reason === '' ? '' : ` (OUT ${a.end.reason})`}`;
    default:
      return assertNever(a.attempt.outcome, 'login outcome');
  }
}

function titleOf(a: AttemptFacts): string {
  const known = versionText(a);
  // ` (MSNP15, SSO)`, or nothing when the log shows neither: "(generation unknown)" told the reader nothing.
  const gen = known === '' ? '' : ` (${known})`;
  switch (a.attempt.outcome) {
    case 'signed-in':
      return `Signed in${gen}`;
    case 'failed':
      return `Login failed at the ${a.stopStep === null ? 'sign-in' : `${stepLabel(a.stopStep.name)} step`}${a.end.code === null ? '' : ` (${a.end.code})`}${gen}`;
    case 'challenge-failed':
      return `Challenge failed (540): the server refused the QRY answer${gen}`;
    case 'version-refused':
      return a.attempt.protocolVersion === null
        ? 'Version refused: no protocol version both sides accept (VER 0)'
        : `Version refused: the client left after the server chose MSNP${a.attempt.protocolVersion}`;
    case 'no-reply':
      if (a.stopStep === null && !a.end.reason.includes('before sending VER')) {
        return `Login stopped after the ${quietLabel(a)}: no next sign-in command in the log${gen}`;
      }
      return a.stopStep?.name === 'Passport'
        ? `Login stopped at the Passport step: no ticket USR was sent${gen}`
        : `Login stopped at the ${a.stopStep === null ? 'sign-in' : `${stepLabel(a.stopStep.name)} step`}: ${noReplyShort(a)}${gen}`;
    case 'signed-out':
      return `Signed out by the server: ${explainSignOut(a.end.reason).meaning}`;
    default:
      return assertNever(a.attempt.outcome, 'login outcome');
  }
}

/** `version step`: the last step the log shows done, when the attempt stopped with nothing left unanswered. */
function quietLabel(a: AttemptFacts): string {
  const { last } = quietStop(a.attempt.steps);
  return last === null ? 'start of the sign-in' : `${stepLabel(last)} step`;
}

function noReplyShort(a: AttemptFacts): string {
  if (a.end.reason.includes('before sending VER')) return 'the client closed the connection before VER';
  return a.attempt.logEndsAtCommand ? 'the log ends before any reply' : 'no reply';
}


/** `MSNP15, SSO`, `MSNP12`, `TWN`, or '' when the log shows neither the version nor the package. */
function versionText(a: AttemptFacts): string {
  const v = a.attempt.protocolVersion;
  const parts = [v === null ? null : `MSNP${v}`, a.attempt.generation === 'unknown' ? null : a.attempt.generation].filter((p): p is string => p !== null);
  return parts.join(', ');
}

function doneSteps(a: AttemptFacts): string {
  const done = a.attempt.steps.filter((s) => s.state === 'done' && s.note !== 'not shown in the log');
  const gap = gapText(a.attempt.steps);
  if (done.length === 0) {
    // A session whose challenges passed before one failed completed something: say what.
    const passed = a.attempt.steps.find((s) => s.state === 'failed' && s.note?.startsWith(ACCEPTED_EARLIER) === true);
    const earlier = passed?.note === undefined ? '' : ` before the ${passed.name} step, where ${passed.note}`;
    return `It completed no step shown in the log${earlier}.${gap}`;
  }
  const ds = done.filter((s) => s.phase === 'DS').map((s) => s.name);
  const ns = done.filter((s) => s.phase !== 'DS').map((s) => s.name);
  const parts = [
    ds.length > 0 ? `${ds.join(', ')} on the dispatch server` : '',
    ns.length > 0 ? `${ns.join(', ')}${ds.length > 0 ? ' on the notification server' : ''}` : '',
  ].filter((p) => p !== '');
  return `It completed ${parts.join(', then ')}.${gap}`;
}

/**
 * The steps the log does not show: "earlier" only when the story starts with them (the log starts later); steps
 * missing between shown ones are named, since the log skips lines there (an excerpt of two parts).
 */
function gapText(steps: readonly LoginStep[]): string {
  const hidden = steps.filter((s) => s.note === 'not shown in the log');
  if (hidden.length === 0) return '';
  if (steps[0]?.note === 'not shown in the log') return ' Earlier steps are not in the log (it starts later or skips lines).';
  const one = hidden.length === 1;
  return ` ${hidden.map((s) => s.name).join(', ')} ${one ? 'is' : 'are'} not in the log between the steps it shows (the client skipped ${one ? 'it' : 'them'}, or the log leaves ${one ? 'it' : 'them'} out).`;
}

function lineOf(index: EventIndex, ids: readonly EventId[]): string {
  const ev = ids[0] === undefined ? undefined : eventAt(index, ids[0]);
  return ev === undefined ? '' : ` (line ${ev.line})`;
}

/** Time from the stop to the line that ended the attempt, in words: ` 21 s later`. */
function spanAfterStop(index: EventIndex, a: AttemptFacts): string {
  const stepEvents = a.stopStep?.events ?? [];
  const fromId = stepEvents.at(-1) ?? a.attempt.steps.flatMap((s) => s.events).at(-1);
  const from = fromId === undefined ? undefined : eventAt(index, fromId);
  // With no end line, only "the log ends" has a time: the attempt's last line is then the log's last.
  if (a.end.event === null && a.end.reason !== LOG_ENDS) return '';
  const toEv: LogEvent | undefined = a.end.event === null ? a.lastEvent : eventAt(index, a.end.event);
  if (from?.time == null || toEv?.time == null || toEv.time < from.time) return '';
  return ` ${formatSpan(toEv.time - from.time)} later`;
}

function stopSentence(index: EventIndex, a: AttemptFacts): string {
  const step = a.stopStep;
  const outcome = a.attempt.outcome;
  switch (outcome) {
    case 'signed-in':
      return signedInSentence(index, a);
    case 'failed':
    case 'challenge-failed':
      return failedSentence(index, a, step);
    case 'version-refused':
      return a.end.reason === 'VER 0'
        ? `The server answered VER 0${lineOf(index, step?.events ?? [])}: it shares no protocol version with what the client offered, and closes the connection.`
        : `The server chose ${a.attempt.protocolVersion === null ? 'a version' : `MSNP${a.attempt.protocolVersion}`}${lineOf(index, step?.events ?? [])}, and the client closed the connection right away: it does not accept the version the server picked.`;
    case 'no-reply':
      return noReplySentence(index, a, step);
    case 'signed-out':
      return `Then ${explainSignOut(a.end.reason).meaning}${a.end.event === null ? '' : lineOf(index, [a.end.event])}.${errorBeforeOut(index, a)}`;
    default:
      return assertNever(outcome, 'login outcome');
  }
}

/** ` It came right after the server answered 241 to ADL (line 24).` when an error preceded the server's OUT. */
function errorBeforeOut(index: EventIndex, a: AttemptFacts): string {
  const out = a.end.event === null ? undefined : eventAt(index, a.end.event);
  if (out === undefined) return '';
  for (let i = out.id - 1; i >= 0; i--) {
    const ev = eventAt(index, i);
    if (ev === undefined || ev.connection !== out.connection) continue;
    const code = ev.direction === 'server' ? errorCodeOf(ev) : null;
    if (code === null) return '';
    const cmd = ev.replyTo === null ? undefined : eventAt(index, ev.replyTo);
    return ` It came right after the server answered ${code}${cmd === undefined ? '' : ` to ${cmd.command}`} (line ${ev.line}).`;
  }
  return '';
}

function failedSentence(index: EventIndex, a: AttemptFacts, step: LoginStep | null): string {
  const code = a.end.code ?? 0;
  const errEv = a.end.event === null ? undefined : eventAt(index, a.end.event);
  const name = step?.name ?? '';
  const meaning = explainLoginCode(code, name, errEv === undefined ? null : errorNameOf(errEv), a.attempt.generation, a.attempt.protocolVersion).meaning;
  return `It failed at the ${stepLabel(name)} step, where ${stepPurpose(name)}: the server answered ${code}${errEv === undefined ? '' : ` (line ${errEv.line})`}, meaning ${meaning}${closeClause(index, code, errEv)}.${laterRefusals(index, a, step)}`;
}

/**
 * After a code the server always hangs up on (540, 731): `, and the server closes the connection`, unless the log
 * shows a later server line on that connection (an NLN after a 540): then it kept the connection open, and says
 * which line shows it. Other codes say nothing of a close.
 */
function closeClause(index: EventIndex, code: number, errEv: LogEvent | undefined): string {
  if (describeError(code).closesConnection !== 'always') return '';
  const next = errEv === undefined ? -1 : nextServerOnConnectionId(index, errEv.id);
  if (next < 0) return ', and the server closes the connection';
  return `. The server usually closes the connection after ${code}, but here it kept the connection open: line ${index.store.lineOf(next)} (${index.store.commandOf(next)}) comes from it on this connection`;
}

/**
 * ` The client tried again 2 times and was refused each time: 921 (line 10), 910 (line 12).` when the same step
 * failed again later in the attempt: the first refusal is explained, the retries' codes (which may differ) are named.
 */
function laterRefusals(index: EventIndex, a: AttemptFacts, step: LoginStep | null): string {
  if (step === null) return '';
  const refusals: string[] = [];
  for (const s of a.attempt.steps) {
    if (s === step || s.name !== step.name || s.state !== 'failed') continue;
    for (const id of s.events) {
      const ev = eventAt(index, id);
      const code = ev === undefined || ev.direction !== 'server' ? null : errorCodeOf(ev);
      if (ev !== undefined && code !== null) refusals.push(`${code} (line ${ev.line})`);
    }
  }
  if (refusals.length === 0) return '';
  const each = refusals.length === 1 ? 'was refused again' : 'was refused each time';
  return ` The client tried again ${plural(refusals.length, 'time')} and ${each}: ${refusals.join(', ')}.`;
}

/** ` The client's own log says why (line 48): "… timed out".` from the debug lines after the stop. */
function logSaysWhy(index: EventIndex, a: AttemptFacts): string {
  const stepEvents = a.stopStep?.events ?? [];
  const fromId = stepEvents.at(-1) ?? a.attempt.steps.flatMap((s) => s.events).at(-1);
  const from = fromId === undefined ? a.firstEvent.line : (eventAt(index, fromId)?.line ?? a.firstEvent.line);
  const endEv = a.end.event === null ? undefined : eventAt(index, a.end.event);
  // Up to the end of the attempt's own log: the next log of the file is another session, and its client's words
  // (another user's timeout) say nothing about this one.
  const to = endEv === undefined || a.end.reason === LOG_ENDS ? nextSessionLine(index, a.firstEvent.id) : endEv.line + 1;
  const l = failureLineBetween(index, from, to);
  if (l === null) return '';
  const text = l.text.length > 120 ? `${l.text.slice(0, 120)}…` : l.text;
  return ` The client's own log says why (line ${l.line}): "${text.trim()}".`;
}

function noReplySentence(index: EventIndex, a: AttemptFacts, step: LoginStep | null): string {
  if (step === null && !a.end.reason.includes('before sending VER')) return quietSentence(index, a);
  const name = step?.name ?? 'VER';
  const later = spanAfterStop(index, a);
  const why = logSaysWhy(index, a);
  if (name === 'Passport') {
    const look = why === '' ? " The Passport request itself failed or hung (look at the client's HTTPS lines around this time)." : why;
    return `It stopped at the Passport step, where ${stepPurpose(name)}: the policy arrived but no ticket USR was ever sent; ${a.end.reason}${later}.${look}`;
  }
  if (a.end.reason.includes('before sending VER')) {
    return `The client opened a connection and closed it again with OUT${lineOf(index, step?.events ?? [])} without sending VER: no protocol exchange happened at all.`;
  }
  const sent = step === null ? '' : `${rawOf(index, step.events)}${lineOf(index, step.events)} `;
  return `It stopped at the ${stepLabel(name)} step, where ${stepPurpose(name)}: ${sent}got no reply; ${a.end.reason}${later}.${why}`;
}

/**
 * Every sign-in command the log shows was answered, and no next one follows: the stop is after the last answered
 * step. Not a missing reply: the client sent nothing more, or the log (an excerpt) does not show it.
 */
function quietSentence(index: EventIndex, a: AttemptFacts): string {
  const { last, next } = quietStop(a.attempt.steps);
  const step = last === null ? undefined : a.attempt.steps.find((s) => s.name === last && s.events.length > 0);
  const reply = step === undefined || step.events.length < 2 ? '' : `${rawOf(index, step.events.slice(-1))}${lineOf(index, step.events.slice(-1))}`;
  const answered = reply === '' ? 'The server answered every sign-in command the log shows' : `The server answered ${reply}`;
  const nextText = next === null ? '' : ` (next would be the ${stepLabel(next)} step)`;
  return `${answered}, and no further sign-in command from the client follows${nextText}; ${a.end.reason}${spanAfterStop(index, a)}.${logSaysWhy(index, a)}`;
}

function rawOf(index: EventIndex, ids: readonly EventId[]): string {
  const ev = ids[0] === undefined ? undefined : eventAt(index, ids[0]);
  if (ev === undefined) return '';
  const raw = ev.raw.length > 40 ? `${ev.raw.slice(0, 40)}…` : ev.raw;
  return `\`${raw}\``;
}

function signedInSentence(index: EventIndex, a: AttemptFacts): string {
  const ok = a.attempt.steps.find((s) => s.name === 'USR OK');
  const okEv = ok?.events[0] === undefined ? undefined : eventAt(index, ok.events[0]);
  const when = okEv?.time == null ? '' : ` at ${formatTime(okEv.time)}`;
  const missing = a.attempt.steps.filter((s) => s.state === 'not-reached').map((s) => stepLabel(s.name));
  const rest = missing.length === 0 ? '' : ` The log does not show the ${missing.join(', ')} step${missing.length === 1 ? '' : 's'}.`;
  const stopped = a.attempt.steps.find((s) => s.state === 'stopped');
  const hang = stopped === undefined ? '' : ` ${stopped.name}: ${stopped.note ?? 'never answered'}.`;
  return `The server confirmed the sign-in${when}${okEv === undefined ? '' : ` (line ${okEv.line})`}.${rest}${hang}`;
}

function adviceOf(index: EventIndex, a: AttemptFacts): string {
  switch (a.attempt.outcome) {
    case 'signed-in':
      return 'Nothing to fix in the sign-in itself.';
    case 'failed':
    case 'challenge-failed': {
      const errEv = a.end.event === null ? undefined : eventAt(index, a.end.event);
      return explainLoginCode(a.end.code ?? 0, a.stopStep?.name ?? '', errEv === undefined ? null : errorNameOf(errEv), a.attempt.generation, a.attempt.protocolVersion).check;
    }
    case 'version-refused':
      return 'Offer a protocol version the server still speaks (list several in VER, newest first), or update the client.';
    case 'no-reply':
      return noReplyAdvice(a);
    case 'signed-out':
      return explainSignOut(a.end.reason).check;
    default:
      return assertNever(a.attempt.outcome, 'login outcome');
  }
}

function noReplyAdvice(a: AttemptFacts): string {
  if (a.stopStep?.name === 'Passport') {
    return 'Check that the client can reach the Passport / Windows Live ID server over HTTPS (port 443: firewall, proxy, SSL libraries, system clock).';
  }
  if (a.end.reason.includes('before sending VER')) {
    return 'Check the proxy or firewall: the connection opened but never carried protocol traffic; try a direct connection.';
  }
  if (a.stopStep === null) {
    const { next } = quietStop(a.attempt.steps);
    const what = next === null ? 'its next sign-in command' : `the ${stepLabel(next)} step`;
    return `Nothing here shows the server failing: it answered. If the log is an excerpt, look for the rest of the sign-in in the full log; otherwise find out why the client did not go on with ${what} (its own log lines around this time).`;
  }
  if (a.attempt.logEndsAtCommand) {
    return 'The log ends with this command, so it cannot show whether the server answered: take the log further (the whole debug log, or a longer capture). If the session really ended here, the connection dropped right after the command.';
  }
  return 'The server never answered: check the network path (proxy, firewall) and whether the connection dropped; retry.';
}

/** The finding for one attempt; `group` > 1 when it stands for several attempts of a retry loop. */
export function loginFinding(index: EventIndex, a: AttemptFacts, n: number, same: readonly AttemptFacts[], account: string | null = null): Finding {
  const kind = kindOf(a);
  const start = a.attempt.startTime === null ? '' : ` at ${formatTime(a.attempt.startTime)}`;
  const repeat = same.length > 1 ? ` ${plural(same.length, 'attempt')} ended this way; this is the first.` : '';
  // Joined into one flat string: a template literal leaves a tree of small strings, kept by the result.
  const version = versionText(a);
  const narrative = ['Login attempt', version === '' ? '' : ` (${version})`, start, '. ', doneSteps(a), ' ', stopSentence(index, a), repeat].join('');
  return {
    id: [kind, '-', n].join(''),
    kind,
    severity: severityOf(kind),
    group: 'login',
    // Joined too: as a template literal the title was a tree of five or six small strings (190 bytes in Node for a
    // 43-character title), kept for each of a server log's tens of thousands of sign-ins.
    title: [account === null ? '' : account, account === null ? '' : ': ', titleOf(a), same.length > 1 ? ' ×' : '', same.length > 1 ? same.length : ''].join(''),
    ...(account === null ? {} : { subject: account }),
    narrative,
    advice: adviceOf(index, a),
    // One attempt's evidence is sorted and unique already: a sized copy, not a merge.
    evidence: same.length === 1 ? a.evidence.slice() : evidenceOf(same.flatMap((s) => s.evidence)),
    detail: { kind: 'login', attempt: a.attempt },
  };
}

/**
 * Runs of at least three attempts in a row that never signed in. `session`: the log of the file an attempt is in
 * (a file may hold two logs); a run never spans two.
 */
export function findRetryLoops(
  attempts: readonly AttemptFacts[], accounts: readonly (string | null)[] | null = null, session: (a: AttemptFacts) => number = () => 0,
): AttemptFacts[][] {
  if (accounts === null) return loopsIn(attempts, session);
  // One account's attempts at a time (in log order), then the loops in the order they started.
  const byAccount = new Map<string | null, AttemptFacts[]>();
  attempts.forEach((a, k) => {
    const key = accounts[k] ?? null;
    const list = byAccount.get(key);
    if (list === undefined) byAccount.set(key, [a]);
    else list.push(a);
  });
  const loops = [...byAccount.values()].flatMap((list) => loopsIn(list, session));
  return loops.sort((x, y) => (x[0]?.firstEvent.id ?? 0) - (y[0]?.firstEvent.id ?? 0));
}

/** Runs of LOOP_MIN or more attempts in a row that did not sign in, each within one session. */
function loopsIn(attempts: readonly AttemptFacts[], session: (a: AttemptFacts) => number): AttemptFacts[][] {
  const loops: AttemptFacts[][] = [];
  let run: AttemptFacts[] = [];
  let runSession = -1;
  for (const a of [...attempts, null]) {
    const s = a === null ? -1 : session(a);
    if (a !== null && a.attempt.outcome !== 'signed-in' && (run.length === 0 || s === runSession)) {
      run.push(a);
      runSession = s;
      continue;
    }
    if (run.length >= LOOP_MIN) loops.push(run);
    // An attempt that did not sign in, in the next session, starts the next run.
    run = a !== null && a.attempt.outcome !== 'signed-in' ? [a] : [];
    runSession = s;
  }
  return loops;
}

function medianGapMs(run: readonly AttemptFacts[]): number | null {
  const times = run.map((a) => a.attempt.startTime).filter((t): t is number => t !== null);
  if (times.length < 2) return null;
  const gaps = times.slice(1).map((t, i) => t - (times[i] ?? t));
  gaps.sort((x, y) => x - y);
  return gaps[Math.floor(gaps.length / 2)] ?? null;
}

/** `31 attempts, every ~15 s, all stopped at the Passport step` */
export function retryLoopFinding(run: readonly AttemptFacts[], n: number, account: string | null = null): Finding {
  const counts = new Map<string, number>();
  for (const a of run) counts.set(stopSummary(a), (counts.get(stopSummary(a)) ?? 0) + 1);
  const gap = medianGapMs(run);
  const every = gap === null ? '' : `, every ~${formatSpan(gap)}`;
  const endings = [...counts];
  const how =
    endings.length === 1
      ? `all ${endings[0]?.[0] ?? ''}`
      : endings.map(([text, c]) => `${c} ${text}`).join('; ');
  const first = run[0]?.attempt.startTime ?? null;
  const last = run.at(-1)?.lastEvent.time ?? null;
  const span = first !== null && last !== null ? ` from ${formatTime(first)} to ${formatTime(last)}` : '';
  const deepest = [...run].sort((x, y) => doneCount(y) - doneCount(x))[0] ?? run[0];
  return {
    id: `login-retry-loop-${n}`,
    kind: 'login-retry-loop',
    severity: 'error',
    group: 'login',
    title: `${account === null ? '' : `${account}: `}${run.length} login attempts${every}, none signed in`,
    ...(account === null ? {} : { subject: account }),
    narrative: `The client tried to sign in ${run.length} times in a row${span}${every}: ${how}. No attempt reached USR OK.`,
    advice: 'Retrying does not help while the cause stays: fix what stops the furthest attempt (see the attempt findings below).',
    evidence: evidenceOf(run.flatMap((a) => a.evidence)),
    detail: deepest === undefined ? { kind: 'none' } : { kind: 'login', attempt: deepest.attempt },
  };
}

function doneCount(a: AttemptFacts): number {
  return a.attempt.steps.filter((s) => s.state === 'done').length;
}

/** The account of each attempt (null: its `USR … I` is not in the log). */
export function attemptAccounts(index: EventIndex, attempts: readonly AttemptFacts[]): (string | null)[] {
  return attempts.map((a) => accountOf(index.store, a.attempt));
}

/** All login findings: retry loops first, then attempts (one per kind of ending within a loop). */
export function loginFindings(index: EventIndex, attempts: readonly AttemptFacts[], accounts = attemptAccounts(index, attempts)): Finding[] {
  // Several accounts (a server's log, a client signed in to two): a retry loop is one account's, and every
  // title says whose attempt it is.
  const several = severalAccounts(accounts);
  const loops = findRetryLoops(attempts, several ? accounts : null, (a) => sessionOf(index, a.firstEvent.id));
  const loopOf = new Map<AttemptFacts, number>();
  loops.forEach((run, i) => run.forEach((a) => loopOf.set(a, i)));
  const whose = (k: number): string | null => (several ? (accounts[k] ?? null) : null);
  const out: Finding[] = loops.map((run, i) => retryLoopFinding(run, i + 1, whose(attempts.indexOf(run[0] as AttemptFacts))));
  const shown = new Set<string>();
  let n = 0;
  for (let k = 0; k < attempts.length; k++) {
    const a = attempts[k] as AttemptFacts;
    const loop = loopOf.get(a);
    const run = loop === undefined ? undefined : loops[loop];
    if (loop === undefined || run === undefined) {
      out.push(loginFinding(index, a, ++n, [a], whose(k)));
      continue;
    }
    const key = `${loop}|${stopSummary(a)}`;
    if (shown.has(key)) continue;
    shown.add(key);
    out.push(loginFinding(index, a, ++n, run.filter((r) => stopSummary(r) === stopSummary(a)), whose(k)));
  }
  return out;
}
