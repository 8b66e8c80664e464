/**
 * Stage: assign every protocol message to a connection (DS / NS / SB) and note what VER negotiated on it.
 *
 * A log either names its connections (libpurple `NS 000`, aMSN `ns-sock7`, Escargot `NS/1a2b`, Miranda
 * `00E13870:1240`) or it does not (bare transcripts, papyon, documentation). Named or not, one name can cover
 * several TCP connections: libpurple keeps `NS 000` after the dispatch redirect, so an `XFR t NS` reply still
 * starts a new NS. Without names the stage infers (msnp-protocol.md §6, §4): `XFR … NS` starts a new NS (the
 * old one was a DS), `USR t handle cookie` / `ANS …` starts a switchboard, a `VER` whose TrId restarts (or
 * comes after a close) starts a new connection, and every other line goes where its verb or its TrId belongs.
 */
import { CLOSED, CLOSED_BY_ERROR, ConnectionDrafts, REDIRECTED, VERSION_REFUSED, type InferredFrom } from './connection-drafts';
import { describeError } from './error-codes';
import { copyToArray, IntColumn } from './int-column';
import { IntPairMap } from './int-pair-map';
import { TrIdIndex } from './trid-index';
import type { Connection, ConnectionKind, TokenizedMessage } from './types';
import { firstParamIs } from './types';
import { isSwitchboardUsrMessage, VERB_NS_ONLY, VERB_SB_ONLY, verbTraits } from './verb-roles';

export interface ConnectionAssignment {
  /** Connection index (into `connections`) of every message. */
  readonly connOf: Int32Array;
  readonly connections: Connection[];
  /** Client commands sent on a connection already closed (after OUT, after the server hung up). */
  readonly afterClose: number[];
}

/** How many recent switchboards a TrId-routed reply is matched against in an unnamed log. */
const SB_SEARCH_LIMIT = 16;

/** Assigns messages to connections one at a time, in log order; `finish` gives the connections. */
export class ConnectionAssigner {
  readonly drafts = new ConnectionDrafts();
  /**
   * Client commands sent after a close, in a typed column: a log whose client keeps talking after an OUT (made-up
   * verbs, one of them OUT) has a million, and a plain array pushed that far cost a tenth of a second.
   */
  private readonly afterClose = new IntColumn(0);
  private readonly byName = new Map<string, number>();
  /**
   * The last name looked up and its connection: a named log's lines come in runs on one connection (a switchboard's
   * chat, the NS's roster), and readers hand over the same string object for a name, so an identity test usually
   * answers before the Map.
   */
  private lastName: string | null = null;
  private lastNamed = -1;
  /** Unnamed logs: the current DS/NS, and the switchboards not yet left (most recent last). */
  private ns = -1;
  private readonly liveSbs: number[] = [];
  private lastConn = -1;
  private lastClientConn = -1;
  /** Some line so far had no connection name (only then are TrIds of named connections worth remembering). */
  private unnamedSeen = false;
  /**
   * (connection, TrId) → index of the latest client command carrying it: routes replies when the log has no names.
   * Every TrId of an unnamed connection stays: a long one gets an array by TrId (trid-index.ts).
   */
  private readonly clientTrIds = new TrIdIndex();
  /** TrId → the connection of the latest client command carrying it, on any connection. */
  private readonly latestTrId = new ConnectionByTrId();
  /** Switchboard session id → its connection, for the sessions a note of the log named (papyon). */
  private readonly bySession = new Map<string, number>();

  /** The connections (readonly, with their final ids) and the commands sent after a close (a view, in log order). */
  finish(): { readonly connections: Connection[]; readonly afterClose: Int32Array } {
    return { connections: this.drafts.toConnections(), afterClose: withHeld(this.afterClose.view(), this.drafts) };
  }

  /**
   * Another log of the file begins (a block of another dialect, parse-log.ts): none of its lines continues a
   * connection of the log before, so nothing is inferred from what came before. The connections made so far stay.
   */
  startSession(): void {
    this.byName.clear();
    this.lastName = null;
    this.lastNamed = -1;
    this.ns = -1;
    this.liveSbs.length = 0;
    this.lastConn = -1;
    this.lastClientConn = -1;
  }

