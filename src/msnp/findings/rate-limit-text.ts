/**
 * Words for a rate-limit burst: title, narrative and advice that match the throttled command. Kept apart from
 * the burst rebuilding so the counting logic stays small and testable.
 */
import { assertNever } from '../assert';
import type { EventStore } from '../event-store';
import type { Finding } from '../types';
import { errorCodeAt } from './column-reads';
import type { EventIndex } from './event-index';
import type { BurstFacts, ThrottleRule } from './rate-limit';
import { hasRefusedAttempt, retryCount, WINDOW_SECONDS } from './rate-limit';
import { formatSpan, formatTime, normalizeHandle, ordinal } from './event-index';

/** What a CAL answer (event id, −1: none) means, in a few words (only the answers a CAL gets). */
function callAnswerText(store: EventStore, reply: number): string {
  if (reply < 0) return 'no answer';
  const code = errorCodeAt(store, reply);
  switch (code) {
    case null:
      return store.paramIs(reply, 0, 'RINGING') ? 'RINGING (the call went through)' : store.commandOf(reply);
    case 208:
      return '208 (not a valid address)';
    case 215:
      return '215 (already in this chat or already being called)';
    case 216:
      return '216 (blocking you)';
    case 217:
      return '217 (offline or not accepting messages)';
    case 713:
      return '713 (calling too rapidly)';
    default:
      return String(code);
  }
}

/** `9 switchboard requests (XFR SB)`, `1 status change (CHG)`. */
function countedNoun(rule: ThrottleRule, n: number): string {
  const s = n === 1 ? '' : 's';
  switch (rule.kind) {
    case 'rea-self':
      return `${n} rename${s} of your own display name (REA)`;
    case 'rea-other':
      return `${n} rename${s} of a contact (REA)`;
    case 'chg':
      return `${n} status change${s} (CHG)`;
    case 'xfr-sb':
      return `${n} switchboard request${s} (XFR SB)`;
    case 'cal':
      return `${n} call${s} into the switchboard (CAL)`;
    case 'other':
      return `${n} ${rule.label} command${s}`;
    default:
      return assertNever(rule.kind, 'throttle kind');
  }
}

/**
 * The handle each attempt of a CAL burst called, normalised (`?` when it names none), in attempt order (leading,
 * refused, retries); empty for other commands. Read once: the title and the narrative both name them.
 */
function calledHandles(index: EventIndex, f: BurstFacts): string[] {
  if (f.rule.kind !== 'cal') return [];
  const { store, params } = index;
  const out: string[] = [];
  let prev = -1;
  let handle = '?';
  const attempts = f.burst.attempts;
  for (let k = 0; k < attempts.length; k++) {
    const event = attempts[k] ?? 0;
    // A burst mostly calls one principal again and again: equal bytes, the same handle, nothing decoded. A new
    // one is cut by the store (a short ASCII token is built char by char, cheaper than a decoder call).
    if (prev < 0 || !params.equals(event, 0, prev, 0)) handle = normalizeHandle(store.paramAt(event, 0) ?? '?');
    out.push(handle);
    prev = event;
  }
  return out;
}

function titleOf(f: BurstFacts, handles: readonly string[]): string {
  const { burst, rule } = f;
  const code = burst.code;
  if (!hasRefusedAttempt(f)) return `Rate limit (${code}) for ${rule.label}`;
  const at = burst.timed && burst.window !== null ? ` within ${burst.window.seconds} s` : '';
  const nth = ordinal(f.leading + 1);
  switch (rule.kind) {
    case 'xfr-sb':
      return `Switchboard requests throttled (${code}): the ${nth} XFR SB${at} was refused`;
    case 'rea-self':
      return `Renaming yourself throttled (${code}): the ${nth} REA${at} was refused`;
    case 'chg':
      return `Status changes throttled (${code}): the ${nth} CHG${at} was refused`;
    case 'cal':
      return `Calls throttled (${code}): the ${nth} CAL to ${principalList(handles)} was refused`;
    case 'rea-other':
    case 'other':
      return `${rule.label} throttled (${code}): the ${nth} attempt${at} was refused`;
    default:
      return assertNever(rule.kind, 'throttle kind');
  }
}

