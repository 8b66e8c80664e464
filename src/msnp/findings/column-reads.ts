/**
 * Id-level reads over the columns for the findings rules: the reply of a command, the command of a reply, an
 * event's neighbours on its connection, sorted evidence lists and evidence marks. Nothing here builds a
 * LogEvent: the rules filter hundreds of thousands of lines this way and build events only for what they print.
 */
import { DIR_CLIENT, DIR_SERVER, type EventStore } from '../event-store';
import type { EventId, Finding } from '../types';
import type { EventIndex } from './event-index';

/** How many later lines on a connection the TrId fallback looks at. */
const FALLBACK_SCAN = 5000;
/** How far back (in ids) the search for an unpaired reply's command goes. */
const COMMAND_SCAN = 5000;
/**
 * How far both searches go once the log's scan budget (EventIndex.scanBudget) is spent: a log of a hundred
 * thousand unanswered commands or orphan replies would otherwise read FALLBACK_SCAN lines for each.
 */
const NEAR_SCAN = 256;

/** The error code of a line, or null (the column holds −1 for lines that are no error). */
export function errorCodeAt(store: EventStore, id: number): number | null {
  const code = store.codeOf(id);
  return code < 0 ? null : code;
}

/** The next event on the same connection, or −1. */
export function nextOnConnectionId(index: EventIndex, id: number): number {
  return index.nextOnConn[id] ?? -1;
}

/**
 * The next server line on the same connection, or −1: after an error the server usually hangs up on (540, 731),
 * one shows it kept the connection open. Walks only that connection's lines, and stops at the first server line.
 */
export function nextServerOnConnectionId(index: EventIndex, id: number): number {
  const { store, nextOnConn } = index;
  for (let i = nextOnConn[id] ?? -1; i >= 0; i = nextOnConn[i] ?? -1) if (store.dirCode(i) === DIR_SERVER) return i;
  return -1;
}

/**
 * The previous event on the same connection, or −1: looked for among the PREV_SCAN ids before it (the usual
 * case: a connection's lines sit close together), else read from the links `index.prevOnConn` builds once.
 */
export function prevOnConnectionId(index: EventIndex, id: number): number {
  const { conn } = index;
  const c = conn[id] ?? 0;
  const stop = Math.max(0, id - PREV_SCAN);
  for (let j = id - 1; j >= stop; j--) if (conn[j] === c) return j;
  return stop === 0 ? -1 : (index.prevOnConn()[id] ?? -1);
}

/** How many ids back prevOnConnectionId looks before it builds the links (see there). */
const PREV_SCAN = 256;

/** The first later event on the same connection with direction `dir` and verb id `verbA` or `verbB`, or −1. */
export function laterOnConnectionId(index: EventIndex, id: number, dir: number, verbA: number, verbB = verbA): number {
  const { store, nextOnConn } = index;
  for (let j = nextOnConn[id] ?? -1; j >= 0; j = nextOnConn[j] ?? -1) {
    const v = store.verbIdOf(j);
    if ((v === verbA || v === verbB) && store.dirCode(j) === dir) return j;
  }
  return -1;
}

/**
 * The first reply to a client command, or −1: from pairing when it paired one, else the next server line with
 * the same TrId on that connection before the client reuses the TrId (doc transcripts reuse TrIds, e.g. six
 * `CAL 5` in a row in the seed's 713 example, so pairing can leave a transaction open).
 */
export function firstReplyId(index: EventIndex, cmd: number): number {
  const { store, nextOnConn } = index;
  const paired = store.firstReply(cmd);
  if (paired >= 0) return paired;
  const trId = store.trIdOf(cmd);
  if (store.dirCode(cmd) !== DIR_CLIENT || trId === null || trId === 0) return -1;
  const last = index.lastServer[index.conn[cmd] ?? 0] ?? -1;
  if (last <= cmd) return -1; // the server says nothing more on this connection
  // Bounded: a reply this far away is not a reply, and huge logs with many open commands stay linear.
  const limit = index.scanBudget.left > 0 ? FALLBACK_SCAN : NEAR_SCAN;
  let steps = 0;
  let found = -1;
  for (let j = nextOnConn[cmd] ?? -1; j >= 0 && j <= last && steps < limit; j = nextOnConn[j] ?? -1, steps++) {
    if (store.trIdOf(j) !== trId) continue;
    const dir = store.dirCode(j);
    if (dir === DIR_CLIENT) break; // TrId reused before any answer
    if (dir === DIR_SERVER) {
      found = j;
      break;
    }
  }
  index.scanBudget.left -= steps;
  return found;
}

