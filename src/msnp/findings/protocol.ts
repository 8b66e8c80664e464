/**
 * Protocol findings: warnings and notes built from the pairing stage's diagnostics and from the events
 * themselves — unanswered commands (grouped by command), orphan replies, payload and MSG length mismatches,
 * commands after close, a mid-session start, duplicate open TrIds, errors followed by a close, and error replies
 * that no login or rate-limit finding explains.
 */
import { DIR_CLIENT, DIR_SERVER } from '../event-store';
import { lookupError } from '../error-codes';
import type { Diagnostic, DiagnosticKind, EventId, Finding, LogEvent } from '../types';
import { commandOfReplyId, nextOnConnectionId, sortedUniqueIds, type EvidenceMarks } from './column-reads';
import type { EventIndex } from './event-index';
import { evidenceOf, plural, eventAt, NO_IDS } from './event-index';

const LOGIN_VERBS = new Set(['VER', 'INF', 'CVR', 'USR', 'ANS']);

function diagEvents(diags: readonly Diagnostic[], kind: DiagnosticKind): EventId[] {
  return diags.filter((d) => d.kind === kind).flatMap((d) => d.events);
}

/** Unanswered commands, one finding per command verb. */
export function findUnanswered(index: EventIndex, diags: readonly Diagnostic[]): Finding[] {
  const ids = new Set<EventId>(diagEvents(diags, 'unanswered'));
  for (let k4 = 0, ids4 = index.unanswered; k4 < ids4.length; k4++) {
    const id = ids4[k4] ?? 0;
    ids.add(id as EventId);
  }
  const byCommand = new Map<string, LogEvent[]>();
  for (const id of [...ids].sort((a, b) => a - b)) {
    const ev = eventAt(index, id);
    if (ev === undefined) continue;
    const key = ev.command === 'XFR' ? `XFR ${ev.params[0] ?? ''}`.trim() : ev.command;
    const list = byCommand.get(key); // push, not spread: see findOtherErrors
    if (list === undefined) byCommand.set(key, [ev]);
    else list.push(ev);
  }
  return [...byCommand].map(([command, evs], i) => ({
    id: `unanswered-commands-${i + 1}`,
    kind: 'unanswered-commands' as const,
    severity: 'warning' as const,
    group: 'sequence' as const,
    title: `${plural(evs.length, `${command} command`)} got no reply`,
    narrative: `${plural(evs.length, `${command} command`)} expected a reply and none is in the log (${linesText(evs)}). Either the server never answered, the connection dropped, or the log was cut before the reply.`,
    advice: 'Check whether the log ends or the connection closes right after these lines; if not, the server ignored them (a malformed line is often silently dropped).',
    evidence: evs.map((e) => e.id),
    detail: { kind: 'none' as const },
  }));
}

/** `lines 3, 9, 12`: the first eight of `total` lines (`evs` may hold only those eight). */
function linesText(evs: readonly { readonly line: number }[], total = evs.length): string {
  const shown = evs.slice(0, 8).map((e) => e.line).join(', ');
  return `line${total === 1 ? '' : 's'} ${shown}${total > 8 ? `, … (${total} in all)` : ''}`;
}

/** A finding straight from one kind of diagnostic, when the pairing stage reported any. */
function fromDiagnostics(
  index: EventIndex,
  diags: readonly Diagnostic[],
  kind: 'orphan-reply' | 'duplicate-open-trid',
): Finding[] {
  const ids = evidenceOf(diagEvents(diags, kind));
  if (ids.length === 0) return [];
  const evs = ids.map((id) => eventAt(index, id)).filter((e): e is LogEvent => e !== undefined);
  if (kind === 'orphan-reply') {
    return [
      {
        id: 'orphan-replies-1',
        kind: 'orphan-replies',
        severity: 'note',
        group: 'sequence',
        title: `${plural(evs.length, 'reply', 'replies')} without their command`,
        narrative: `${plural(evs.length, 'server reply', 'server replies')} answer a TrId whose command is not in the log (${linesText(evs)}). Usually the log starts after the command was sent, or a line was lost.`,
        advice: 'If the log is complete, look for commands the logger did not print (some tools skip outgoing payload commands).',
        evidence: ids,
        detail: { kind: 'none' },
      },
    ];
  }
  return [
    {
      id: 'duplicate-open-trid-1',
      kind: 'duplicate-open-trid',
      severity: 'warning',
      group: 'sequence',
      title: `TrId reused while still open (${plural(evs.length, 'line')})`,
      narrative: `The client reused a TrId before its first command was answered (${linesText(evs)}), so replies cannot be told apart.`,
      advice: 'Give every command on a connection its own, increasing TrId.',
      evidence: ids,
      detail: { kind: 'none' },
    },
  ];
}

