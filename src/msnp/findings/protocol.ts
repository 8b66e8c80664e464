/**
 * Protocol findings: warnings and notes built from the pairing stage's diagnostics and from the events
 * themselves — unanswered commands (grouped by command), orphan replies, payload and MSG length mismatches,
 * commands after close, a mid-session start, duplicate open TrIds, errors followed by a close, and error replies
 * that no login or rate-limit finding explains.
 */
import { DIR_CLIENT, DIR_SERVER } from '../event-store';
import { ERROR_CATALOG, lookupError } from '../error-codes';
import { IntColumn } from '../int-column';
import type { Explanation } from '../explain';
import type { Connection, Diagnostic, DiagnosticKind, EventId, Finding, LogEvent } from '../types';
import { commandOfReplyId, isAscending, isIdList, nextOnConnectionId, sortedUniqueIds, type EvidenceMarks } from './column-reads';
import type { EventIndex } from './event-index';
import { evidenceOf, ordinal, plural, eventAt, sessionEndOf, sessionOf, NO_IDS } from './event-index';
import { SESSION_START_VERBS } from '../verb-roles';


/** Event ids of every diagnostic, by kind, gathered in one pass over the list (several rules read them). */
export type DiagnosticIds = ReadonlyMap<DiagnosticKind, readonly EventId[]>;

export function diagnosticIds(diags: readonly Diagnostic[]): DiagnosticIds {
  // Per kind: how many diagnostics and how many events, then (for a kind of several) its list and how far filled.
  const tally = new Map<DiagnosticKind, { count: number; total: number; list: EventId[] | null; filled: number }>();
  for (const d of diags) {
    const t = tally.get(d.kind);
    if (t === undefined) tally.set(d.kind, { count: 1, total: d.events.length, list: null, filled: 0 });
    else {
      t.count++;
      t.total += d.events.length;
    }
  }
  const out = new Map<DiagnosticKind, readonly EventId[]>();
  for (const d of diags) {
    const t = tally.get(d.kind);
    if (t === undefined) continue;
    // A kind with one diagnostic shares its list, read-only: a log of orphan replies (a grep of a server log for
    // `800`) has one diagnostic over a million events, and copying its list cost a tenth of a second.
    if (t.count === 1) {
      out.set(d.kind, d.events);
      continue;
    }
    // Allocated at its final size: ten thousand one-event diagnostics then a summed-up one of a million events
    // (a flood of unanswered commands), pushed one by one, cost four times the copy.
    let list = t.list;
    if (list === null) {
      list = t.list = new Array<EventId>(t.total);
      out.set(d.kind, list);
    }
    const events = d.events;
    let w = t.filled;
    for (let k = 0; k < events.length; k++) list[w++] = events[k] ?? (0 as EventId);
    t.filled = w;
  }
  return out;
}

function idsOf(diags: DiagnosticIds, kind: DiagnosticKind): readonly EventId[] {
  return diags.get(kind) ?? [];
}

/**
 * `ids` with `more` added, sorted and without repeats. Both lists are usually in log order already
 * (a diagnostic's and the index's, often the same ids): merged in one pass then, where appending and sorting
 * half a million ids of a log of unanswered commands cost a tenth of a second.
 */
export function unionIds(ids: readonly number[], more: Int32Array): EventId[] {
  if (!isAscending(ids) || !isAscending(more)) {
    const all = ids.slice();
    for (let k = 0; k < more.length; k++) all.push(more[k] ?? 0);
    return sortedUniqueIds(all);
  }
  // Counted first, then allocated at its size: a list of both lengths was pages of holes written for nothing
  // (the lists of a log of unanswered commands are the same million ids twice).
  const out = new Array<number>(mergeIds(ids, more, null));
  mergeIds(ids, more, out);
  return out as EventId[];
}

/** Merge two ascending lists without repeats into `out` (null: only count); the merged length. */
function mergeIds(ids: readonly number[], more: Int32Array, out: number[] | null): number {
  let a = 0;
  let b = 0;
  let w = 0;
  let last = -Infinity;
  while (a < ids.length || b < more.length) {
    const x = a < ids.length ? (ids[a] ?? 0) : Infinity;
    const y = b < more.length ? (more[b] ?? 0) : Infinity;
    const v = x <= y ? x : y;
    if (x === v) a++;
    if (y === v) b++;
    if (w > 0 && last === v) continue;
    if (out !== null) out[w] = v;
    w++;
    last = v;
  }
  return w;
}