  /** The MSNP version the server chose on connection `c` (its VER reply), or null when the log does not show one. */
  versionOf(c: number): number | null {
    return c >= 0 && c < this.drafts.length ? this.drafts.versionOf(c) : null;
  }

  /** `traits`: the verb's `verbTraits` when the caller has them already. */
  assign(m: TokenizedMessage, i: number, traits = verbTraits(m.command)): number {
    if (m.connectionHint === null) this.unnamedSeen = true;
    const announced = m.newConnection === true && m.direction === 'client';
    const c = m.connectionHint === null
      ? (announced ? this.announcedConnection(m, i, traits) : this.inferConnection(m, i, traits))
      : this.namedConnection(m, i, announced, traits);
    this.record(c, m, i);
    return c;
  }

  private create(kind: ConnectionKind, sourceName: string | null, from: InferredFrom, i: number): number {
    const c = this.drafts.add(kind, sourceName, from, i);
    if (kind === 'SB') this.liveSbs.push(c);
    return c;
  }

  /**
   * The log said a connection was just opened (aMSN `< Connected to: … >` before `->ns- OUT`): this client line
   * starts it, whatever its verb. Each of aMSN's proxy retries becomes its own connection.
   */
  private announcedConnection(m: TokenizedMessage, i: number, traits: number): number {
    const session = m.switchboardSession;
    if (session !== undefined && m.command === 'OUT') return this.leftSwitchboard(session, i);
    const role = roleOf(m, traits);
    if (role === 'sb-start') {
      const c = this.create('SB', null, 'sb-auth', i);
      if (session !== undefined) this.nameSession(c, session);
      return c;
    }
    if (role === 'sb' || m.kindHint === 'SB') return this.create('SB', null, 'connection-event', i);
    const redirected = this.ns >= 0 && this.drafts.is(this.ns, REDIRECTED);
    if (redirected) this.drafts.setKind(this.ns, 'DS');
    this.ns = this.create('NS', null, redirected ? 'xfr-ns' : 'connection-event', i);
    return this.ns;
  }

  /**
   * The client's OUT after papyon's `Leaving switchboard <id>`: it leaves that session's switchboard, which need not
   * be the latest one (an older switchboard timing out while a new one waits for its JOI). A session no switchboard
   * has goes to the latest live switchboard whose session the log never named (entered mid-way), else it is a
   * switchboard of its own whose earlier lines are not in the log. Runs once per leave note, not per line.
   */
  private leftSwitchboard(session: string, i: number): number {
    const known = this.bySession.get(session);
    if (known !== undefined) return known;
    const latest = this.liveSbs[this.liveSbs.length - 1];
    const c = latest !== undefined && this.drafts.session(latest) === null ? latest : this.create('SB', null, 'session-note', i);
    this.nameSession(c, session);
    return c;
  }

  private nameSession(c: number, session: string): void {
    this.drafts.setSession(c, session);
    this.bySession.set(session, c);
  }

  /** The log names the connection; a name still restarts after a redirect, a close, a TrId restart or a connect. */
  private namedConnection(m: TokenizedMessage, i: number, announced: boolean, traits: number): number {
    const name = m.connectionHint ?? '';
    const existing = name === this.lastName ? this.lastNamed : this.byName.get(name);
    let c: number;
    if (existing === undefined) {
      c = this.create(m.kindHint ?? kindOfVerb(m, traits), name, 'log', i);
    } else {
      const reason = m.direction === 'client' ? restartReason(this.drafts, existing, m) : null;
      // A reused name after a connection event is a new socket: only when the line could open one (not a PNG
      // that happens to follow another connection's event).
      const from = reason ?? (announced && opensConnection(m) ? 'connection-event' : null);
      c = from === null ? existing : this.create(from === 'xfr-ns' ? 'NS' : m.kindHint ?? kindOfVerb(m, traits), name, from, i);
      if (from === 'xfr-ns') this.drafts.setKind(existing, 'DS');
    }
    if (c !== existing) this.byName.set(name, c);
    this.lastName = name;
    this.lastNamed = c;
    if (this.drafts.kind(c) === 'unknown') this.drafts.setKind(c, kindOfVerb(m, traits));
    return c;
  }

