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
import { documentedCode } from './rate-limit-window';
import { formatSpan, normalizeHandle, ordinal, pushTime } from './event-index';
import { cached, cachedText, KEY_LIMIT, NO_HANDLES, textsOf } from './rate-limit-cache';
import { allTidy, isTidy } from './text-tidy';

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
function calledHandles(index: EventIndex, f: BurstFacts): readonly string[] {
  if (f.rule.kind !== 'cal') return NO_HANDLES;
  const { store, params } = index;
  const attempts = f.burst.attempts;
  const out = new Array<string>(attempts.length);
  let prev = -1;
  // The previous attempt's param as an ASCII byte range (−1: not known so).
  let pa = -1;
  let pb = -1;
  let handle = '?';
  for (let k = 0; k < attempts.length; k++) {
    const event = attempts[k] ?? 0;
    // A burst mostly calls one principal again and again: equal bytes, the same handle, nothing decoded. The
    // param is located once (scan) and its bytes compared with the previous one's; a new one is cut by the store.
    const ascii = params.scan(event, 1) >= 1 && !params.tokenHigh(0);
    const a = ascii ? params.tokenStart(0) : -1;
    const b = ascii ? params.tokenEnd(0) : -1;
    let same = false;
    if (prev >= 0) same = a >= 0 && pa >= 0 ? params.asciiRangesEqual(a, b, pa, pb) === 1 : params.equals(event, 0, prev, 0);
    if (!same) handle = normalizeHandle(store.paramAt(event, 0) ?? '?');
    out[k] = handle;
    prev = event;
    pa = a;
    pb = b;
  }
  return out;
}

/**
 * The title, joined from its pieces into one flat string: a template literal leaves a tree of a dozen small
 * strings (~250 bytes for an 80-char title), and ten thousand titles outlive the parse in the result.
 */
function titleOf(f: BurstFacts, handles: readonly string[]): string {
  const { burst, rule } = f;
  if (!hasRefusedAttempt(f)) return ['Rate limit (', burst.code, ') for ', rule.label].join('');
  if (rule.kind === 'cal') return buildTitle(f, handles);
  // Every other title is a function of the rule, the code, the refused attempt's rank and whether it is timed.
  const key = f.leading < KEY_LIMIT ? f.leading * 4 + (burst.code === 713 ? 2 : 0) + (burst.timed && burst.window !== null ? 1 : 0) : -1;
  return cachedText(textsOf(rule).title, key, f, handles, buildTitle);
}

