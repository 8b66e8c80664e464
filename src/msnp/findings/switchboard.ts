/**
 * Switchboard findings: switchboards that were granted (`XFR t SB host CKI cookie`) but never used, and chats
 * that timed out waiting for the invited principal's `JOI` (msnp-protocol.md §6: `CAL` → `RINGING`, then the
 * asynchronous `JOI`; papyon gave up ~10 s after CAL without JOI, libpurple after 60 s).
 */
import type { ConnectionId, EventId, Finding, LogEvent } from '../types';
import type { EventIndex } from './event-index';
import {
  errorCodeOf,
  eventsOfVerb,
  evidenceOf,
  findOwnHandle,
  firstReplyOf,
  formatSpan,
  isAuthUsr,
  findLaterOnConnection,
  normalizeHandle,
  plural,
} from './event-index';

/** Shortest silence after a CAL that counts as a timeout when the client does not say it left. */
const JOIN_TIMEOUT_MS = 10_000;

/** `XFR 20 SB 64.4.61.110:1863 CKI 924023575.140242124.23015820 …` → the cookie after `CKI`. */
function cookieOf(reply: LogEvent): string | null {
  const cki = reply.params.indexOf('CKI');
  return cki >= 0 ? (reply.params[cki + 1] ?? null) : null;
}

interface UnusedSwitchboard {
  readonly xfr: LogEvent;
  readonly reply: LogEvent;
  readonly usr: LogEvent | undefined;
}

/** Switchboards requested and granted but never used for a chat, as one finding. */
export function findUnusedSwitchboards(index: EventIndex): Finding[] {
  const grants: { xfr: LogEvent; reply: LogEvent; cookie: string }[] = [];
  for (const ev of eventsOfVerb(index, 'XFR')) {
    if (ev.direction !== 'client' || ev.command !== 'XFR' || ev.params[0] !== 'SB') continue;
    const reply = firstReplyOf(index, ev);
    if (reply === undefined || reply.command !== 'XFR') continue;
    const cookie = cookieOf(reply);
    if (cookie !== null) grants.push({ xfr: ev, reply, cookie });
  }
  if (grants.length === 0) return [];
  const usrs = firstUsrWithCookie(eventsOfVerb(index, 'USR'), grants);
  const unused: UnusedSwitchboard[] = [];
  grants.forEach(({ xfr, reply }, k) => {
    const usr = usrs[k];
    const used = usr !== undefined && findLaterOnConnection(index, usr, isChatLine) !== undefined;
    if (!used) unused.push({ xfr, reply, usr });
  });
  return unused.length === 0 ? [] : [unusedFinding(unused)];
}

/**
 * For each grant, the first switchboard USR (`USR t handle cookie`) after its reply that carries its cookie, in
 * one pass over the log (a scan per grant made this rule quadratic on large logs). Only params that are granted
 * cookies are looked up, so the map holds the grants, not every token of every USR.
 */
function firstUsrWithCookie(events: readonly LogEvent[], grants: readonly { reply: LogEvent; cookie: string }[]): (LogEvent | undefined)[] {
  const byCookie = new Map<string, number[]>();
  grants.forEach((g, k) => {
    const list = byCookie.get(g.cookie);
    if (list === undefined) byCookie.set(g.cookie, [k]);
    else list.push(k);
  });
  const found = new Array<LogEvent | undefined>(grants.length).fill(undefined);
  for (const u of events) {
    if (u.direction !== 'client' || u.command !== 'USR' || isAuthUsr(u)) continue;
    for (const p of u.params) {
      const ks = byCookie.get(p);
      if (ks === undefined) continue;
      for (const k of ks) if (found[k] === undefined && (grants[k]?.reply.id ?? Infinity) < u.id) found[k] = u;
    }
  }
  return found;
}

function isChatLine(ev: LogEvent): boolean {
  return ev.direction === 'client' && (ev.command === 'CAL' || ev.command === 'MSG');
}

function unusedFinding(list: readonly UnusedSwitchboard[]): Finding {
  const never = list.filter((u) => u.usr === undefined);
  const idle = list.filter((u) => u.usr !== undefined);
  const parts = [
    never.length > 0
      ? `${plural(never.length, 'grant')} (line${never.length === 1 ? '' : 's'} ${never.map((u) => u.reply.line).join(', ')}) ${never.length === 1 ? 'was' : 'were'} never connected to (no switchboard USR with ${never.length === 1 ? 'its' : 'their'} cookie)`
      : '',
    idle.length > 0
      ? `${plural(idle.length, 'switchboard')} ${idle.length === 1 ? 'was' : 'were'} joined (line${idle.length === 1 ? '' : 's'} ${idle.map((u) => u.usr?.line ?? 0).join(', ')}) but saw no CAL and no message`
      : '',
  ].filter((p) => p !== '');
  const evidence: EventId[] = evidenceOf(list.flatMap((u) => [u.xfr.id, u.reply.id, ...(u.usr === undefined ? [] : [u.usr.id])]));
  return {
    id: 'switchboard-unused-1',
    kind: 'switchboard-unused',
    severity: 'note',
    group: 'sequence',
    title: `${plural(list.length, 'switchboard')} requested but never used`,
    narrative: `The client asked for ${plural(list.length, 'switchboard')} (XFR SB) and the server granted ${list.length === 1 ? 'it' : 'them'}, but ${parts.join('; ')}. Unused requests still count towards the limit of 8 switchboard requests per 60 s.`,
    advice: 'Request a switchboard only when a chat starts, and reuse an open one for the same contact.',
    evidence,
    detail: { kind: 'none' },
  };
}

