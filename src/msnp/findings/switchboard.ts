/**
 * Switchboard findings: switchboards that were granted (`XFR t SB host CKI cookie`) but never used, and chats
 * that timed out waiting for the invited principal's `JOI` (msnp-protocol.md §6: `CAL` → `RINGING`, then the
 * asynchronous `JOI`; papyon gave up ~10 s after CAL without JOI, libpurple after 60 s).
 */
import { DIR_CLIENT, DIR_SERVER } from '../event-store';
import { IntPairMap } from '../int-pair-map';
import type { Finding } from '../types';
import { errorCodeAt, firstReplyId, laterOnConnectionId, sortedUniqueIds } from './column-reads';
import type { EventIndex, OwnHandles } from './event-index';
import { formatSpan, isAuthUsr, isSbRequest, normalizeHandle, plural, sessionEndOf, NO_IDS } from './event-index';
import type { ParamBytes } from './param-bytes';
import { NOT_CLIENT, verbReplies } from './verb-replies';
import { unusedFinding } from './switchboard-unused-text';

/** Shortest silence after a CAL that counts as a timeout when the client does not say it left. */
const JOIN_TIMEOUT_MS = 10_000;

/** Where `CKI` usually sits in a grant (`XFR 20 SB host CKI cookie`): param 2; a few slots are tried on the bytes. */
const CKI_SLOTS = 4;

/**
 * `XFR 20 SB 64.4.61.110:1863 CKI 924023575.140242124.23015820 …` → the index of the cookie param (the one after
 * the first `CKI`), or −1. The grant's params are located in one walk (`params.scan`) when the bytes allow.
 */
function cookieSlot(params: ParamBytes, reply: number): number {
  const n = params.scan(reply, CKI_SLOTS + 1);
  if (n >= 0) {
    for (let k = 0; k < CKI_SLOTS && k < n; k++) if (params.tokenIs(k, 'CKI')) return k + 1 < n ? k + 1 : -1;
  } else {
    for (let k = 0; k < CKI_SLOTS; k++) if (params.is(reply, k, 'CKI')) return params.has(reply, k + 1) ? k + 1 : -1;
  }
  const list = params.store.paramsOf(reply); // a grant of another shape: read the whole list
  const cki = list.indexOf('CKI');
  return cki >= 0 && cki + 1 < list.length ? cki + 1 : -1;
}

/**
 * Granted switchboards, in log order, as parallel typed arrays (`count` used): the client's `XFR t SB` ids, their
 * reply ids, the cookie's param index and the cookie's hash (read while the grant's line is at hand: on a 100 MB
 * log every line read is a cache miss). Typed arrays: tens of thousands of grants in JS arrays lived long enough
 * to be promoted, at the parse's memory peak.
 */
export interface Grants {
  readonly count: number;
  readonly xfr: Int32Array;
  readonly reply: Int32Array;
  readonly slot: Int32Array;
  readonly hash: Int32Array;
  /** An ASCII cookie's byte range in the source, [cookieStart, cookieEnd) (−1: read by param index instead). */
  readonly cookieStart: Int32Array;
  readonly cookieEnd: Int32Array;
}

/** Switchboards requested and granted but never used for a chat, as one finding. */
export function findUnusedSwitchboards(index: EventIndex): Finding[] {
  const { store } = index;
  const grants = grantsOf(index);
  if (grants.count === 0) return [];
  const usrs = firstUsrWithCookie(index, grants);
  const calVerb = store.verbs.indexOf('CAL');
  const msgVerb = store.verbs.indexOf('MSG');
  // The unused grants' indexes, in log order (typed: a big log has tens of thousands).
  const unused = new Int32Array(grants.count);
  let count = 0;
  for (let k = 0; k < grants.count; k++) {
    const usr = usrs[k] ?? -1;
    if (usr >= 0 && laterOnConnectionId(index, usr, DIR_CLIENT, calVerb, msgVerb) >= 0) continue; // used: a CAL or MSG
    unused[count++] = k;
  }
  if (count === 0) return [];
  // The error that refused each unused grant's USR (−1: none): such a switchboard was never joined.
  const refusals = new Int32Array(count).fill(-1);
  for (let u = 0; u < count; u++) {
    const usr = usrs[unused[u] ?? 0] ?? -1;
    const reply = usr < 0 ? -1 : firstReplyId(index, usr);
    if (reply >= 0) refusals[u] = errorCodeAt(store, reply) ?? -1;
  }
  return [unusedFinding(store, grants, usrs, unused.subarray(0, count), refusals)];
}

