/**
 * What each MSNP verb means for the *meaning* stages (connections, pairing, diagnostics): which server a verb
 * belongs to, which server lines are asynchronous, which replies continue a transaction after it was answered.
 *
 * The reading stages (commands.ts) decide framing (TrId, payload); this table only decides routing and pairing.
 * Facts from msnp-protocol.md §2 (command table) and §3 (pairing rules).
 */
import { firstParamOf, type TokenizedMessage } from './types';
import { usrPackageOf } from './usr-packages';
import { VERB_CODE_COUNT, verbCode } from './verb-code';

/** Verbs only a switchboard carries (`CAL t handle`, `JOI handle name`, `IRO t i n handle name`, ACK/NAK). */
export const SB_ONLY_VERBS: ReadonlySet<string> = new Set(['CAL', 'JOI', 'IRO', 'ANS', 'BYE', 'ACK', 'NAK']);

/** Verbs only the dispatch / notification server carries. */
export const NS_ONLY_VERBS: ReadonlySet<string> = new Set([
  'VER', 'CVR', 'CVQ', 'INF', 'XFR', 'GCF', 'SBS', 'SYN', 'LST', 'LSG', 'GTC', 'BLP', 'PRP', 'BPR', 'SBP',
  'ADD', 'ADC', 'ADL', 'RML', 'REM', 'ADG', 'RMG', 'REG', 'REA', 'CHG', 'ILN', 'NLN', 'FLN', 'UBX', 'UUX',
  'CHL', 'QRY', 'PNG', 'QNG', 'RNG', 'URL', 'SND', 'SDC', 'FND', 'IMS', 'NOT', 'IPG', 'UUN', 'UBN', 'UUM',
  'UBM', 'FQY', 'PUT', 'DEL', 'NFY', 'SDG', 'VAS', 'PGD', 'CNT', 'ATH', 'BND',
]);


/**
 * Client verbs that show a connection's start when they are its first line: VER; the sign-in steps after it (CVR,
 * INF, USR: the sign-in is in the log); ANS, which joins a switchboard (as USR does); and MSNP24's CNT, the
 * command that opens the connection now that VER is gone (msnp-protocol.md §1.4, §2: VER "removed 24"). A
 * connection whose first line is another verb was entered mid-session.
 */
export const SESSION_START_VERBS: ReadonlySet<string> = new Set(['VER', 'CVR', 'INF', 'USR', 'ANS', 'CNT']);

/** Three digits: an error reply such as `911 3`. */
export function isErrorVerb(verb: string): boolean {
  return verb.length === 3 && verb.charCodeAt(0) >= 48 && verb.charCodeAt(0) <= 57 && /^\d{3}$/.test(verb);
}

/**
 * Server verbs that are never a reply (§3 "Other rules"): presence, invitations, notices, challenges. A line
 * of these whose TrId-looking token matches no client command is asynchronous, not an orphan reply.
 * (TrId-0 lines such as `ADL 0 len` or `CHG 0 …` are asynchronous whatever their verb.)
 */
export const ASYNC_SERVER_VERBS: ReadonlySet<string> = new Set([
  'NLN', 'FLN', 'UBX', 'UBN', 'UBM', 'NOT', 'IPG', 'RNG', 'NFY', 'JOI', 'BYE', 'CHL', 'SBS', 'OUT', 'MSG', 'BPR',
]);

/**
 * Server verbs that may keep arriving with a transaction's TrId after its first reply answered it:
 * `CHG t NLN` then `ILN t …`; `SYN t 12 0` then `LST t …` (MSNP2–7); `FQY t len` repeated.
 */
const CONTINUATIONS: Readonly<Record<string, ReadonlySet<string>>> = {
  CHG: new Set(['ILN']),
  ADD: new Set(['ILN']),
  ADC: new Set(['ILN']),
  ADL: new Set(['ILN']),
  SYN: new Set(['GTC', 'BLP', 'PRP', 'LST', 'LSG', 'BPR']),
  FQY: new Set(['FQY']),
};