function buildTitle(f: BurstFacts, handles: readonly string[]): string {
  const { burst, rule } = f;
  const code = burst.code;
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
      // With several principals, "the 2nd CAL to A and B" read as one call to both: the list goes after.
      return new Set(handles).size > 1
        ? ['Calls throttled (', code, '): the ', nth, ' CAL was refused (calls to ', principalList(handles), ')'].join('')
        : ['Calls throttled (', code, '): the ', nth, ' CAL to ', principalList(handles), ' was refused'].join('');
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
const SOURCE_XFR_SB = `The server allows up to 8 switchboard requests in any ${WINDOW_SECONDS}-second window, and refused requests count towards it (the MSNP error list, code 800).`;
const SOURCE_REA_SELF = `The MSNP error list's example shows 4 quick renames accepted and the 5th refused; it gives no time window, so the ${WINDOW_SECONDS} s used here is inferred.`;
const SOURCE_CHG = `The MSNP error list's example shows 4 quick status changes accepted and the 5th refused; it gives no time window, so the ${WINDOW_SECONDS} s used here is inferred.`;
const SOURCE_CAL = `The MSNP error list's example shows 5 CALs to a contact who blocks you answered 216 and the 6th answered 713; it gives no time window, so the ${WINDOW_SECONDS} s used here is inferred.`;

/** True when the refusal's code is not the one the error list documents for the command (713 to XFR, 800 to CAL). */
function undocumentedCode(f: BurstFacts): boolean {
  const documented = documentedCode(f.rule);
  return documented !== null && documented !== f.burst.code;
}

/** Where the numbers come from, said plainly. */
function sourceSentence(f: BurstFacts): string {
  const { rule } = f;
  // Another code than the documented one: the list's numbers are for that code, so none of them applies here.
  if (undocumentedCode(f)) {
    return `The MSNP error list documents ${documentedCode(rule) ?? ''} for ${rule.label}, not ${f.burst.code}, so its numbers do not apply; the ${WINDOW_SECONDS} s window is inferred.`;
  }
  const limit = f.burst.window?.limit ?? 0;
  switch (rule.kind) {
    case 'xfr-sb':
      return SOURCE_XFR_SB;
    case 'rea-self':
      return SOURCE_REA_SELF;
    case 'chg':
      return SOURCE_CHG;
    case 'cal':
      return SOURCE_CAL;
    case 'rea-other':
      return limit === 0
        ? 'Renaming other principals is not throttled in the MSNP error list, and the log shows no accepted rename before the refusal, so the limit is unknown.'
        : `Renaming other principals is not throttled in the MSNP error list, so this limit (${limit} accepted) is inferred from this log.`;
    case 'other':
      // No accepted attempt in the log says nothing about the limit: the ones that used it up are not shown.
      return limit === 0
        ? `The MSNP error list gives no limit for ${rule.label}, and the log shows no accepted attempt before the refusal, so the limit is unknown; the ${WINDOW_SECONDS} s window is inferred.`
        : `The MSNP error list gives no limit for ${rule.label}; the limit of ${limit} accepted attempts and the ${WINDOW_SECONDS} s window are inferred from this log.`;
    default:
      return assertNever(rule.kind, 'throttle kind');
  }
}

function comparisonSentence(f: BurstFacts): string {
  const limit = undocumentedCode(f) ? null : f.rule.seedLimit;
  const allowed = f.burst.allowed;
  if (limit === null || allowed === limit) return '';
  if (allowed < limit) {
    const seen = allowed === 0 ? 'No earlier attempt is' : `Only ${allowed} earlier attempt${allowed === 1 ? ' is' : 's are'}`;
    return ` ${seen} visible before the refusal, so earlier ones (before the log starts, or sent by another client on this account) must have counted too.`;
  }
  return ` More than ${limit} were accepted here, so the server's window was shorter than these attempts' spread or the limit differs.`;
}

/**
 * The first sentences: what was sent (and between which times), what the server did (and when), with which code,
 * where the numbers come from and how they compare. Apart from the times each piece is a function of the rule
 * and a few counts, so it is built once per log and shared (ten thousand bursts repeat a few hundred of them).
 */
function pushPushback(out: Parts, store: EventStore, f: BurstFacts): void {
  const b = f.burst;
  const texts = textsOf(f.rule);
  const refusedTime = store.timeOf(b.refusedAt);
  const leadingFirst = f.leading > 0 ? b.attempts[0] : undefined;
  const first = (leadingFirst === undefined ? null : store.timeOf(leadingFirst)) ?? refusedTime;
  out.push(cachedText(texts.head, f.leading < KEY_LIMIT ? f.leading * 2 + (b.timed ? 1 : 0) : -1, f, NO_HANDLES, buildHead));
  if (b.timed && first !== null && refusedTime !== null && f.leading > 0) {
    out.push(' between ');
    pushTime(out, first);
    out.push(' and ');
    pushTime(out, refusedTime);
  }
  const verdictKey = b.allowed === 0 ? 0 : b.allowed < KEY_LIMIT && f.leading < KEY_LIMIT ? 1 + b.allowed * KEY_LIMIT + f.leading : -1;
  out.push(cachedText(texts.verdict, verdictKey, f, NO_HANDLES, buildVerdict));
  if (b.timed && refusedTime !== null) {
    out.push(' at ');
    pushTime(out, refusedTime);
  }
  out.push(cachedText(texts.tail, b.allowed < KEY_LIMIT ? b.allowed * 2 + (b.code === 713 ? 1 : 0) : -1, f, NO_HANDLES, buildTail));
}

/** `The client sent 5 status changes (CHG)`, after a note when the log has no times. */
function buildHead(f: BurstFacts): string {
  const noTimes = f.burst.timed ? '' : 'The log has no times, so this counts by order alone. ';
  return `${noTimes}The client sent ${countedNoun(f.rule, f.leading + 1)}`;
}

/** `: the server accepted 4 and refused the 5th`. */
function buildVerdict(f: BurstFacts): string {
  const b = f.burst;
  if (b.allowed === 0) return ': the server refused the first';
  return `: the server ${f.rule.kind === 'cal' ? 'answered' : 'accepted'} ${b.allowed} and refused the ${ordinal(f.leading + 1)}`;
}

/** ` with 800. ` and the source and comparison sentences. */
function buildTail(f: BurstFacts): string {
  return [' with ', f.burst.code, '. ', sourceSentence(f), comparisonSentence(f)].join('');
}

function retrySentence(f: BurstFacts): string {
  const n = retryCount(f);
  if (n === 0) return ' No further attempt was sent while throttled.';
  const refused = f.retriesRefused;
  const how = refused === n ? (n === 1 ? 'and refused' : 'all refused') : refused === 0 ? (n === 1 ? 'and got no reply' : 'none answered') : `${refused} refused, ${n - refused} unanswered`;
  return ` ${n} more ${f.rule.label} ${n === 1 ? 'was' : 'were'} sent while throttled, ${how}.`;
}

function pushFree(out: Parts, f: BurstFacts): void {
  const b = f.burst;
  if (b.freeAt === null) {
    if (!b.timed) out.push(' Without times the analyzer cannot say when the window freed.');
    return;
  }
  // Fewer accepted than the limit: earlier requests are not in the log, so the window may have freed sooner.
  if (f.burst.allowed < (f.rule.seedLimit ?? 0)) {
    out.push(' Counting every attempt, the window was free again by ');
    pushTime(out, b.freeAt);
    out.push(' at the latest: one sent then or later would have been accepted.');
    return;
  }
  out.push(' Counting every attempt, one sent at ');
  pushTime(out, b.freeAt);
  out.push(' or later would have been accepted.');
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

/**
 * `The calls to blocking_you@passport.com got 216 (blocking you) 5 times, and the 6th CAL was refused …`: the
 * server answers a CAL, not the contact it names.
 */
function pushPrincipals(out: Parts, f: BurstFacts, handles: readonly string[], t: AnswerTally | null): void {
  if (t === null) return;
  for (let h = 0; h < t.handles.length; h++) {
    out.push(h === 0 ? ' The calls to ' : '; the calls to ', t.handles[h] ?? '', ' got ');
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
  out.push(t.handles.length > 0 ? ', and the ' : ' The ', ordinal(f.leading + 1), ' CAL (to ', calledTarget(f, handles), ') was refused as ', f.burst.code === 800 ? 'changing too rapidly' : 'calling too rapidly', '; failed calls count, so retrying makes it worse.');
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
 * The advice: a function of the rule and the wait, so built once per log and shared (a log's bursts share a few
 * hundred; each burst holding its own copy kept megabytes in the result). Kept per rule under the wait + 1 (0: no
 * wait known).
 */
function adviceOf(store: EventStore, f: BurstFacts): string {
  const wait = waitSeconds(store, f);
  const refused = f.rule.kind === 'cal' ? callRefusals(store, f) : 0;
  const key = wait === null ? 0 : wait < WAIT_KEY_LIMIT ? wait + 1 : -1;
  return cached(textsOf(f.rule).advice, key < 0 ? key : key * 4 + refused, () => buildAdvice(f, wait, refused));
}

/** Which refusals the calls before a 713 got: bit 0 for a 217 (offline), bit 1 for a 216 (blocking you). */
function callRefusals(store: EventStore, f: BurstFacts): number {
  let bits = 0;
  for (let k = 0; k < f.leading; k++) {
    const code = (f.replies[k] ?? -1) < 0 ? null : errorCodeAt(store, f.replies[k] ?? -1);
    if (code === 217) bits |= 1;
    else if (code === 216) bits |= 2;
  }
  return bits;
}

/** The CAL advice's first sentence, for the refusals the calls got (callRefusals). */
function callAdvice(refused: number): string {
  switch (refused) {
    case 1:
      return 'Do not call a contact who is offline (217) again and again: wait until it shows as online (NLN), because every failed call counts.';
    case 2:
      return 'Do not retry a contact who is blocking you (216): that call never succeeds, and every failed call counts.';
    case 3:
      return 'Do not retry CALs to a contact who is offline (217) or blocking you (216): every failed call counts.';
    default:
      return 'Invite contacts at a steady pace instead of calling many at once: every call counts, the ones that went through too.';
  }
}

/** Waits (whole seconds) from this long on are built, not kept. */
const WAIT_KEY_LIMIT = 1 << 20;

/** The advice for a burst of `f`'s rule and a wait (null: unknown) of `wait` seconds. */
function buildAdvice(f: BurstFacts, wait: number | null, refused: number): string {
  const waitText =
    wait === null
      ? `Wait a full minute (${WINDOW_SECONDS} s) without sending ${f.rule.label} before trying again.`
      : `Wait ${wait} s after the last attempt${wait >= 60 ? ` (${formatSpan(wait * 1000)})` : ''} before trying again; an attempt sent while throttled counts too, and moves that time further out.`;
  switch (f.rule.kind) {
    case 'xfr-sb':
      return `Reuse open switchboards instead of requesting a new one per message or contact. ${waitText}`;
    case 'rea-self':
      return `Pace renames: send a new display name only after the previous one is confirmed, and not in quick succession. ${waitText}`;
    case 'chg':
      return `Pace status changes: look for an auto-away or script toggling status, and send one CHG per real change. ${waitText}`;
    case 'cal':
      return `${callAdvice(refused)} ${waitText}`;
    case 'rea-other':
    case 'other':
      return `Slow down ${f.rule.label}. ${waitText}`;
    default:
      return assertNever(f.rule.kind, 'throttle kind');
  }
}

function orphanNarrative(store: EventStore, f: BurstFacts): string {
  const first = f.refusals[0];
  const last = f.refusals[f.refusals.length - 1];
  const code = f.burst.code;
  const meaning = code === 713 ? 'calling too rapidly' : 'changing too rapidly';
  if (first === undefined || last === undefined) return `The server answered ${code} (${meaning}), but the command it refused is not in the log.`;
  if (f.refusals.length === 1) {
    return `The server answered ${code} (${meaning}) (line ${store.lineOf(first)}), but the command it refused is not in the log, so the throttled command and the attempts before it cannot be counted.`;
  }
  return `The server answered ${code} (${meaning}) ${f.refusals.length} times in a row on this connection (lines ${store.lineOf(first)}–${store.lineOf(last)}), but the commands it refused are not in the log, so the throttled command and the attempts before them cannot be counted.`;
}

/**
 * The narrative as `s.replace(/\s+/g, ' ').trim()` would leave it. The templates put single spaces between
 * words and start and end on a word, so only the pieces taken from the log (labels, handles, reply verbs) can
 * bring whitespace to collapse: when every one is tidy the text is returned as built (scanning ten thousand
 * narratives, a few MB of text, was the rule's largest cost).
 */
function collapsedNarrative(s: string, f: BurstFacts, tally: AnswerTally | null, target: string): string {
  // A CAL narrative names the leading calls' principals and answers (the tally) and the refused call's target.
  const tidy = textsOf(f.rule).tidyLabel && (tally === null || (allTidy(tally.handles) && allTidy(tally.text) && isTidy(target)));
  return tidy ? s : s.replace(/\s+/g, ' ').trim();
}

/** The pieces of a narrative: strings (mostly shared constants) and numbers, joined once into a flat string. */
type Parts = (string | number)[];

/** The one list every narrative's pieces are pushed onto (emptied first): no list per burst. */
const PARTS: Parts = [];

/**
 * The narrative of a burst with its refused attempt. Each sentence pushes its pieces onto one list joined once:
 * sentences built as template literals and joined made three strings per piece, for ten thousand bursts.
 */
function narrativeOf(store: EventStore, f: BurstFacts, handles: readonly string[], tally: AnswerTally | null): string {
  const out = PARTS;
  out.length = 0;
  pushPushback(out, store, f);
  pushPrincipals(out, f, handles, tally);
  const retries = retryCount(f);
  const retryKey = retries < KEY_LIMIT && f.retriesRefused < KEY_LIMIT ? retries * KEY_LIMIT + f.retriesRefused : -1;
  out.push(cachedText(textsOf(f.rule).retry, retryKey, f, NO_HANDLES, retrySentence));
  pushFree(out, f);
  const text = out.join('');
  out.length = 0;
  return text;
}

/** The finding for one burst; `subject`: the account whose connection was throttled (a server's log). */
export function rateLimitFinding(index: EventIndex, f: BurstFacts, n: number, subject?: string): Finding {
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
    title: subject === undefined ? titleOf(f, handles) : [subject, ': ', titleOf(f, handles)].join(''),
    ...(subject === undefined ? {} : { subject }),
    narrative: collapsedNarrative(narrative, f, tally, calledTarget(f, handles)),
    advice: refused ? adviceOf(store, f) : f.refusals.length > 1 ? 'Slow down the commands that preceded these replies and wait a minute before retrying.' : 'Slow down the command that preceded this reply and wait a minute before retrying.',
    evidence: f.evidence,
    detail: { kind: 'rate-limit', burst: f.burst },
  };
}