function grantsOf(index: EventIndex): Grants {
  const { store, params } = index;
  const ids = index.verbIds.get('XFR') ?? NO_IDS;
  // Grown as grants are found, not sized for every XFR line: most XFR lines of a log are replies and other kinds,
  // and six lists sized for all of them were megabytes at the parse's memory peak.
  let g = grantLists(Math.min(ids.length, 1024));
  const xfrVerb = store.verbs.indexOf('XFR');
  let count = 0;
  const replies = verbReplies(index, 'XFR'); // read once with the rate-limit rule
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k] ?? 0;
    const reply = replies.reply[k] ?? NOT_CLIENT;
    if (reply < 0 || !isSbRequest(index, id) || store.verbIdOf(reply) !== xfrVerb) continue;
    const slot = cookieSlot(params, reply);
    if (slot < 0) continue;
    if (count === g.xfr.length) g = grownGrants(g, Math.min(ids.length, count * 2));
    g.xfr[count] = id;
    g.reply[count] = reply;
    g.slot[count] = slot;
    const scanned = params.scannedOf(reply) > slot; // the grant's line was just walked: its cookie's range is known
    g.hash[count] = scanned ? params.tokenHash(slot) : params.hash(reply, slot);
    // Kept only for an ASCII cookie, which its bytes compare; any other is compared as text.
    const ascii = scanned && !params.tokenHigh(slot);
    g.cookieStart[count] = ascii ? params.tokenStart(slot) : -1;
    g.cookieEnd[count] = ascii ? params.tokenEnd(slot) : -1;
    count++;
  }
  return { ...g, count };
}

function grantLists(capacity: number): Grants {
  const list = (): Int32Array => new Int32Array(capacity);
  return { count: 0, xfr: list(), reply: list(), slot: list(), hash: list(), cookieStart: list(), cookieEnd: list() };
}

/** `g`'s lists copied into lists of `capacity` entries. */
function grownGrants(g: Grants, capacity: number): Grants {
  const next = grantLists(capacity);
  next.xfr.set(g.xfr);
  next.reply.set(g.reply);
  next.slot.set(g.slot);
  next.hash.set(g.hash);
  next.cookieStart.set(g.cookieStart);
  next.cookieEnd.set(g.cookieEnd);
  return next;
}

/** Params of a switchboard USR (`USR t handle cookie`) located in one walk; longer lines are read param by param. */
const USR_SCAN = 8;

/**
 * For each grant, the first switchboard USR (`USR t handle cookie`) after its reply that carries its cookie
 * (−1 when none), in one pass over the USR lines. Cookies are bucketed by a hash of their bytes and confirmed
 * byte for byte, so no USR param becomes a string.
 */
function firstUsrWithCookie(index: EventIndex, grants: Grants): Int32Array {
  // Two loops, two functions: on a fresh run the first loop's optimised code ended where the second began.
  const chain = cookieChain(grants);
  matchUsrLines(index, grants, chain);
  return chain.found;
}

/**
 * Grants chained per cookie hash (`byHash` → the latest grant, `sameHash` → the one before): typed arrays only,
 * keyed (0, hash) (a Map of tens of thousands of numbers was one of the stage's largest allocations).
 */
function cookieChain(grants: Grants): CookieChain {
  const n = grants.count;
  const chain: CookieChain = { byHash: new IntPairMap(n), sameHash: new Int32Array(n), found: new Int32Array(n).fill(-1) };
  const { byHash, sameHash } = chain;
  for (let k = 0; k < n; k++) {
    const h = grants.hash[k] ?? 0;
    sameHash[k] = byHash.get(0, h);
    byHash.set(0, h, k);
  }
  return chain;
}

/** Each switchboard USR line's params against the grants with their hash (`chain.found` gets the first match). */
function matchUsrLines(index: EventIndex, grants: Grants, chain: CookieChain): void {
  const { store, params } = index;
  const ids = index.verbIds.get('USR') ?? NO_IDS;
  for (let k = 0; k < ids.length; k++) {
    const u = ids[k] ?? 0;
    if (store.dirCode(u) !== DIR_CLIENT || isAuthUsr(index, u)) continue;
    const count = params.scan(u, USR_SCAN);
    if (count >= 0 && count < USR_SCAN) {
      for (let p = 0; p < count; p++) matchScanned(params, grants, chain, u, p);
    } else {
      for (let p = 0, h = params.hash(u, 0); h >= 0; h = params.hash(u, ++p)) matchParam(params, grants, chain, u, p, h);
    }
  }
}