  /** No name in the log: decide from the verb, the TrId and what came before. */
  private inferConnection(m: TokenizedMessage, i: number, traits: number): number {
    const role = roleOf(m, traits);
    if (role === 'sb-start') return this.create('SB', null, 'sb-auth', i);
    if (role === 'ns') return this.nsFor(m, i);
    if (role === 'sb') return this.sbFor(m, i);
    const byTrId = m.direction === 'client' ? -1 : this.connByTrId(m.trId);
    if (byTrId >= 0) return byTrId;
    const fallback = m.direction === 'client' ? this.lastClientConn : this.lastConn;
    // Nothing comes from the server on a connection the client closed (its OUT): a server line after a switchboard's
    // OUT (`<<< OUT OTH`, signed in elsewhere) is the notification server's.
    if (fallback >= 0 && m.direction === 'server' && fallback !== this.ns && this.drafts.is(fallback, CLOSED) && this.ns >= 0 && !this.drafts.is(this.ns, CLOSED)) return this.ns;
    return fallback >= 0 ? fallback : this.nsFor(m, i);
  }

  private nsFor(m: TokenizedMessage, i: number): number {
    if (this.ns < 0) {
      this.ns = this.create('NS', null, 'first', i);
      return this.ns;
    }
    const from = m.direction === 'client' ? restartReason(this.drafts, this.ns, m) : null;
    if (from !== null) {
      if (from === 'xfr-ns') this.drafts.setKind(this.ns, 'DS');
      this.ns = this.create('NS', null, from, i);
    }
    return this.ns;
  }

  private sbFor(m: TokenizedMessage, i: number): number {
    if (m.direction !== 'client') {
      const byTrId = this.connByTrId(m.trId);
      if (byTrId >= 0 && this.drafts.kind(byTrId) === 'SB') return byTrId;
    }
    const last = this.liveSbs[this.liveSbs.length - 1];
    // Switchboard traffic with no USR/ANS before it: the log entered this switchboard mid-way.
    return last ?? this.create('SB', null, 'first', i);
  }

  /** The live connection whose latest client command with this TrId is the most recent one. */
  private connByTrId(trId: number | null): number {
    if (trId === null) return -1;
    // Usually the latest command with this TrId anywhere is on a connection the search would look at: then it is
    // the answer without a look-up per live switchboard.
    const latest = this.latestTrId.get(trId);
    if (latest >= 0 && this.searched(latest)) return latest;
    let best = -1;
    let bestAt = -1;
    const consider = (c: number): void => {
      const at = c >= 0 ? this.clientTrIds.get(c, trId) : -1;
      if (at >= 0 && at > bestAt) {
        best = c;
        bestAt = at;
      }
    };
    if (this.ns >= 0) consider(this.ns);
    for (let k = this.liveSbs.length - 1, n = 0; k >= 0 && n < SB_SEARCH_LIMIT; k--, n++) {
      consider(this.liveSbs[k] ?? -1);
    }
    return best;
  }

  /** Whether connByTrId's search covers connection c: the current NS, or one of the most recent live switchboards. */
  private searched(c: number): boolean {
    if (c === this.ns) return true;
    for (let k = this.liveSbs.length - 1, n = 0; k >= 0 && n < SB_SEARCH_LIMIT; k--, n++) if (this.liveSbs[k] === c) return true;
    return false;
  }

  /** Book-keeping after a message joined connection `c`: counts, TrIds, VER result, redirects, closes. */
  private record(c: number, m: TokenizedMessage, i: number): void {
    const d = this.drafts;
    d.joined(c, i);
    this.lastConn = c;
    if (m.direction === 'client') {
      this.lastClientConn = c;
      // Another OUT on a closed connection changes nothing (aMSN repeats OUT in its reconnect loop): not flagged.
      if (d.is(c, CLOSED) && m.command !== 'OUT') {
        if (d.is(c, CLOSED_BY_ERROR)) d.hold(c, i);
        else this.afterClose.push(i);
      }
      if (m.trId !== null) {
        d.setLastClientTrId(c, m.trId);
        // Only lines without a connection name are routed by TrId (connByTrId): a log that names every
        // connection (libpurple: a million lines) needs no TrId map per connection.
        if (d.sourceName(c) === null || this.unnamedSeen) this.rememberTrId(c, m.trId, i);
      }
      if (m.command === 'OUT') this.close(c);
      return;
    }
    if (d.is(c, CLOSED_BY_ERROR)) this.liftClose(c);
    noteServerLine(d, c, m);
    if (d.is(c, CLOSED)) this.dropSb(c);
  }

