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

/** The error code of a line, or null (the column holds −1 for lines that are no error). */
export function errorCodeAt(store: EventStore, id: number): number | null {
  const code = store.codeOf(id);
  return code < 0 ? null : code;
}

/** The next event on the same connection, or −1. */
export function nextOnConnectionId(index: EventIndex, id: number): number {
  const c = index.store.connIndex(id);
  const k = (index.connStart[c] ?? 0) + index.positionOf(id) + 1;
  return k < (index.connStart[c + 1] ?? 0) ? (index.connIds[k] ?? -1) : -1;
}

/** The previous event on the same connection, or −1. */
export function prevOnConnectionId(index: EventIndex, id: number): number {
  const pos = index.positionOf(id);
  if (pos === 0) return -1;
  const c = index.store.connIndex(id);
  return index.connIds[(index.connStart[c] ?? 0) + pos - 1] ?? -1;
}

/** The first later event on the same connection with direction `dir` and verb id `verbA` or `verbB`, or −1. */
export function laterOnConnectionId(index: EventIndex, id: number, dir: number, verbA: number, verbB = verbA): number {
  const { store, connIds } = index;
  const c = store.connIndex(id);
  const end = index.connStart[c + 1] ?? 0;
  for (let k = (index.connStart[c] ?? 0) + index.positionOf(id) + 1; k < end; k++) {
    const j = connIds[k] ?? 0;
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
  const { store } = index;
  const paired = store.firstReply(cmd);
  if (paired >= 0) return paired;
  const trId = store.trIdOf(cmd);
  if (store.dirCode(cmd) !== DIR_CLIENT || trId === null || trId === 0) return -1;
  const c = store.connIndex(cmd);
  const from = (index.connStart[c] ?? 0) + index.positionOf(cmd) + 1;
  // Bounded: a reply this far away is not a reply, and huge logs with many open commands stay linear.
  const to = Math.min(index.connStart[c + 1] ?? 0, from + FALLBACK_SCAN);
  for (let k = from; k < to; k++) {
    const j = index.connIds[k] ?? 0;
    if (store.trIdOf(j) !== trId) continue;
    const dir = store.dirCode(j);
    if (dir === DIR_CLIENT) return -1; // TrId reused before any answer
    if (dir === DIR_SERVER) return j;
  }
  return -1;
}

/**
 * The command a reply answers: pairing's `replyTo`, else the latest client line on its connection (at most
 * COMMAND_SCAN ids back) with the same TrId (two missing TrIds count as the same); −1 when there is none.
 */
export function commandOfReplyId(index: EventIndex, reply: number): number {
  const { store } = index;
  const paired = store.replyToOf(reply);
  if (paired >= 0) return paired;
  const trId = store.trIdOf(reply);
  const c = store.connIndex(reply);
  const first = index.connStart[c] ?? 0;
  const stop = reply - COMMAND_SCAN;
  for (let k = first + index.positionOf(reply) - 1; k >= first; k--) {
    const j = index.connIds[k] ?? 0;
    if (j < stop) break;
    if (store.dirCode(j) === DIR_CLIENT && store.trIdOf(j) === trId) return j;
  }
  return -1;
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

function isAscending(ids: readonly number[]): boolean {
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
