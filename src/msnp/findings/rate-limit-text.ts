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
import { formatSpan, normalizeHandle, ordinal, pushTime } from './event-index';

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

/** `9 switchboard requests (XFR SB)`, `1 status change (CHG)`, pushed onto `out`. */
function pushCountedNoun(out: Parts, rule: ThrottleRule, n: number): void {
  const s = n === 1 ? '' : 's';
  switch (rule.kind) {
    case 'rea-self':
      out.push(n, ' rename', s, ' of your own display name (REA)');
      return;
    case 'rea-other':
      out.push(n, ' rename', s, ' of a contact (REA)');
      return;
    case 'chg':
      out.push(n, ' status change', s, ' (CHG)');
      return;
    case 'xfr-sb':
      out.push(n, ' switchboard request', s, ' (XFR SB)');
      return;
    case 'cal':
      out.push(n, ' call', s, ' into the switchboard (CAL)');
      return;
    case 'other':
      out.push(n, ' ', rule.label, ' command', s);
      return;
    default:
      assertNever(rule.kind, 'throttle kind');
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

/**
 * The title, joined from its pieces into one flat string: a template literal leaves a tree of a dozen small
 * strings (~250 bytes for an 80-char title), and ten thousand titles outlive the parse in the result.
 */
function titleOf(f: BurstFacts, handles: readonly string[]): string {
  const { burst, rule } = f;
  const code = burst.code;
  if (!hasRefusedAttempt(f)) return ['Rate limit (', code, ') for ', rule.label].join('');
  const at = burst.timed && burst.window !== null ? ` within ${burst.window.seconds} s` : '';
  const nth = ordinal(f.leading + 1);
  switch (rule.kind) {
    case 'xfr-sb':
      return ['Switchboard requests throttled (', code, '): the ', nth, ' XFR SB', at, ' was refused'].join('');
    case 'rea-self':
      return ['Renaming yourself throttled (', code, '): the ', nth, ' REA', at, ' was refused'].join('');
    case 'chg':
      return ['Status changes throttled (', code, '): the ', nth, ' CHG', at, ' was refused'].join('');
    case 'cal':
      return ['Calls throttled (', code, '): the ', nth, ' CAL to ', principalList(handles), ' was refused'].join('');
    case 'rea-other':
    case 'other':
      return [rule.label, ' throttled (', code, '): the ', nth, ' attempt', at, ' was refused'].join('');
    default:
      return assertNever(rule.kind, 'throttle kind');
  }
}

function principalList(handles: readonly string[]): string {
  const names = [...new Set(handles)];
  return names.length <= 2 ? names.join(' and ') : `${names.length} principals`;
}

/** The seed-backed source sentences, built once: every burst of a kind shares the string. */
const SOURCE_XFR_SB = `The server allows up to 8 switchboard requests in any ${WINDOW_SECONDS}-second window, and refused requests count towards it (seed).`;
const SOURCE_REA_SELF = `The seed's example shows 4 quick renames accepted and the 5th refused; it gives no time window, so the ${WINDOW_SECONDS} s used here is inferred.`;
const SOURCE_CHG = `The seed's example shows 4 quick status changes accepted and the 5th refused; it gives no time window, so the ${WINDOW_SECONDS} s used here is inferred.`;
const SOURCE_CAL = `The seed's example shows 5 CALs answered 216/217 and the 6th answered 713; it gives no time window, so the ${WINDOW_SECONDS} s used here is inferred.`;

/** Where the numbers come from, said plainly, pushed onto `out`. */
function pushSource(out: Parts, f: BurstFacts): void {
  const { rule } = f;
  switch (rule.kind) {
    case 'xfr-sb':
      out.push(SOURCE_XFR_SB);
      return;
    case 'rea-self':
      out.push(SOURCE_REA_SELF);
      return;
    case 'chg':
      out.push(SOURCE_CHG);
      return;
    case 'cal':
      out.push(SOURCE_CAL);
      return;
    case 'rea-other':
      out.push("Renaming other principals is not throttled in the seed's list, so this limit (", f.burst.window?.limit ?? 0, ' accepted) is inferred from this log.');
      return;
    case 'other':
      out.push('The seed gives no limit for ', rule.label, '; the limit of ', f.burst.window?.limit ?? 0, ' accepted attempts and the ', WINDOW_SECONDS, ' s window are inferred from this log.');
      return;
    default:
      assertNever(rule.kind, 'throttle kind');
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

function pushPushback(out: Parts, store: EventStore, f: BurstFacts): void {
  const b = f.burst;
  const refusedTime = store.timeOf(b.refusedAt);
  const leadingFirst = f.leading > 0 ? b.attempts[0] : undefined;
  const first = (leadingFirst === undefined ? null : store.timeOf(leadingFirst)) ?? refusedTime;
  if (!b.timed) out.push('The log has no times, so this counts by order alone. ');
  out.push('The client sent ');
  pushCountedNoun(out, f.rule, f.leading + 1);
  if (b.timed && first !== null && refusedTime !== null && f.leading > 0) {
    out.push(' between ');
    pushTime(out, first);
    out.push(' and ');
    pushTime(out, refusedTime);
  }
  if (b.allowed === 0) out.push(': the server refused the first');
  else out.push(': the server ', f.rule.kind === 'cal' ? 'answered' : 'accepted', ' ', b.allowed, ' and refused the ', ordinal(f.leading + 1));
  if (b.timed && refusedTime !== null) {
    out.push(' at ');
    pushTime(out, refusedTime);
  }
  out.push(' with ', b.code, '.');
}

function retrySentence(f: BurstFacts): string {
  const n = retryCount(f);
  if (n === 0) return ' No further attempt was sent while throttled.';
  const refused = f.retriesRefused;
  const how = refused === n ? (n === 1 ? 'and refused' : 'all refused') : `${refused} refused, ${n - refused} unanswered`;
  return ` ${n} more ${f.rule.label} ${n === 1 ? 'was' : 'were'} sent while throttled, ${how}.`;
}

function pushFree(out: Parts, f: BurstFacts): void {
  const b = f.burst;
  if (b.freeAt === null) {
    if (!b.timed) out.push(' Without times the analyzer cannot say when the window freed.');
    return;
  }
  out.push(' Counting every attempt, one sent at ');
  pushTime(out, b.freeAt);
  out.push(f.burst.allowed < (f.rule.seedLimit ?? 0) ? ' or later at the latest would have been accepted.' : ' or later would have been accepted.');
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
function pushPrincipals(out: Parts, f: BurstFacts, handles: readonly string[], t: AnswerTally | null): void {
  if (t === null) return;
  for (let h = 0; h < t.handles.length; h++) {
    out.push(h === 0 ? ' ' : '; ', t.handles[h] ?? '', ' answered ');
    let first = true;
    for (let e = 0; e < t.owner.length; e++) {
      if (t.owner[e] !== h) continue;
      const n = t.count[e] ?? 0;
      if (!first) out.push(', ');
      first = false;
      if (n === 1) out.push(t.text[e] ?? '', ' once');
      else out.push(t.text[e] ?? '', ' ', n, ' times');
    }
  }
  if (t.handles.length > 0) out.push(', and');
  out.push(' the ', ordinal(f.leading + 1), ' CAL (to ', calledTarget(f, handles), ') was refused as calling too rapidly; failed calls count, so retrying makes it worse.');
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

/**
 * Advice texts already built, by rule key and wait: a log's bursts share a few hundred of them, and each burst
 * holding its own copy kept megabytes in the result. Cleared when it grows past a bound (odd logs).
 */
const ADVICE = new Map<string, string>();
const ADVICE_LIMIT = 4096;

function adviceOf(store: EventStore, f: BurstFacts): string {
  const wait = waitSeconds(store, f);
  const key = `${f.rule.key}|${wait ?? ''}`;
  let advice = ADVICE.get(key);
  if (advice === undefined) {
    if (ADVICE.size >= ADVICE_LIMIT) ADVICE.clear();
    advice = buildAdvice(f, wait);
    ADVICE.set(key, advice);
  }
  return advice;
}

/** The advice for a burst of `f`'s rule and a wait (null: unknown) of `wait` seconds. */
function buildAdvice(f: BurstFacts, wait: number | null): string {
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

/** The pieces of a narrative: strings (mostly shared constants) and numbers, joined once into a flat string. */
type Parts = (string | number)[];

/**
 * The narrative of a burst with its refused attempt. Each sentence pushes its pieces onto one list joined once:
 * sentences built as template literals and joined made three strings per piece, for ten thousand bursts.
 */
function narrativeOf(store: EventStore, f: BurstFacts, handles: readonly string[], tally: AnswerTally | null): string {
  const out: Parts = [];
  pushPushback(out, store, f);
  out.push(' ');
  pushSource(out, f);
  out.push(comparisonSentence(f));
  pushPrincipals(out, f, handles, tally);
  out.push(retrySentence(f));
  pushFree(out, f);
  return out.join('');
}

/** The finding for one burst. */
export function rateLimitFinding(index: EventIndex, f: BurstFacts, n: number): Finding {
  const { store } = index;
  const handles = calledHandles(index, f);
  const refused = hasRefusedAttempt(f);
  const tally = refused && f.rule.kind === 'cal' ? tallyAnswers(store, f, handles) : null;
  const narrative = !refused ? orphanNarrative(store, f) : narrativeOf(store, f, handles, tally);
  return {
    id: ['rate-limit-', n].join(''), // one flat string (see titleOf)
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