interface PendingCall {
  readonly cal: LogEvent;
  readonly reply: LogEvent | undefined;
}

/** Chats where invited principals never joined and the client gave up (or the log went on without them). */
export function findJoinTimeouts(index: EventIndex): Finding[] {
  const byConn = callsAndJoins(index);
  if (byConn.size === 0) return [];
  const own = findOwnHandle(index);
  const out: Finding[] = [];
  for (const [conn] of index.byConnection) {
    const found = byConn.get(conn);
    if (found === undefined) continue;
    const waiting = found.calls.filter((c) => !found.joined.has(normalizeHandle(c.cal.params[0] ?? '')));
    const first = waiting[0];
    if (first === undefined) continue;
    const leave = leaveAfter(index, first.cal);
    if (leave === null) continue;
    out.push(joinTimeoutFinding(waiting, leave, own, out.length + 1));
  }
  return out;
}

/**
 * Per connection: the CALs not refused by an error (log order) and the principals that joined (JOI, IRO rows).
 * Built from the CAL/JOI/IRO lines only, not a walk over every line of every connection.
 */
function callsAndJoins(index: EventIndex): Map<ConnectionId, { calls: PendingCall[]; joined: Set<string> }> {
  const byConn = new Map<ConnectionId, { calls: PendingCall[]; joined: Set<string> }>();
  const entry = (conn: ConnectionId): { calls: PendingCall[]; joined: Set<string> } => {
    let e = byConn.get(conn);
    if (e === undefined) {
      e = { calls: [], joined: new Set() };
      byConn.set(conn, e);
    }
    return e;
  };
  for (const ev of eventsOfVerb(index, 'CAL')) {
    if (ev.direction !== 'client') continue;
    const reply = firstReplyOf(index, ev);
    if (reply !== undefined && errorCodeOf(reply) !== null) continue; // refused: an error finding, not a timeout
    entry(ev.connection).calls.push({ cal: ev, reply });
  }
  if (byConn.size === 0) return byConn;
  for (const verb of ['JOI', 'IRO']) {
    for (const ev of eventsOfVerb(index, verb)) {
      const calls = byConn.get(ev.connection);
      const handle = verb === 'JOI' ? ev.params[0] : ev.params[2];
      if (calls !== undefined && ev.direction === 'server' && handle !== undefined) calls.joined.add(normalizeHandle(handle));
    }
  }
  return byConn;
}

interface Leave {
  readonly event: LogEvent | null;
  readonly waitedMs: number | null;
}

/** How the wait ended: the client's OUT on that switchboard, or (with times) ≥10 s of log without a JOI. */
function leaveAfter(index: EventIndex, cal: LogEvent): Leave | null {
  const out = findLaterOnConnection(index, cal, (e) => e.direction === 'client' && e.command === 'OUT');
  const last = index.at(index.events.length - 1);
  const end = out ?? (last !== undefined && last.id > cal.id ? last : undefined);
  const waited = end?.time != null && cal.time !== null ? end.time - cal.time : null;
  if (out !== undefined) return { event: out, waitedMs: waited };
  if (waited !== null && waited >= JOIN_TIMEOUT_MS) return { event: end ?? null, waitedMs: waited };
  return null;
}

function joinTimeoutFinding(calls: readonly PendingCall[], leave: Leave, own: string | null, n: number): Finding {
  const described = calls.map(({ cal, reply }) => {
    const handle = normalizeHandle(cal.params[0] ?? '?');
    const self = own !== null && handle === own ? ' (your own address)' : '';
    const answer = reply === undefined ? 'no RINGING' : 'RINGING';
    return `CAL ${cal.trId ?? '?'} to ${handle}${self} (${answer})`;
  });
  const waited = leave.waitedMs === null ? '' : ` ${formatSpan(leave.waitedMs)}`;
  const how =
    leave.event?.command === 'OUT' && leave.event.direction === 'client'
      ? `after${waited} the client left the switchboard (OUT, line ${leave.event.line})`
      : `the log goes on for${waited} without a JOI`;
  const selfCall = described.some((d) => d.includes('your own address'))
    ? ' Calling your own address never produces a JOI.'
    : '';
  return {
    id: `switchboard-join-timeout-${n}`,
    kind: 'switchboard-join-timeout',
    severity: 'warning',
    group: 'sequence',
    title: `Chat timed out waiting for JOI: ${plural(calls.length, 'invitation')} never joined`,
    narrative: `${described.join('; ')}: no JOI arrived, and ${how}.${selfCall}`,
    advice: 'Check that the invited contact is online and not blocking you; a CAL without RINGING means the server never took the invitation (check the CAL line and the switchboard connection).',
    evidence: evidenceOf(calls.flatMap((c) => [c.cal.id, ...(c.reply === undefined ? [] : [c.reply.id])]).concat(leave.event === null ? [] : [leave.event.id])),
    detail: { kind: 'none' },
  };
}