function principalList(handles: readonly string[]): string {
  const names = [...new Set(handles)];
  return names.length <= 2 ? names.join(' and ') : `${names.length} principals`;
}

/** Where the numbers come from, said plainly. */
function sourceSentence(f: BurstFacts): string {
  const { rule } = f;
  switch (rule.kind) {
    case 'xfr-sb':
      return `The server allows up to 8 switchboard requests in any ${WINDOW_SECONDS}-second window, and refused requests count towards it (seed).`;
    case 'rea-self':
      return `The seed's example shows 4 quick renames accepted and the 5th refused; it gives no time window, so the ${WINDOW_SECONDS} s used here is inferred.`;
    case 'chg':
      return `The seed's example shows 4 quick status changes accepted and the 5th refused; it gives no time window, so the ${WINDOW_SECONDS} s used here is inferred.`;
    case 'cal':
      return `The seed's example shows 5 CALs answered 216/217 and the 6th answered 713; it gives no time window, so the ${WINDOW_SECONDS} s used here is inferred.`;
    case 'rea-other':
      return `Renaming other principals is not throttled in the seed's list, so this limit (${f.burst.window?.limit ?? 0} accepted) is inferred from this log.`;
    case 'other':
      return `The seed gives no limit for ${rule.label}; the limit of ${f.burst.window?.limit ?? 0} accepted attempts and the ${WINDOW_SECONDS} s window are inferred from this log.`;
    default:
      return assertNever(rule.kind, 'throttle kind');
  }
}

function comparisonSentence(f: BurstFacts): string {
  const limit = f.rule.seedLimit;
  const allowed = f.burst.allowed;
  if (limit === null || allowed === limit) return '';
  if (allowed < limit) {
    const seen = allowed === 0 ? 'No earlier attempt is' : `Only ${allowed} earlier attempt${allowed === 1 ? ' is' : 's are'}`;
    return ` ${seen} visible before the refusal, so earlier ones (before the log starts, or sent by another client on this account) must have counted too.`;
  }
  return ` More than ${limit} were accepted here, so the server's window was shorter than these attempts' spread or the limit differs.`;
}

function pushbackSentence(store: EventStore, f: BurstFacts): string {
  if (!hasRefusedAttempt(f)) return '';
  const b = f.burst;
  const refusedTime = store.timeOf(b.refusedAt);
  const when = b.timed && refusedTime !== null ? ` at ${formatTime(refusedTime)}` : '';
  const leadingFirst = f.leading > 0 ? b.attempts[0] : undefined;
  const first = (leadingFirst === undefined ? null : store.timeOf(leadingFirst)) ?? refusedTime;
  const span =
    b.timed && first !== null && refusedTime !== null && f.leading > 0
      ? ` between ${formatTime(first)} and ${formatTime(refusedTime)}`
      : '';
  const order = b.timed ? '' : 'The log has no times, so this counts by order alone. ';
  const took = f.rule.kind === 'cal' ? 'answered' : 'accepted';
  const head = b.allowed === 0 ? 'the server refused the first' : `the server ${took} ${b.allowed} and refused the ${ordinal(f.leading + 1)}`;
  return `${order}The client sent ${countedNoun(f.rule, f.leading + 1)}${span}: ${head}${when} with ${b.code}.`;
}

function retrySentence(f: BurstFacts): string {
  const n = retryCount(f);
  if (n === 0) return ' No further attempt was sent while throttled.';
  const refused = f.retriesRefused;
  const how = refused === n ? (n === 1 ? 'and refused' : 'all refused') : `${refused} refused, ${n - refused} unanswered`;
  return ` ${n} more ${f.rule.label} ${n === 1 ? 'was' : 'were'} sent while throttled, ${how}.`;
}