/** Declared payload length versus the bytes the log shows; MSG bodies get their own finding. */
export function findLengthMismatches(index: EventIndex, diags: readonly Diagnostic[]): Finding[] {
  const ids = new Set<EventId>(diagEvents(diags, 'payload-length-mismatch'));
  for (let k5 = 0, ids5 = index.shownPayloads; k5 < ids5.length; k5++) {
    const id = ids5[k5] ?? 0;
    ids.add(id as EventId);
  }
  const evs = [...ids].sort((a, b) => a - b).map((id) => eventAt(index, id)).filter((e): e is LogEvent => e !== undefined);
  const msg = evs.filter((e) => e.command === 'MSG');
  const other = evs.filter((e) => e.command !== 'MSG');
  const out: Finding[] = [];
  if (other.length > 0) out.push(mismatchFinding(other, 'payload', out.length + 1));
  if (msg.length > 0) out.push(mismatchFinding(msg, 'MSG', out.length + 1));
  return out;
}

function mismatchFinding(evs: readonly LogEvent[], what: 'payload' | 'MSG', n: number): Finding {
  const details = evs.slice(0, 5).map((e) => `line ${e.line}: ${e.payload?.declaredBytes ?? '?'} declared, ${e.payload?.shownBytes ?? '?'} shown`);
  const cut = evs.some((e) => e.payload?.visibility === 'partial');
  const title =
    what === 'MSG'
      ? `${plural(evs.length, 'MSG body', 'MSG bodies')} ${evs.length === 1 ? 'differs' : 'differ'} from the declared length`
      : `${plural(evs.length, 'payload')} ${evs.length === 1 ? 'differs' : 'differ'} from the declared length`;
  return {
    id: `payload-length-mismatch-${n}`,
    kind: 'payload-length-mismatch',
    severity: cut ? 'note' : 'warning',
    group: 'malformed',
    title,
    narrative: `The length token (the last token of the header line, a count of bytes) disagrees with the body the log shows — ${details.join('; ')}${evs.length > 5 ? '; …' : ''}.${cut ? ' Where the log shows fewer bytes, the logger or the paste probably cut the body.' : ''}`,
    advice:
      what === 'MSG'
        ? 'A client that sends a wrong MSG length gets 282 or desynchronises the connection: count bytes (UTF-8), not characters, and include every header line.'
        : 'Count payload length in bytes (UTF-8), not characters; if the log is a paste, check it was not cut.',
    evidence: evs.map((e) => e.id),
    detail: { kind: 'none' },
  };
}

/** Client commands after its own or the server's OUT on the same connection. */
export function findAfterClose(index: EventIndex, diags: readonly Diagnostic[], explained: EvidenceMarks): Finding[] {
  const ids = new Set<EventId>(diagEvents(diags, 'after-close'));
  for (const id of clientLinesAfterOut(index)) ids.add(id as EventId);
  // An OUT that a login finding already explains is the client closing a connection the log could not tell apart.
  const evs = [...ids]
    .filter((id) => explained[id] !== 1)
    .sort((a, b) => a - b)
    .map((id) => eventAt(index, id))
    .filter((e): e is LogEvent => e !== undefined);
  if (evs.length === 0) return [];
  return [
    {
      id: 'after-close-1',
      kind: 'after-close',
      severity: 'warning',
      group: 'sequence',
      title: `${plural(evs.length, 'command')} sent after the connection was closed`,
      narrative: `After OUT (from the client or the server) nothing more can be sent on that connection, yet the log shows ${linesText(evs)}.`,
      advice: 'Stop writing to a connection once OUT is sent or received; reconnect instead.',
      evidence: evs.map((e) => e.id),
      detail: { kind: 'none' },
    },
  ];
}