/**
 * Unanswered-command findings shown one per command verb, at most: a log of made-up verbs (a fuzzer's, a
 * corrupted paste) would give one finding per verb; the smallest groups past this many share one.
 */
const UNANSWERED_GROUPS = 20;

/** Unanswered commands, one finding per command verb (`XFR` per kind of transfer). Read on the columns. */
export function findUnanswered(index: EventIndex, diags: DiagnosticIds, saidElsewhere?: Uint8Array): Finding[] {
  const ids = unionIds(idsOf(diags, 'unanswered'), index.unanswered);
  return unansweredGroups(index, ids, saidElsewhere).map((g, i) => ({
    id: `unanswered-commands-${i + 1}`,
    kind: 'unanswered-commands' as const,
    severity: 'warning' as const,
    group: 'sequence' as const,
    title: `${g.what} got no reply`,
    narrative: `${g.what} expected a reply and none is in the log (${linesText(linesOf(index, g.ids), g.ids.length)}). Either the server never answered, the connection dropped, or the log was cut before the reply.`,
    advice: g.ids.length === 1
      ? 'Check whether the log ends or the connection closes right after this line; if not, the server ignored it (a malformed line is often silently dropped).'
      : 'Check whether the log ends or the connection closes right after these lines; if not, the server ignored them (a malformed line is often silently dropped).',
    evidence: g.ids,
    detail: { kind: 'none' as const },
  }));
}

interface UnansweredGroup {
  /** `3 CAL commands`, `40 commands of 17 other verbs`. */
  readonly what: string;
  readonly ids: EventId[];
}

/**
 * The unanswered commands among `ids` (ascending, no repeats) by command, in order of their first line; past
 * UNANSWERED_GROUPS, the smallest groups merged into one, last. Each list is allocated at its final size from a
 * first pass that counts: a log of a million made-up verbs pushed every id into a list, then the merged ones
 * into another that was sorted again, where the ids were in log order all along.
 */
export function unansweredGroups(index: EventIndex, ids: readonly number[], saidElsewhere?: Uint8Array): UnansweredGroup[] {
  const { commands, groupOf, sizes } = groupByCommand(index, ids, saidElsewhere);
  const n = commands.length;
  // The largest keep their own finding (ties: the earlier first line); the rest are one group, in log order.
  const kept = new Uint8Array(n);
  if (n <= UNANSWERED_GROUPS) kept.fill(1);
  else {
    const order = Array.from({ length: n }, (_, g) => g).sort((a, b) => (sizes[b] ?? 0) - (sizes[a] ?? 0) || a - b);
    for (let k = 0; k < UNANSWERED_GROUPS - 1; k++) kept[order[k] ?? 0] = 1;
  }
  // Group g's list; every merged group writes into the one list of the rest (index n).
  const target = new Int32Array(n);
  const lists: EventId[][] = [];
  let restSize = 0;
  for (let g = 0; g < n; g++) {
    if (kept[g] === 1) {
      target[g] = lists.length;
      lists.push(new Array<EventId>(sizes[g] ?? 0));
    } else restSize += sizes[g] ?? 0;
  }
  const restAt = lists.length;
  for (let g = 0; g < n; g++) if (kept[g] !== 1) target[g] = restAt;
  if (n > UNANSWERED_GROUPS) lists.push(new Array<EventId>(restSize));
  const filled = new Int32Array(lists.length);
  for (let k = 0; k < ids.length; k++) {
    const g = groupOf[k] ?? -1;
    if (g < 0) continue;
    const t = target[g] ?? 0;
    const list = lists[t];
    if (list === undefined) continue;
    const at = filled[t] ?? 0;
    filled[t] = at + 1;
    list[at] = (ids[k] ?? 0) as EventId;
  }
  const out: UnansweredGroup[] = [];
  for (let g = 0; g < n; g++) {
    if (kept[g] === 1) out.push({ what: plural(sizes[g] ?? 0, `${commands[g] ?? ''} command`), ids: lists[target[g] ?? 0] ?? [] });
  }
  if (n > UNANSWERED_GROUPS) out.push({ what: `${plural(restSize, 'command')} of ${n - (UNANSWERED_GROUPS - 1)} other verbs`, ids: lists[restAt] ?? [] });
  return out;
}