function freeSentence(f: BurstFacts): string {
  const b = f.burst;
  if (b.freeAt === null) return b.timed ? '' : ' Without times the analyzer cannot say when the window freed.';
  const bound = f.burst.allowed < (f.rule.seedLimit ?? 0) ? ' at the latest' : '';
  return ` Counting every attempt, one sent at ${formatTime(b.freeAt)} or later${bound} would have been accepted.`;
}

/**
 * What the leading CALs got, grouped by principal (in order of first call) and, within one, by answer (in order
 * of first answer): parallel lists searched linearly. A burst names one or a few principals; a Map of Maps per
 * burst cost more than the words.
 */
interface AnswerTally {
  readonly handles: string[];
  /** Per entry: its principal (an index into `handles`), the answer's words and how many got it. */
  readonly owner: number[];
  readonly text: string[];
  readonly count: number[];
}

function tallyAnswers(store: EventStore, f: BurstFacts, handles: readonly string[]): AnswerTally {
  const t: AnswerTally = { handles: [], owner: [], text: [], count: [] };
  for (let k = 0; k < f.leading; k++) {
    const handle = handles[k] ?? '?';
    let h = t.handles.indexOf(handle);
    if (h < 0) h = t.handles.push(handle) - 1;
    const text = callAnswerText(store, f.replies[k] ?? -1);
    let e = 0;
    while (e < t.owner.length && (t.owner[e] !== h || t.text[e] !== text)) e++;
    if (e === t.owner.length) {
      t.owner.push(h);
      t.text.push(text);
      t.count.push(0);
    }
    t.count[e] = (t.count[e] ?? 0) + 1;
  }
  return t;
}

/** `blocking_you@passport.com answered 216 (blocking you) 5 times, and the 6th CAL was refused …` */
function principalSentence(f: BurstFacts, handles: readonly string[], t: AnswerTally | null): string {
  if (t === null) return '';
  let head = '';
  for (let h = 0; h < t.handles.length; h++) {
    let list = '';
    for (let e = 0; e < t.owner.length; e++) {
      if (t.owner[e] !== h) continue;
      const n = t.count[e] ?? 0;
      list += `${list === '' ? '' : ', '}${t.text[e] ?? ''} ${n === 1 ? 'once' : `${n} times`}`;
    }
    head += `${h === 0 ? ' ' : '; '}${t.handles[h] ?? ''} answered ${list}`;
  }
  return `${head === '' ? '' : `${head}, and`} the ${ordinal(f.leading + 1)} CAL (to ${calledTarget(f, handles)}) was refused as calling too rapidly; failed calls count, so retrying makes it worse.`;
}

/** The principal of the refused CAL. */
function calledTarget(f: BurstFacts, handles: readonly string[]): string {
  return hasRefusedAttempt(f) ? (handles[f.leading] ?? '?') : '?';
}

function waitSeconds(store: EventStore, f: BurstFacts): number | null {
  const lastAttempt = f.burst.attempts.at(-1);
  const last = lastAttempt === undefined ? null : store.timeOf(lastAttempt);
  if (f.burst.freeAt === null || last === null) return null;
  return Math.max(0, Math.ceil((f.burst.freeAt - last) / 1000));
}

function adviceOf(store: EventStore, f: BurstFacts): string {
  const wait = waitSeconds(store, f);
  const waitText =
    wait === null
      ? `Wait a full minute (${WINDOW_SECONDS} s) without sending ${f.rule.label} before trying again.`
      : `Wait ${wait} s after the last attempt${wait >= 60 ? ` (${formatSpan(wait * 1000)})` : ''} before trying again; every retry restarts the count.`;
  switch (f.rule.kind) {
    case 'xfr-sb':
      return `Reuse open switchboards instead of requesting a new one per message or contact. ${waitText}`;
    case 'rea-self':
      return `Pace renames: send a new display name only after the previous one is confirmed, and not in quick succession. ${waitText}`;
    case 'chg':
      return `Pace status changes: look for an auto-away or script toggling status, and send one CHG per real change. ${waitText}`;
    case 'cal':
      return `Do not retry CALs to a principal who is offline (217) or blocking you (216): every failed call counts. ${waitText}`;
    case 'rea-other':
    case 'other':
      return `Slow down ${f.rule.label}. ${waitText}`;
    default:
      return assertNever(f.rule.kind, 'throttle kind');
  }
}