/** Client lines other than OUT after a connection's first OUT: only connections with an OUT are walked, from it on. */
function clientLinesAfterOut(index: EventIndex): number[] {
  const { store } = index;
  const out: number[] = [];
  const outVerb = store.verbs.indexOf('OUT');
  const next = index.nextOnConn;
  // The first OUT of each connection, in the order those OUTs come (a loop of its own: see firstOuts).
  const firsts = firstOuts(index);
  for (let k = 0; k < firsts.length; k++) {
    for (let j = next[firsts[k] ?? 0] ?? -1; j >= 0; j = next[j] ?? -1) {
      if (store.dirCode(j) === DIR_CLIENT && store.verbIdOf(j) !== outVerb) out.push(j);
    }
  }
  return out;
}

/**
 * The first OUT line of each connection that has one, in log order. Its own function: on a fresh run code after
 * an optimised loop that has not run yet sends the function back to the interpreter, here before a second loop.
 */
function firstOuts(index: EventIndex): number[] {
  const { store } = index;
  const seen = new Uint8Array(store.connectionIds.length);
  const out: number[] = [];
  for (let k6 = 0, ids6 = index.verbIds.get('OUT') ?? NO_IDS; k6 < ids6.length; k6++) {
    const id = ids6[k6] ?? 0;
    const c = store.connIndex(id);
    if (seen[c] === 1) continue;
    seen[c] = 1;
    out.push(id);
  }
  return out;
}

/** The log starts with traffic that needs a signed-in session (no VER/USR before it). */
export function findMidSessionStart(index: EventIndex, diags: readonly Diagnostic[], explained: EvidenceMarks): Finding[] {
  // A connection that starts with a bare OUT is a login attempt that never sent VER, not a mid-session start.
  const ids = diagEvents(diags, 'mid-session-start').filter((id) => !(eventAt(index, id)?.command === 'OUT' && explained[id] === 1));
  const first = eventAt(index, 0);
  const diagSaid = diags.some((d) => d.kind === 'mid-session-start');
  if (ids.length === 0 && (diagSaid || first === undefined || LOGIN_VERBS.has(first.command) || first.command === 'OUT')) return [];
  const evidence = evidenceOf(ids.length > 0 ? ids : first === undefined ? [] : [first.id]);
  const firstEv = eventAt(index, evidence[0] ?? -1);
  return [
    {
      id: 'mid-session-start-1',
      kind: 'mid-session-start',
      severity: 'note',
      group: 'sequence',
      title: 'The log starts mid-session',
      narrative: `The first protocol line${firstEv === undefined ? '' : ` (line ${firstEv.line}, ${firstEv.command})`} comes before any VER or USR, so the sign-in is not in the log and earlier commands (and their effect on rate limits) are unknown.`,
      advice: 'For sign-in problems, capture the log from the moment the client connects.',
      evidence,
      detail: { kind: 'none' },
    },
  ];
}

export function findOrphansAndDuplicates(index: EventIndex, diags: readonly Diagnostic[]): Finding[] {
  return [...fromDiagnostics(index, diags, 'orphan-reply'), ...fromDiagnostics(index, diags, 'duplicate-open-trid')];
}

