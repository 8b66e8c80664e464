/**
 * Switchboard findings: switchboards that were granted (`XFR t SB host CKI cookie`) but never used, and chats
 * that timed out waiting for the invited principal's `JOI` (msnp-protocol.md §6: `CAL` → `RINGING`, then the
 * asynchronous `JOI`; papyon gave up ~10 s after CAL without JOI, libpurple after 60 s).
 */
import type { EventId, Finding, LogEvent } from '../types';
import type { EventIndex } from './event-index';
import {
  errorCodeOf,
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
  const unused: UnusedSwitchboard[] = [];
  const usrByParam = switchboardUsrByParam(index.events);
  for (const ev of index.events) {
    if (ev.direction !== 'client' || ev.command !== 'XFR' || ev.params[0] !== 'SB') continue;
    const reply = firstReplyOf(index, ev);
    if (reply === undefined || reply.command !== 'XFR') continue;
    const cookie = cookieOf(reply);
    if (cookie === null) continue;
    const usr = usrByParam.get(cookie)?.find((u) => u.id > reply.id);
    const used = usr !== undefined && findLaterOnConnection(index, usr, isChatLine) !== undefined;
    if (!used) unused.push({ xfr: ev, reply, usr });
  }
  return unused.length === 0 ? [] : [unusedFinding(unused)];
}

/**
 * Switchboard USRs (`USR t handle cookie`) by each of their params, in log order: one pass instead of a scan of
 * the whole log per granted switchboard (which made this rule quadratic on large logs).
 */
function switchboardUsrByParam(events: readonly LogEvent[]): Map<string, LogEvent[]> {
  const out = new Map<string, LogEvent[]>();
  for (const u of events) {
    if (u.direction !== 'client' || u.command !== 'USR' || isAuthUsr(u)) continue;
    for (const p of u.params) {
      const list = out.get(p);
      if (list === undefined) out.set(p, [u]);
      else if (list[list.length - 1] !== u) list.push(u); // a param repeated on one line counts once
    }
  }
  return out;
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
  const own = findOwnHandle(index.events);
  const out: Finding[] = [];
  for (const [, ids] of index.byConnection) {
    const waiting = callsWithoutJoin(index, ids);
    if (waiting.length === 0) continue;
    const first = waiting[0];
    if (first === undefined) continue;
    const leave = leaveAfter(index, first.cal);
    if (leave === null) continue;
    out.push(joinTimeoutFinding(waiting, leave, own, out.length + 1));
  }
  return out;
}

function callsWithoutJoin(index: EventIndex, ids: readonly EventId[]): PendingCall[] {
  const joined = new Set<string>();
  const calls: PendingCall[] = [];
  for (const id of ids) {
    const ev = index.events[id];
    if (ev === undefined) continue;
    if (ev.direction === 'server' && (ev.command === 'JOI' || ev.command === 'IRO')) {
      const handle = ev.command === 'JOI' ? ev.params[0] : ev.params[2];
      if (handle !== undefined) joined.add(normalizeHandle(handle));
    }
    if (ev.direction !== 'client' || ev.command !== 'CAL') continue;
    const reply = firstReplyOf(index, ev);
    if (reply !== undefined && errorCodeOf(reply) !== null) continue; // refused: an error finding, not a timeout
    calls.push({ cal: ev, reply });
  }
  return calls.filter((c) => !joined.has(normalizeHandle(c.cal.params[0] ?? '')));
}

interface Leave {
  readonly event: LogEvent | null;
  readonly waitedMs: number | null;
}

/** How the wait ended: the client's OUT on that switchboard, or (with times) ≥10 s of log without a JOI. */
function leaveAfter(index: EventIndex, cal: LogEvent): Leave | null {
  const out = findLaterOnConnection(index, cal, (e) => e.direction === 'client' && e.command === 'OUT');
  const last = index.events.at(-1);
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