  /** The server spoke again on a connection an error was taken to close: it stayed open (e.g. an NLN after a 540). */
  private liftClose(c: number): void {
    this.drafts.mark(c, 0, CLOSED | CLOSED_BY_ERROR);
    this.drafts.dropHeld(c);
    if (this.drafts.kind(c) === 'SB' && !this.liveSbs.includes(c)) this.liveSbs.push(c);
  }

  private rememberTrId(c: number, trId: number, i: number): void {
    this.clientTrIds.set(c, trId, i);
    this.latestTrId.set(trId, c);
    this.drafts.noteTrId(c, trId);
  }

  private close(c: number): void {
    // The client's own OUT closes it whatever the server says next: the lines held so far stay after the close.
    this.drafts.mark(c, CLOSED, CLOSED_BY_ERROR);
    this.dropSb(c);
  }

  private dropSb(c: number): void {
    const live = this.liveSbs;
    const k = live.lastIndexOf(c);
    if (k < 0) return;
    // Shifted down by hand: splice builds an array of the removed items, one per switchboard closed.
    for (let j = k + 1; j < live.length; j++) live[j - 1] = live[j] ?? -1;
    live.length--;
    // A switchboard off the live list is never searched by TrId again: its TrIds are dead weight (tens of
    // thousands of switchboards in a long log). Its TrIds mostly count up from 1, so the range is cheap to clear;
    // a connection that jumped around leaves its few keys behind rather than clear billions of TrIds.
    const d = this.drafts;
    const min = d.minTrId(c);
    const max = d.maxTrId(c);
    if (min < 0 || max - min > 4 * d.count(c) + 64) return;
    for (let t = min; t <= max; t++) this.clientTrIds.delete(c, t);
  }
}

/** Below this, a TrId always indexes an array directly. */
const DIRECT_TRIDS = 1 << 16;
/** Past DIRECT_TRIDS, the most TrIds the array grows to (4 bytes each). */
const DIRECT_MAX = 1 << 24;

/**
 * TrId → connection, −1 when unknown. TrIds count up from 1 on each connection, so nearly all of them are small:
 * those index an array (grown as they come), the rest go to a hash table. One write per client command, where a
 * hash-table insert cost a probe sequence and, now and then, a rehash.
 *
 * Past DIRECT_TRIDS the array still grows for a TrId that counts on (below twice its length): a log of a million
 * commands on one connection (no reply to any) put most of its TrIds in the hash table, 50 MB of slots filled and
 * rehashed, for what the array holds in 4 MB. A TrId far out (a random or wrapped one) goes to the table.
 */
export class ConnectionByTrId {
  /** Connection + 1, 0 when unknown: a fresh array needs no fill, and its pages are touched only where written. */
  private direct = new Int32Array(256);
  private readonly big = new IntPairMap();

  get(trId: number): number {
    if (trId < this.direct.length) {
      const c = (this.direct[trId] ?? 0) - 1;
      // A TrId past DIRECT_TRIDS may have gone to the table before the array reached it.
      if (c >= 0 || trId < DIRECT_TRIDS) return c;
    } else if (trId < DIRECT_TRIDS) return -1;
    return this.big.size === 0 ? -1 : this.big.get(0, trId);
  }

  set(trId: number, conn: number): void {
    if (trId >= this.direct.length && !this.growFor(trId)) {
      this.big.set(0, trId, conn);
      return;
    }
    // The array's value is the latest: a table entry for this TrId, if any, is older and is never read again.
    this.direct[trId] = conn + 1;
  }

  /** Grow the array to hold `trId` when it is small or counts on; false when it belongs in the table. */
  private growFor(trId: number): boolean {
    const len = this.direct.length;
    if (trId >= DIRECT_TRIDS && (trId >= 2 * len || trId >= DIRECT_MAX)) return false;
    const grown = new Int32Array(Math.min(trId < DIRECT_TRIDS ? DIRECT_TRIDS : DIRECT_MAX, Math.max(trId + 1, len * 2)));
    grown.set(this.direct);
    this.direct = grown;
    return true;
  }
}