/** Each of `ids`' group (−1: not counted) by its command key, the keys in order of first line, and group sizes. */
function groupByCommand(index: EventIndex, ids: readonly number[], saidElsewhere?: Uint8Array): { commands: string[]; groupOf: Int32Array; sizes: number[] } {
  const { store } = index;
  const commands: string[] = [];
  const sizes: number[] = [];
  const byKey = new Map<string, number>();
  // The group of each verb id (−1: not seen yet), so most lines skip the Map; XFR is keyed by its first param.
  const byVerb = new Int32Array(store.verbs.length).fill(-1);
  const groupOf = new Int32Array(ids.length).fill(-1);
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k] ?? 0;
    if (id < 0 || id >= store.length || saidElsewhere?.[id] === 1) continue;
    const v = store.verbIdOf(id);
    let g = byVerb[v] ?? -1;
    if (g < 0) {
      const command = store.commandOf(id);
      const key = command === 'XFR' ? `XFR ${store.paramAt(id, 0) ?? ''}`.trim() : command;
      g = byKey.get(key) ?? -1;
      if (g < 0) {
        g = commands.length;
        byKey.set(key, g);
        commands.push(key);
        sizes.push(0);
      }
      if (command !== 'XFR') byVerb[v] = g;
    }
    groupOf[k] = g;
    sizes[g] = (sizes[g] ?? 0) + 1;
  }
  return { commands, groupOf, sizes };
}

/** The first lines `linesText` shows of a list of event ids. */
function linesOf(index: EventIndex, ids: readonly number[]): { readonly line: number }[] {
  return ids.slice(0, 8).map((id) => ({ line: index.store.lineOf(id) }));
}

/** `lines 3, 9, 12`: the first eight of `total` lines (`evs` may hold only those eight). */
function linesText(evs: readonly { readonly line: number }[], total = evs.length): string {
  const shown = evs.slice(0, 8).map((e) => e.line).join(', ');
  return `line${total === 1 ? '' : 's'} ${shown}${total > 8 ? `, … (${total} in all)` : ''}`;
}