/** True when a server line of `replyVerb` continues an answered `commandVerb` transaction. */
export function isContinuation(commandVerb: string, replyVerb: string): boolean {
  return CONTINUATIONS[commandVerb]?.has(replyVerb) === true;
}

/** Lines of the MSNP8–12 SYN burst, which carry no TrId (`LST N=a@b F=A C=… 11 0`). */
export const SYN_BURST_VERBS: ReadonlySet<string> = new Set(['GTC', 'BLP', 'PRP', 'LST', 'LSG', 'BPR']);


/**
 * A client USR that authenticates to a switchboard: `USR 1 a@b.com 486979.1047702516.105` (handle, cookie),
 * not a login step such as `USR 3 TWN I a@b.com`.
 */
export function isSwitchboardUsr(params: readonly string[]): boolean {
  const first = params[0];
  return first !== undefined && params.length >= 2 && !isAuthPackage(first);
}

/**
 * isSwitchboardUsr for a message, from its first parameter and a second one's presence: a reader on bytes answers
 * both without splitting the line (every switchboard USR of a long log asks).
 */
export function isSwitchboardUsrMessage(m: TokenizedMessage): boolean {
  if (m.firstParamLength !== undefined) {
    // An ASCII line read on bytes: every authentication package is three letters, so a longer first param (an
    // address) is told apart without building it.
    const length = m.firstParamLength();
    if (length < 0) return false;
    if (length !== 3) return hasSecondParam(m);
  }
  const first = firstParamOf(m);
  return first !== undefined && !isAuthPackage(first) && hasSecondParam(m);
}

/** A function, not a closure made per call: every USR of a long log asks. */
function hasSecondParam(m: TokenizedMessage): boolean {
  return m.hasParam !== undefined ? m.hasParam(1) : m.params.length >= 2;
}

function isAuthPackage(param: string): boolean {
  return usrPackageOf(param) !== null;
}

/** Bits of `verbTraits`: what the per-message stages ask about a verb, read from one table entry. */
export const VERB_SB_ONLY = 1;
export const VERB_NS_ONLY = 2;
export const VERB_ASYNC_SERVER = 4;
/** A command whose transaction can be followed by more same-TrId lines once answered (CHG → ILN, SYN → LST…). */
export const VERB_HAS_CONTINUATIONS = 8;
export const VERB_SYN_BURST = 16;
export const VERB_ERROR = 32;
/** Set on every computed entry, so 0 means "not computed yet". */
const TRAITS_KNOWN = 128;

const traitTable = new Uint8Array(VERB_CODE_COUNT);

function computeTraits(verb: string): number {
  return (
    (SB_ONLY_VERBS.has(verb) ? VERB_SB_ONLY : 0) |
    (NS_ONLY_VERBS.has(verb) ? VERB_NS_ONLY : 0) |
    (ASYNC_SERVER_VERBS.has(verb) ? VERB_ASYNC_SERVER : 0) |
    (CONTINUATIONS[verb] !== undefined ? VERB_HAS_CONTINUATIONS : 0) |
    (SYN_BURST_VERBS.has(verb) ? VERB_SYN_BURST : 0) |
    (isErrorVerb(verb) ? VERB_ERROR : 0)
  );
}

/**
 * Every VERB_* bit of a verb at once. The event builder asks once per message and hands the bits to the
 * connection and pairing stages, which used to run a verb-code computation and a table read (or a Set look-up)
 * per question, four to six questions per message.
 */
export function verbTraits(verb: string, code = verbCode(verb)): number {
  if (code < 0) return computeTraits(verb);
  const known = traitTable[code] ?? 0;
  if (known !== 0) return known;
  const t = computeTraits(verb) | TRAITS_KNOWN;
  traitTable[code] = t;
  return t;
}