/**
 * The command a reply answers: pairing's `replyTo`, else the latest client line on its connection (at most
 * COMMAND_SCAN ids back) with the same TrId (two missing TrIds count as the same); −1 when there is none.
 */
export function commandOfReplyId(index: EventIndex, reply: number): number {
  const { store, conn } = index;
  const paired = store.replyToOf(reply);
  if (paired >= 0) return paired;
  const trId = store.trIdOf(reply);
  const c = conn[reply] ?? 0;
  const first = index.firstClient[c] ?? -1;
  if (first < 0 || first >= reply) return -1; // the client had not spoken on this connection yet
  // The ids back to COMMAND_SCAN before the reply (NEAR_SCAN once the log's budget is spent), those on its
  // connection, latest first.
  const depth = index.scanBudget.left > 0 ? COMMAND_SCAN : NEAR_SCAN;
  const stop = Math.max(first, reply - depth);
  const j = store.scanBackForClientTrId(conn, c, trId, reply - 1, stop);
  index.scanBudget.left -= reply - 1 - j;
  return j >= stop ? j : -1;
}

/** Lists longer than this are sorted as an Int32Array (a native numeric sort, no comparator call per pair). */
const TYPED_SORT_FROM = 64;

/**
 * Sorts a list of ids in place and drops repeats (evidence lists: a few ids each, many lists). Most lists are
 * gathered in log order, or nearly: they are checked first and short ones insertion-sorted in place, because
 * Array.prototype.sort copies its array on every call (ten thousand lists made that copy a leading allocation).
 */
export function sortedUniqueIds(ids: number[]): EventId[] {
  if (!isAscending(ids)) {
    if (ids.length >= TYPED_SORT_FROM) {
      const sorted = Int32Array.from(ids).sort();
      for (let k = 0; k < sorted.length; k++) ids[k] = sorted[k] ?? 0;
    } else insertionSort(ids);
  }
  let w = 0;
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r] ?? 0;
    if (w === 0 || ids[w - 1] !== id) ids[w++] = id;
  }
  if (w < ids.length) ids.length = w;
  return ids as EventId[];
}

/**
 * Whether `ids` is already what sortedUniqueIds makes: ids of the log's `events`, strictly ascending. Such a list
 * (a diagnostic's, gathered in log order) is used as it is, where a filtered copy of a million ids cost more than
 * the rule that read it.
 */
export function isIdList(ids: readonly number[], events: number): boolean {
  if (ids.length === 0) return true;
  if ((ids[0] ?? -1) < 0 || (ids[ids.length - 1] ?? events) >= events) return false;
  for (let k = 1; k < ids.length; k++) if ((ids[k] ?? 0) <= (ids[k - 1] ?? 0)) return false;
  return true;
}

/** Whether ids never step back (repeats allowed). */
export function isAscending(ids: ArrayLike<number>): boolean {
  for (let k = 1; k < ids.length; k++) if ((ids[k] ?? 0) < (ids[k - 1] ?? 0)) return false;
  return true;
}

/** In place, no allocation; linear on the nearly sorted short lists it gets. */
function insertionSort(ids: number[]): void {
  for (let k = 1; k < ids.length; k++) {
    const id = ids[k] ?? 0;
    let j = k - 1;
    for (; j >= 0 && (ids[j] ?? 0) > id; j--) ids[j + 1] = ids[j] ?? 0;
    ids[j + 1] = id;
  }
}

/**
 * Which events some finding already cites, one byte per event (0: none): the later rules only ask "is this line
 * explained?" of a few lines each, so a bitmap beats a Set of every evidence id of thousands of findings. The
 * value says by which stage (index.ts: 1 login and rate limits, 2 errors that closed the connection).
 */
export type EvidenceMarks = Uint8Array;

/** Marks the evidence of `groups` with `mark` where no earlier stage marked it. */
export function markEvidence(marks: EvidenceMarks, groups: readonly (readonly Finding[])[], mark: number): EvidenceMarks {
  // Indexed loops: this runs once, unoptimised, over thousands of findings, and for-of allocates per step there.
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g] ?? [];
    for (let f = 0; f < group.length; f++) {
      const evidence = group[f]?.evidence ?? [];
      for (let k = 0; k < evidence.length; k++) if (marks[evidence[k] ?? 0] === 0) marks[evidence[k] ?? 0] = mark;
    }
  }
  return marks;
}