/** Grants bucketed by cookie hash, and the USR found for each so far. */
interface CookieChain {
  readonly byHash: IntPairMap;
  readonly sameHash: Int32Array;
  readonly found: Int32Array;
}

/** Param p of the last scan (of USR u) against the grants with its hash, compared on the bytes where they say. */
function matchScanned(params: ParamBytes, grants: Grants, chain: CookieChain, u: number, p: number): void {
  const a = params.tokenStart(p);
  const b = params.tokenEnd(p);
  const high = params.tokenHigh(p);
  for (let g = chain.byHash.get(0, params.tokenHash(p)); g >= 0; g = chain.sameHash[g] ?? -1) {
    const reply = grants.reply[g] ?? Infinity;
    if (chain.found[g] !== -1 || reply >= u) continue;
    const start = grants.cookieStart[g] ?? -1;
    // Both ASCII: the bytes decide (rangesEqual); else the text does.
    let same = start < 0 || high ? -1 : params.asciiRangesEqual(a, b, start, grants.cookieEnd[g] ?? 0);
    if (same < 0) same = params.equals(u, p, reply, grants.slot[g] ?? 0) ? 1 : 0;
    if (same === 1) chain.found[g] = u;
  }
}

/** Param p (hash h) of USR u against the grants with that hash, read param by param. */
function matchParam(params: ParamBytes, grants: Grants, chain: CookieChain, u: number, p: number, h: number): void {
  for (let g = chain.byHash.get(0, h); g >= 0; g = chain.sameHash[g] ?? -1) {
    const reply = grants.reply[g] ?? Infinity;
    if (chain.found[g] === -1 && reply < u && params.equals(u, p, reply, grants.slot[g] ?? 0)) chain.found[g] = u;
  }
}

/** Chats where invited principals never joined and the client gave up (or the log went on without them). */
export function findJoinTimeouts(index: EventIndex, own: OwnHandles): Finding[] {
  const calls = callsAndJoins(index);
  if (calls === null) return [];
  const out: Finding[] = [];
  // Connections in index order, each one's calls in log order (as the chained lists were filled).
  for (let c = 0; c < calls.head.length; c++) {
    let first = calls.head[c] ?? -1;
    while (first >= 0 && calls.joined[first] === 1) first = calls.next[first] ?? -1;
    if (first < 0) continue; // no list for the (many) connections where every call was joined
    const leave = leaveAfter(index, calls.cal[first] ?? 0);
    if (leave === null) continue;
    out.push(joinTimeoutFinding(index, calls, first, leave, own.of(calls.cal[first] ?? 0), out.length + 1));
  }
  return out;
}

/**
 * The client's CALs not refused by an error, chained per connection (`head[conn]`, then `next[k]`), with their
 * reply and whether the principal joined (a JOI, or an IRO row, on that connection names the called handle).
 * Built from the CAL/JOI/IRO lines only, in typed arrays (`count` used): a big log has tens of thousands.
 */
interface Calls {
  readonly count: number;
  readonly head: Int32Array;
  readonly next: Int32Array;
  readonly cal: Int32Array;
  readonly reply: Int32Array;
  /** The called handle, normalised, once a JOI whose bytes differ needs it. */
  readonly normal: (string | null)[];
  readonly joined: Uint8Array;
}