/** A finding straight from one kind of diagnostic, when the pairing stage reported any. */
function fromDiagnostics(index: EventIndex, diags: DiagnosticIds, kind: 'orphan-reply' | 'duplicate-open-trid'): Finding[] {
  const listed = idsOf(diags, kind);
  const ids = isIdList(listed, index.store.length) ? listed : sortedUniqueIds(listed.filter((id) => id >= 0 && id < index.store.length));
  if (ids.length === 0) return [];
  const lines = linesText(linesOf(index, ids), ids.length);
  if (kind === 'orphan-reply') {
    return [
      {
        id: 'orphan-replies-1',
        kind: 'orphan-replies',
        severity: 'note',
        group: 'sequence',
        title: `${plural(ids.length, 'reply', 'replies')} without their command`,
        narrative: `${plural(ids.length, 'server reply', 'server replies')} ${ids.length === 1 ? 'answers' : 'answer'} a TrId whose command is not in the log (${lines}). Usually the log starts after the command was sent, or a line was lost.`,
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
      title: `TrId reused while still open (${plural(ids.length, 'line')})`,
      narrative: `The client reused a TrId before its first command was answered (${lines}), so replies cannot be told apart.`,
      advice: 'Give every command on a connection its own, increasing TrId.',
      evidence: ids,
      detail: { kind: 'none' },
    },
  ];
}

/** Declared payload length versus the bytes the log shows; MSG bodies get their own finding. */
export function findLengthMismatches(index: EventIndex, diags: DiagnosticIds): Finding[] {
  const { store } = index;
  const ids = unionIds(idsOf(diags, 'payload-length-mismatch'), index.shownPayloads).filter((id) => id >= 0 && id < store.length);
  const msg = ids.filter((id) => store.commandOf(id) === 'MSG');
  const other = ids.filter((id) => store.commandOf(id) !== 'MSG');
  const out: Finding[] = [];
  if (other.length > 0) out.push(mismatchFinding(index, other, 'payload', out.length + 1));
  if (msg.length > 0) out.push(mismatchFinding(index, msg, 'MSG', out.length + 1));
  return out;
}

/** `ids`: the events, in log order; only the five the narrative names are built. */
function mismatchFinding(index: EventIndex, ids: EventId[], what: 'payload' | 'MSG', n: number): Finding {
  const details = ids.slice(0, 5).map((id) => {
    const p = index.at(id)?.payload;
    return `line ${index.store.lineOf(id)}: ${p?.declaredBytes ?? '?'} declared, ${p?.shownBytes ?? '?'} shown`;
  });
  const cut = ids.some((id) => index.store.payloadCut(id));
  const refused = firstRefused282(index, ids);
  const count = ids.length;
  const title =
    what === 'MSG'
      ? `${plural(count, 'MSG body', 'MSG bodies')} ${count === 1 ? 'differs' : 'differ'} from the declared length`
      : `${plural(count, 'payload')} ${count === 1 ? 'differs' : 'differ'} from the declared length`;
  return {
    id: `payload-length-mismatch-${n}`,
    kind: 'payload-length-mismatch',
    severity: cut && refused < 0 ? 'note' : 'warning',
    group: 'malformed',
    title,
    narrative: `The length token (the last token of the header line, a count of bytes) disagrees with the body the log shows — ${details.join('; ')}${count > 5 ? '; …' : ''}.${cut ? cutSentence(index, refused) : ''}`,
    advice: refused >= 0 ? refused282Advice(index, refused) : mismatchAdvice(index, ids, what, cut),
    evidence: ids,
    detail: { kind: 'none' },
  };
}

/** The first client MSG of `ids` the server answered with 282 (its length is the seed's first suspect), −1: none. */
function firstRefused282(index: EventIndex, ids: readonly EventId[]): number {
  const { store } = index;
  for (const id of ids) {
    if (store.dirCode(id) !== DIR_CLIENT) continue;
    const reply = store.firstReply(id);
    if (reply >= 0 && store.codeOf(reply) === 282) return id;
  }
  return -1;
}

function cutSentence(index: EventIndex, refused: number): string {
  return refused < 0
    ? ' Where the log shows fewer bytes, the logger or the paste probably cut the body.'
    : ` Where the log shows fewer bytes, the logger or the paste may have cut the body, but the server answered line ${index.store.lineOf(refused)} with 282, which points at a wrong length from the client.`;
}

/** A short body the server refused with 282: the client's length is suspect, whatever the log cut. */
function refused282Advice(index: EventIndex, refused: number): string {
  return `Count the length of the MSG at line ${index.store.lineOf(refused)} in bytes (UTF-8), headers and body included, not in characters: the server refused it with 282. To see the whole body, log or capture again without cutting it.`;
}

/**
 * What to do about bodies that disagree with their length, by who wrote them. A body the log cut short says
 * nothing about the sender; a client's wrong length is the client's bug; a server's is a logger's or the paste's
 * doing far more often than the server's.
 */
function mismatchAdvice(index: EventIndex, ids: readonly EventId[], what: 'payload' | 'MSG', cut: boolean): string {
  const { store } = index;
  const fromClient = ids.filter((id) => store.dirCode(id) === DIR_CLIENT && !store.payloadCut(id)).length;
  if (fromClient === 0) {
    return cut
      ? 'Nothing to fix in the client: the log shows less of the body than was sent. For the whole body, log or capture again without cutting it.'
      : "The server's own length is rarely wrong: check that the logger writes the body as received (line ends, encoding) and that the paste was not edited.";
  }
  return what === 'MSG'
    ? 'A client that sends a wrong MSG length gets 282 or desynchronises the connection: count bytes (UTF-8), not characters, and include every header line.'
    : 'Count payload length in bytes (UTF-8), not characters; if the log is a paste, check it was not cut.';
}

/** Client commands after its own or the server's OUT on the same connection. */
export function findAfterClose(index: EventIndex, diags: DiagnosticIds, explained: EvidenceMarks): Finding[] {
  const sorted = unionIds(idsOf(diags, 'after-close'), clientLinesAfterOut(index));
  // An OUT that a login finding already explains is the client closing a connection the log could not tell apart.
  const ids = sorted.filter((id) => id >= 0 && id < index.store.length && explained[id] !== 1);
  if (ids.length === 0) return [];
  return [
    {
      id: 'after-close-1',
      kind: 'after-close',
      severity: 'warning',
      group: 'sequence',
      title: `${plural(ids.length, 'command')} sent after the connection was closed`,
      narrative: `After ${closingText(index, ids)} nothing more can be sent on that connection, yet the log shows ${linesText(linesOf(index, ids), ids.length)}.`,
      advice: 'Stop writing to a connection once it is closed (OUT sent or received, or an error after which the server hangs up); reconnect instead.',
      evidence: ids,
      detail: { kind: 'none' },
    },
  ];
}

/** How far back the line that closed a connection is looked for: it is normally just before the first line after it. */
const CLOSER_LOOK_BACK = 100000;

/**
 * What closed the connection of the flagged lines, named with its line: an OUT, a refused VER, or an error after
 * which the server always hangs up (540, 731). Named only when every flagged line is on one connection.
 */
function closingText(index: EventIndex, ids: readonly number[]): string {
  const generic = 'the connection was closed (an OUT from either side, a refused VER, or an error after which the server hangs up)';
  const { store } = index;
  const first = ids[0];
  if (first === undefined) return generic;
  const c = store.connIndex(first);
  for (const id of ids) if (store.connIndex(id) !== c) return generic;
  const stop = Math.max(0, first - CLOSER_LOOK_BACK);
  for (let i = first - 1; i >= stop; i--) {
    if (store.connIndex(i) !== c) continue;
    const server = store.dirCode(i) === DIR_SERVER;
    const command = store.commandOf(i);
    if (command === 'OUT') return `${server ? 'the server\'s' : 'the client\'s'} OUT (line ${store.lineOf(i)})`;
    if (!server) continue;
    if (command === 'VER' && store.paramIs(i, 0, '0')) return `the server's VER 0 (line ${store.lineOf(i)}: no common version)`;
    const code = store.codeOf(i);
    if (code >= 0 && ERROR_CATALOG.get(code)?.closesConnection === 'always') return `error ${code} (line ${store.lineOf(i)}), after which the server hangs up,`;
  }
  return generic;
}

/**
 * Client lines other than OUT after a connection's first OUT: only connections with an OUT are walked, from it on.
 * In a typed column (a client that talks on after its OUT can send a million lines).
 */
function clientLinesAfterOut(index: EventIndex): Int32Array {
  const { store } = index;
  const out = new IntColumn(0);
  const outVerb = store.verbs.indexOf('OUT');
  const next = index.nextOnConn;
  // The first OUT of each connection, in the order those OUTs come (a loop of its own: see firstOuts).
  const firsts = firstOuts(index);
  for (let k = 0; k < firsts.length; k++) {
    for (let j = next[firsts[k] ?? 0] ?? -1; j >= 0; j = next[j] ?? -1) {
      if (store.dirCode(j) === DIR_CLIENT && store.verbIdOf(j) !== outVerb) out.push(j);
    }
  }
  return out.view();
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
export function findMidSessionStart(index: EventIndex, diags: DiagnosticIds, explained: EvidenceMarks, connections: readonly Connection[] = []): Finding[] {
  // A connection that starts with a bare OUT is a login attempt that never sent VER, not a mid-session start.
  const said = idsOf(diags, 'mid-session-start');
  const ids = said.filter((id) => !(index.store.commandOf(id) === 'OUT' && explained[id] === 1));
  const first = eventAt(index, 0);
  const diagSaid = said.length > 0;
  if (ids.length === 0 && (diagSaid || first === undefined || SESSION_START_VERBS.has(first.command) || first.command === 'OUT')) return [];
  const evidence = evidenceOf(ids.length > 0 ? ids : first === undefined ? [] : [first.id]);
  const firstEv = eventAt(index, evidence[0] ?? -1);
  return [
    {
      id: 'mid-session-start-1',
      kind: 'mid-session-start',
      severity: 'note',
      group: 'sequence',
      title: 'The log starts mid-session',
      narrative: midSessionText(index, firstEv, connections),
      advice: 'For sign-in problems, capture the log from the moment the client connects.',
      evidence,
      detail: { kind: 'none' },
    },
  ];
}

/**
 * What the first line of a connection entered mid-session says about what the log lacks. The line is named for
 * what it is: the file's first protocol line, the first of a later log in the file (index.sessionStarts), or only
 * its connection's first (a connection the log joins part-way).
 */
function midSessionText(index: EventIndex, ev: LogEvent | undefined, connections: readonly Connection[]): string {
  const rest = 'earlier commands (and their effect on rate limits) are unknown.';
  if (ev === undefined) return `The log starts mid-session: ${rest}`;
  const kind = connections.find((c) => c.id === ev.connection)?.kind;
  if (kind === 'SB') {
    // A switchboard has no VER: the client joins it with USR (it called) or ANS (it was invited).
    return `Switchboard ${ev.connection} starts at line ${ev.line} (${ev.command}) without the client's USR or ANS that joins it, so how it was joined is not in the log, and ${rest}`;
  }
  const place = placeOf(index, ev.id);
  const line = place === 0 ? 'The first protocol line' : place > 0 ? `The first protocol line of the ${ordinal(place + 1)} log in the file` : `The first line of ${ev.connection}`;
  const log = place === 0 ? 'the log' : place > 0 ? 'that log' : 'the log of that connection';
  if (ev.direction === 'server') {
    return `${line} (line ${ev.line}) is the server's ${ev.command}, with nothing the client sent before it: ${log} starts after the client's first commands, so those (and their effect on rate limits) are unknown.`;
  }
  return `${line} (line ${ev.line}, ${ev.command}) comes before any VER or USR from the client, so the sign-in is not in ${log} and ${rest}`;
}

/** 0: event `id` is the file's first; s > 0: the first of its (s+1)th log (a session start); −1: neither. */
function placeOf(index: EventIndex, id: number): number {
  if (id === 0) return 0;
  const s = sessionOf(index, id);
  return s > 0 && index.sessionStarts[s - 1] === id ? s : -1;
}

export function findOrphansAndDuplicates(index: EventIndex, diags: DiagnosticIds): Finding[] {
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
    // Not the last event of its log (ids are indexes): after that, another log of the file shows nothing of this one.
    const lastOfConn = next < 0 && id < sessionEndOf(index, id);
    // A code the catalog knows not to close the connection (217, 205…) did not end it: an empty switchboard
    // simply ends, and a log may just move on to another connection. Only the server's own OUT is worth a word.
    if (lastOfConn && !serverOut && closesNever(store.codeOf(id))) continue;
    if (serverOut || lastOfConn) out.push(errorThenCloseFinding(index, id, serverOut ? next : -1, out.length + 1));
  }
  return out;
}

function closesNever(code: number): boolean {
  return ERROR_CATALOG.get(code)?.closesConnection === 'no';
}

/** Whether the code itself ends a connection, in words: what the narrative and advice can claim. */
function fatalText(code: number): { readonly why: string; readonly advice: string } {
  const info = ERROR_CATALOG.get(code);
  if (info === undefined || info.closesConnection === 'sometimes') {
    return {
      why: `${code} can end the connection${info === undefined ? '' : ' (some servers hang up after it)'}; the client has to reconnect.`,
      advice: 'Fix what the command before this error did wrong; then reconnect rather than continue on the closed connection.',
    };
  }
  if (info.closesConnection === 'always') {
    return {
      why: `The server always hangs up after ${code}; the client has to reconnect.`,
      advice: 'Fix what the command before this error did wrong; then reconnect rather than continue on the closed connection.',
    };
  }
  return {
    why: `${code} does not end a connection by itself, so the OUT most likely has another cause.`,
    advice: 'Look at the OUT and what came just before it for the reason the session ended; the error alone needs no reconnect.',
  };
}

/** `serverOut`: the server's OUT right after the error, or −1 when the connection simply ends. */
function errorThenCloseFinding(index: EventIndex, id: number, serverOut: number, n: number): Finding {
  const ev = index.at(id) as LogEvent;
  const code = index.store.codeOf(id);
  const how = serverOut >= 0 ? `the server then closed the session (OUT, line ${index.store.lineOf(serverOut)})` : 'nothing more happens on that connection while the log goes on elsewhere';
  const fatal = fatalText(code);
  return {
    id: `error-then-close-${n}`,
    kind: 'error-then-close',
    severity: 'warning',
    group: 'response-code',
    title: `Error ${code} followed by the connection closing (line ${ev.line})`,
    narrative: `The server answered ${code}${ev.error?.known === true ? ` (${ev.error.name})` : ''} and ${how}. ${fatal.why}`,
    advice: fatal.advice,
    evidence: evidenceOf([ev.id, ...(ev.replyTo === null ? [] : [ev.replyTo]), ...(serverOut >= 0 ? [serverOut as EventId] : [])]),
    detail: { kind: 'none' },
  };
}

/**
 * The error replies no login or rate-limit finding explains: one finding per code and command answered (215 to
 * an ADD and 215 to a CAL mean different things), each with what its first reply means in context and what to do
 * (explain.ts, the same words as the detail pane's).
 */
export function findOtherErrors(index: EventIndex, explained: EvidenceMarks, explain: (id: number) => Explanation | null): Finding[] {
  // Keyed by code and verb id as one number: a string key per error reply cost a concatenation each.
  const groups = new Map<number, { code: number; command: string; ids: number[] }>();
  for (let k8 = 0, ids8 = index.serverErrors; k8 < ids8.length; k8++) {
    const id = ids8[k8] ?? 0;
    if (explained[id] !== 0) continue;
    const code = index.store.codeOf(id);
    const cmd = commandOfReplyId(index, id);
    const key = code * 0x10000 + (cmd < 0 ? 0xffff : index.store.verbIdOf(cmd));
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { code, command: cmd < 0 ? '' : index.store.commandOf(cmd), ids: [id] });
    else group.ids.push(id);
  }
  return [...groups.values()].map((g, i) => errorReplyFinding(index, g, explain(g.ids[0] ?? 0), i + 1));
}