/** Server lines that change what we know about the connection: VER result, XFR NS, OUT, fatal errors. */
function noteServerLine(d: ConnectionDrafts, c: number, m: TokenizedMessage): void {
  switch (m.command) {
    case 'VER':
      noteVersion(d, c, m.params);
      return;
    case 'XFR':
      if (firstParamIs(m, 'NS')) d.mark(c, REDIRECTED);
      return;
    case 'OUT':
      d.mark(c, CLOSED, CLOSED_BY_ERROR);
      return;
    default:
      if (m.errorCode !== null && describeError(m.errorCode).closesConnection === 'always' && !d.is(c, CLOSED)) {
        d.mark(c, CLOSED | CLOSED_BY_ERROR);
      }
  }
}

/** `VER 1 MSNP15` → MSNP15 / 15; `VER 1 0` → refused (the server hangs up). */
function noteVersion(d: ConnectionDrafts, c: number, params: readonly string[]): void {
  if (params[0] === '0') {
    d.mark(c, VERSION_REFUSED | CLOSED, CLOSED_BY_ERROR);
    return;
  }
  for (const p of params) {
    // e.g. "MSNP15"
    const match = /^MSNP(\d{1,3})$/i.exec(p);
    if (match?.[1] !== undefined) {
      d.setProtocol(c, p.toUpperCase(), Number(match[1]));
      return;
    }
  }
}

/** Why a client line opens a new connection under the same name / on the NS, or null when it does not. */
function restartReason(d: ConnectionDrafts, c: number, m: TokenizedMessage): InferredFrom | null {
  if (d.is(c, REDIRECTED)) return 'xfr-ns';
  const starts = m.command === 'VER' || m.command === 'ANS' || (m.command === 'USR' && isSwitchboardUsrMessage(m));
  if (!starts || d.count(c) === 0) return null;
  if (d.is(c, CLOSED)) return 'trid-restart';
  return m.trId !== null && m.trId <= d.lastClientTrId(c) ? 'trid-restart' : null;
}

/** Client verbs that a fresh connection starts with (aMSN's proxy retries send only OUT). */
const OPENING_VERBS: ReadonlySet<string> = new Set(['VER', 'USR', 'ANS', 'OUT', 'CNT']);

function opensConnection(m: TokenizedMessage): boolean {
  return OPENING_VERBS.has(m.command);
}

type Role = 'ns' | 'sb' | 'sb-start' | 'either';

function roleOf(m: TokenizedMessage, traits: number): Role {
  const verb = m.command;
  if (m.direction === 'client' && (verb === 'ANS' || (verb === 'USR' && isSwitchboardUsrMessage(m)))) {
    return 'sb-start';
  }
  if ((traits & VERB_SB_ONLY) !== 0) return 'sb';
  if ((traits & VERB_NS_ONLY) !== 0) return 'ns';
  if (verb === 'MSG') {
    // Server `MSG Hotmail Hotmail 1462` is the NS profile/mail notice; every other MSG is switchboard chat.
    return m.direction === 'server' && firstParamIs(m, 'Hotmail') ? 'ns' : 'sb';
  }
  if (verb === 'USR' && m.direction === 'client') return 'ns';
  return 'either';
}

function kindOfVerb(m: TokenizedMessage, traits: number): ConnectionKind {
  const role = roleOf(m, traits);
  if (role === 'sb' || role === 'sb-start') return 'SB';
  return role === 'ns' ? 'NS' : 'unknown';
}

/** Assign connections to every message; ids are stable (`DS1`, `NS1`, `NS2`, `SB1`…) in order of appearance. */
export function assignConnections(messages: readonly TokenizedMessage[]): ConnectionAssignment {
  const assigner = new ConnectionAssigner();
  const connOf = new Int32Array(messages.length);
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (m !== undefined) connOf[i] = assigner.assign(m, i);
  }
  const { connections, afterClose } = assigner.finish();
  return { connOf, connections, afterClose: copyToArray(afterClose) };
}

/**
 * The after-close list with the lines still held on connections an error closed and no later server line reopened,
 * in log order. Held lines are rare (a client writing on after a 540), so the usual answer is the column's view.
 */
function withHeld(afterClose: Int32Array, drafts: ConnectionDrafts): Int32Array {
  const held = drafts.allHeld();
  if (held.length === 0) return afterClose;
  const out = new Int32Array(afterClose.length + held.length);
  out.set(afterClose);
  out.set(held, afterClose.length);
  return out.sort();
}