function orphanNarrative(store: EventStore, f: BurstFacts): string {
  const reply = f.refusals[0];
  const code = f.burst.code;
  const meaning = code === 713 ? 'calling too rapidly' : 'changing too rapidly';
  const line = reply === undefined ? '' : ` (line ${store.lineOf(reply)})`;
  return `The server answered ${code} (${meaning})${line}, but the command it refused is not in the log, so the throttled command and the attempts before it cannot be counted.`;
}

/**
 * The narrative as `s.replace(/\s+/g, ' ').trim()` would leave it. The templates put single spaces between
 * words and start and end on a word, so only the pieces taken from the log (labels, handles, reply verbs) can
 * bring whitespace to collapse: when every one is tidy the text is returned as built (scanning ten thousand
 * narratives, a few MB of text, was the rule's largest cost).
 */
function collapsedNarrative(s: string, f: BurstFacts, tally: AnswerTally | null, target: string): string {
  // A CAL narrative names the leading calls' principals and answers (the tally) and the refused call's target.
  const tidy = isTidy(f.rule.label) && (tally === null || (allTidy(tally.handles) && allTidy(tally.text) && isTidy(target)));
  return tidy ? s : s.replace(/\s+/g, ' ').trim();
}

/** True when `s` can sit between two single spaces without anything to collapse: a non-empty word run, no edge space. */
export function isTidy(s: string): boolean {
  return s.length > 0 && !isJsWhitespace(s.charCodeAt(0)) && !isJsWhitespace(s.charCodeAt(s.length - 1)) && !mayCollapse(s);
}

function allTidy(list: readonly string[]): boolean {
  for (let k = 0; k < list.length; k++) if (!isTidy(list[k] ?? '')) return false;
  return true;
}

/**
 * `/\s\s|[^\S ]/.test(s)` (whitespace that `\s+` → ' ' would change: a run of two or more, or one that is not a
 * plain space) decided on char codes (the regex cost microseconds per narrative, and narratives hold
 * non-ASCII punctuation): a whitespace char that is not a plain space, or a space followed by whitespace.
 */
export function mayCollapse(s: string): boolean {
  for (let x = 0; x < s.length; x++) {
    const c = s.charCodeAt(x);
    if (c === 32) {
      if (isJsWhitespace(s.charCodeAt(x + 1))) return true;
    } else if (isJsWhitespace(c)) return true;
  }
  return false;
}

/**
 * What `\s` matches: ASCII tab…CR and space, NBSP, the ogham space, U+2000–U+200A, the line and paragraph
 * separators, U+202F, U+205F, U+3000 and the BOM.
 */
function isJsWhitespace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** The finding for one burst. */
export function rateLimitFinding(index: EventIndex, f: BurstFacts, n: number): Finding {
  const { store } = index;
  const handles = calledHandles(index, f);
  const refused = hasRefusedAttempt(f);
  const tally = refused && f.rule.kind === 'cal' ? tallyAnswers(store, f, handles) : null;
  const narrative = !refused
    ? orphanNarrative(store, f)
    : [pushbackSentence(store, f), ' ', sourceSentence(f), comparisonSentence(f), principalSentence(f, handles, tally), retrySentence(f), freeSentence(f)].join('');
  return {
    id: `rate-limit-${n}`,
    kind: 'rate-limit',
    severity: 'error',
    group: 'rate-limit',
    title: titleOf(f, handles),
    narrative: collapsedNarrative(narrative, f, tally, calledTarget(f, handles)),
    advice: !refused ? 'Slow down the command that preceded this reply and wait a minute before retrying.' : adviceOf(store, f),
    evidence: f.evidence,
    detail: { kind: 'rate-limit', burst: f.burst },
  };
}