/** One finding for the unexplained errors of one code to one command (`ids` in log order). */
function errorReplyFinding(index: EventIndex, g: { code: number; command: string; ids: readonly number[] }, why: Explanation | null, n: number): Finding {
  const { store } = index;
  const { code, command, ids } = g;
  const ref = lookupError(code);
  const name = ref.known ? ref.name : null;
  const evidence: number[] = [];
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k] ?? 0;
    evidence.push(id);
    const replyTo = store.replyToOf(id);
    if (replyTo >= 0) evidence.push(replyTo);
  }
  const shown = ids.slice(0, 8).map((id) => ({ line: store.lineOf(id) }));
  const answered = command === '' ? plural(ids.length, 'command') : plural(ids.length, `${command} command`);
  // The in-context words are the first reply's: with several, they are said to be about that one (they can name
  // the contact it concerned).
  const first = ids.length === 1 ? '' : `The first (line ${store.lineOf(ids[0] ?? 0)}): `;
  const meaning = why === null ? '' : ` ${first}${why.inContext}`;
  return {
    id: `error-reply-${n}`,
    kind: 'error-reply',
    severity: code >= 500 ? 'warning' : 'note',
    group: 'response-code',
    title: `${code}${name === null ? '' : ` ${name}`} ×${ids.length}${command === '' ? '' : ` (to ${command})`}`,
    narrative: `The server answered ${answered} with ${code}${name === null ? '' : ` (${name})`} — ${linesText(shown, ids.length)}.${meaning}`,
    advice: why?.advice ?? 'See the error code in the detail pane for what the server expected.',
    evidence: sortedUniqueIds(evidence).slice(), // sized to its length: it outlives the parse
    detail: { kind: 'none' },
  };
}