function callsAndJoins(index: EventIndex): Calls | null {
  const { store } = index;
  const ids = index.verbIds.get('CAL') ?? NO_IDS;
  const head = new Int32Array(store.connectionIds.length).fill(-1);
  const tail = new Int32Array(store.connectionIds.length).fill(-1);
  // Sized for every CAL line (an upper bound): no growing.
  const next = new Int32Array(ids.length).fill(-1);
  const cal = new Int32Array(ids.length);
  const replies = new Int32Array(ids.length);
  let count = 0;
  const answers = verbReplies(index, 'CAL'); // read once with the rate-limit rule
  for (let j = 0; j < ids.length; j++) {
    const id = ids[j] ?? 0;
    const reply = answers.reply[j] ?? NOT_CLIENT;
    if (reply === NOT_CLIENT) continue; // not the client's
    if (reply >= 0 && (answers.code[j] ?? -1) >= 0) continue; // refused: an error finding, not a timeout
    const k = count++;
    const c = store.connIndex(id);
    cal[k] = id;
    replies[k] = reply;
    if ((tail[c] ?? -1) < 0) head[c] = k;
    else next[tail[c] ?? 0] = k;
    tail[c] = k;
  }
  if (count === 0) return null;
  const normal = new Array<string | null>(count).fill(null);
  const out: Calls = { count, head, next, cal, reply: replies, normal, joined: new Uint8Array(count) };
  markJoined(index, out, 'JOI', 0);
  markJoined(index, out, 'IRO', 2);
  return out;
}

/**
 * Marks the calls whose principal a server `verb` line on their connection names in param `slot`: the same
 * handle once both are normalised (`1:Bob@x.com;{guid}` joins a CAL to `bob@x.com`).
 */
function markJoined(index: EventIndex, calls: Calls, verb: string, slot: number): void {
  const { store, params } = index;
  // Calls not yet joined, per connection: a JOI/IRO line on a connection with none left is not read at all (on a
  // big log every line read is a cache miss, and most switchboards see every call joined at its first JOI).
  const waiting = waitingPerConnection(calls, store.connectionIds.length);
  for (let k14 = 0, ids14 = index.verbIds.get(verb) ?? NO_IDS; k14 < ids14.length; k14++) {
    const id = ids14[k14] ?? 0;
    const c = store.connIndex(id);
    const first = calls.head[c] ?? -1;
    if (first < 0 || waiting[c] === 0 || store.dirCode(id) !== DIR_SERVER) continue;
    // The line's params located once (its handle is compared with every waiting call's); −1: the bytes cannot say.
    const scanned = params.scan(id, slot + 1);
    if (scanned >= 0 ? scanned <= slot : !params.has(id, slot)) continue;
    const a = scanned > slot ? params.tokenStart(slot) : -1;
    const b = scanned > slot ? params.tokenEnd(slot) : -1;
    let joinedNormal: string | null = null; // the line's handle, normalised only when the bytes differ
    for (let k = first; k >= 0; k = calls.next[k] ?? -1) {
      if (calls.joined[k] === 1) continue;
      const cal = calls.cal[k] ?? 0;
      const same = a < 0 ? -1 : params.rangeEqualsParam(a, b, cal, 0);
      let joined = same < 0 ? params.equals(id, slot, cal, 0) : same === 1;
      if (!joined) {
        joinedNormal ??= normalizeHandle(params.at(id, slot) ?? '');
        let normal = calls.normal[k] ?? null;
        if (normal === null) calls.normal[k] = normal = normalizeHandle(params.at(cal, 0) ?? '');
        joined = normal === joinedNormal;
      }
      if (joined) {
        calls.joined[k] = 1;
        waiting[c] = (waiting[c] ?? 1) - 1;
      }
    }
  }
}

/** How many calls of each connection are not joined yet. */
function waitingPerConnection(calls: Calls, connections: number): Int32Array {
  const waiting = new Int32Array(connections);
  for (let c = 0; c < connections; c++) {
    for (let k = calls.head[c] ?? -1; k >= 0; k = calls.next[k] ?? -1) if (calls.joined[k] !== 1) waiting[c] = (waiting[c] ?? 0) + 1;
  }
  return waiting;
}

interface Leave {
  /** The line that ended the wait (−1: none). */
  readonly event: number;
  readonly waitedMs: number | null;
  /**
   * The line is the client's OUT on the calls' own switchboard. Otherwise it is the log's last line, on whatever
   * connection (papyon's OUT after `Leaving switchboard <other id>` leaves another switchboard).
   */
  readonly left: boolean;
}

/**
 * How the wait ended: the client's OUT on that switchboard, or (with times) ≥10 s of log without a JOI. The log is
 * the CAL's own: a file holding another log after it goes on with that log's lines, whose clock is not this one's.
 */