/** Errors after which the server closes: its next line on the connection is OUT, or the connection ends there. */
export function findErrorThenClose(index: EventIndex, explained: EvidenceMarks): Finding[] {
  const { store } = index;
  const outVerb = store.verbs.indexOf('OUT');
  const out: Finding[] = [];
  for (let k7 = 0, ids7 = index.serverErrors; k7 < ids7.length; k7++) {
    const id = ids7[k7] ?? 0;
    if (explained[id] === 1) continue;
    const next = nextOnConnectionId(index, id);
    const serverOut = next >= 0 && store.verbIdOf(next) === outVerb && store.dirCode(next) === DIR_SERVER;
    const lastOfConn = next < 0 && id < store.length - 1; // ids are indexes: not the log's last event
    if (serverOut || lastOfConn) out.push(errorThenCloseFinding(index, id, serverOut ? next : -1, out.length + 1));
  }
  return out;
}

/** `serverOut`: the server's OUT right after the error, or −1 when the connection simply ends. */
function errorThenCloseFinding(index: EventIndex, id: number, serverOut: number, n: number): Finding {
  const ev = index.at(id) as LogEvent;
  const code = index.store.codeOf(id);
  const how = serverOut >= 0 ? `the server then closed the session (OUT, line ${index.store.lineOf(serverOut)})` : 'nothing more happens on that connection while the log goes on elsewhere';
  return {
    id: `error-then-close-${n}`,
    kind: 'error-then-close',
    severity: 'warning',
    group: 'response-code',
    title: `Error ${code} followed by the connection closing (line ${ev.line})`,
    narrative: `The server answered ${code}${ev.error?.known === true ? ` (${ev.error.name})` : ''} and ${how}. Some errors are fatal for the connection; the client has to reconnect.`,
    advice: 'Fix what the command before this error did wrong; then reconnect rather than continue on the closed connection.',
    evidence: evidenceOf([ev.id, ...(ev.replyTo === null ? [] : [ev.replyTo]), ...(serverOut >= 0 ? [serverOut as EventId] : [])]),
    detail: { kind: 'none' },
  };
}

/** Error replies no other finding explains (any mark: login, rate limit, error then close), grouped by code. */
export function findOtherErrors(index: EventIndex, explained: EvidenceMarks): Finding[] {
  const byCode = new Map<number, number[]>();
  for (let k8 = 0, ids8 = index.serverErrors; k8 < ids8.length; k8++) {
    const id = ids8[k8] ?? 0;
    if (explained[id] !== 0) continue;
    const code = index.store.codeOf(id);
    const list = byCode.get(code);
    if (list === undefined) byCode.set(code, [id]);
    else list.push(id);
  }
  return [...byCode].map(([code, ids], i) => errorReplyFinding(index, code, ids, i + 1));
}

/** One finding for the unexplained errors of one code (`ids` in log order). */
function errorReplyFinding(index: EventIndex, code: number, ids: readonly number[], n: number): Finding {
  const { store } = index;
  const ref = lookupError(code);
  const name = ref.known ? ref.name : null;
  const commands = new Set<string>();
  const evidence: number[] = [];
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k] ?? 0;
    const cmd = commandOfReplyId(index, id);
    commands.add(cmd < 0 ? '' : store.commandOf(cmd));
    evidence.push(id);
    const replyTo = store.replyToOf(id);
    if (replyTo >= 0) evidence.push(replyTo);
  }
  const commandText = [...commands].join(', ');
  const shown = ids.slice(0, 8).map((id) => ({ line: store.lineOf(id) }));
  return {
    id: `error-reply-${n}`,
    kind: 'error-reply',
    severity: code >= 500 ? 'warning' : 'note',
    group: 'response-code',
    title: `${code}${name === null ? '' : ` ${name}`} ×${ids.length}${commandText === '' ? '' : ` (to ${commandText})`}`,
    narrative: `The server answered ${plural(ids.length, 'command')} with ${code}${name === null ? '' : ` (${name})`} — ${linesText(shown, ids.length)}.`,
    advice: 'See the error code in the detail pane for what the server expected.',
    evidence: sortedUniqueIds(evidence).slice(), // sized to its length: it outlives the parse
    detail: { kind: 'none' },
  };
}