function leaveAfter(index: EventIndex, cal: number): Leave | null {
  const { store } = index;
  const out = laterOnConnectionId(index, cal, DIR_CLIENT, store.verbs.indexOf('OUT'));
  const last = sessionEndOf(index, cal);
  const end = out >= 0 ? out : last > cal ? last : -1;
  const endTime = end < 0 ? null : store.timeOf(end);
  const calTime = store.timeOf(cal);
  const waited = endTime !== null && calTime !== null ? endTime - calTime : null;
  if (out >= 0) return leaveOf(out, waited, true);
  if (waited !== null && waited >= JOIN_TIMEOUT_MS) return leaveOf(end, waited, false);
  return null;
}

function leaveOf(event: number, waitedMs: number | null, left: boolean): Leave {
  // The wait is set after the object exists (see rate-limit.ts burstOf): a span of many days is no small integer.
  const leave: { event: number; waitedMs: number | null; left: boolean } = { event, waitedMs: null, left };
  leave.waitedMs = waitedMs;
  return leave;
}

/**
 * What to check when invitations were not joined. An offline or blocking contact draws 217/216 at once, not
 * silence: without RINGING the server never took the CAL; with RINGING it passed the invitation on and the
 * contact's client did not come.
 */
function joinTimeoutAdvice(rang: number, calls: number): string {
  const noRing = 'a CAL without RINGING means the server never took the invitation: check the CAL line and the switchboard connection';
  if (rang === 0) return `${noRing.charAt(0).toUpperCase()}${noRing.slice(1)}.`;
  const ringing = 'RINGING means the server passed the invitation on and the contact\'s client never joined (it may have gone offline or failed to reach the switchboard): invite again later';
  return rang === calls ? `${ringing.charAt(0).toUpperCase()}${ringing.slice(1)}.` : `${ringing.charAt(0).toUpperCase()}${ringing.slice(1)}; ${noRing}.`;
}

/** The finding for the calls of one connection not joined (`first`: the first of them in `calls`' chain). */
function joinTimeoutFinding(index: EventIndex, calls: Calls, first: number, leave: Leave, own: string | null, n: number): Finding {
  const { store } = index;
  const described: string[] = [];
  const ids: number[] = [];
  let selfCall = '';
  let rang = 0;
  for (let k = first; k >= 0; k = calls.next[k] ?? -1) {
    if (calls.joined[k] === 1) continue;
    const cal = calls.cal[k] ?? 0;
    const reply = calls.reply[k] ?? -1;
    // The handle as `paramsOf(cal)[0]` gives it, cut from the bytes (no line decoded and split).
    // Compared normalised, printed as the log writes it.
    const raw = store.paramAt(cal, 0) ?? '';
    const self = own !== null && normalizeHandle(raw) === own ? 'your own address; ' : '';
    if (reply >= 0) rang++;
    // The text test the narrative made of every description: a handle may itself hold the words.
    const text = `CAL${store.trIdOf(cal) === null ? '' : ` ${store.trIdOf(cal)}`} to ${raw === '' ? 'no one named' : raw} (${self}${reply < 0 ? 'no RINGING' : 'RINGING'})`;
    if (text.includes('your own address')) selfCall = ' Calling your own address never produces a JOI.';
    described.push(text);
    ids.push(cal);
    if (reply >= 0) ids.push(reply);
  }
  // The log's last line on another connection says nothing about this switchboard: not evidence of it.
  if (leave.event >= 0 && (leave.left || store.connIndex(leave.event) === store.connIndex(calls.cal[first] ?? 0))) ids.push(leave.event);
  const waited = leave.waitedMs === null ? '' : ` ${formatSpan(leave.waitedMs)}`;
  const how = leave.left
    ? `, and after${waited} the client left the switchboard (OUT, line ${store.lineOf(leave.event)})`
    : ` in the${waited} the log goes on after line ${store.lineOf(calls.cal[first] ?? 0)} (it does not show the client leaving the switchboard)`;
  return {
    id: `switchboard-join-timeout-${n}`,
    kind: 'switchboard-join-timeout',
    severity: 'warning',
    group: 'sequence',
    title: `Chat timed out waiting for JOI: ${plural(described.length, 'invitation')} never joined`,
    narrative: `${described.join('; ')}: no JOI arrived${how}.${selfCall}`,
    advice: joinTimeoutAdvice(rang, described.length),
    evidence: sortedUniqueIds(ids).slice(), // sized to its length: it outlives the parse
    detail: { kind: 'none' },
  };
}
