/**
 * Event ids grouped for the findings index (event-index.ts): by connection (a counting sort) and by verb (lists
 * of the verbs the rules ask about, filled in the same pass), and positions inside a connection's group.
 */
import type { EventStore } from '../event-store';

/** Ids by verb, gathered on first request (rules ask for a handful of verbs: no grouping of every event). */
export interface VerbIds {
  get(verb: string): Int32Array | undefined;
}

/**
 * The verbs the rules ask ids of (switchboard.ts, findOwnHandle, protocol.ts, the throttled commands of
 * rate-limit.ts): filled in buildEventIndex's counting sort, where a scan per verb walked the million-entry
 * column nine times. Any other verb gets a scan of its own when a rule asks for it.
 */
export const COMMON_VERBS: readonly string[] = ['USR', 'CVR', 'XFR', 'CAL', 'JOI', 'IRO', 'OUT', 'CHG', 'REA'];

/** Ids of each verb in log order, filled the first time a rule asks for a verb that is not common. */
export function lazyVerbIds(store: EventStore, verb: Uint16Array, counts: Int32Array, common: ReadonlyMap<string, Int32Array | undefined>): VerbIds {
  const found = new Map<string, Int32Array | undefined>(common);
  return {
    get(name: string): Int32Array | undefined {
      if (!found.has(name)) {
        const lists = verbLists(store, counts, [name]);
        fillVerbLists(verb, lists);
        found.set(name, lists.byName.get(name));
      }
      return found.get(name);
    },
  };
}

/** Id lists of some verbs, sized from their counts, and which list each verb id goes to (−1: none). */
interface VerbLists {
  /** By verb name; undefined for a verb the log lacks. */
  readonly byName: Map<string, Int32Array | undefined>;
  readonly slotOf: Int32Array;
  readonly lists: Int32Array[];
  /** How many of each list are filled. */
  readonly fill: Int32Array;
}

export function verbLists(store: EventStore, counts: Int32Array, names: readonly string[]): VerbLists {
  const byName = new Map<string, Int32Array | undefined>();
  const slotOf = new Int32Array(store.verbs.length).fill(-1);
  const lists: Int32Array[] = [];
  for (const name of names) {
    const v = store.verbs.indexOf(name);
    const count = v >= 0 ? (counts[v] ?? 0) : 0;
    if (count === 0) {
      byName.set(name, undefined);
      continue;
    }
    const ids = new Int32Array(count);
    byName.set(name, ids);
    slotOf[v] = lists.length;
    lists.push(ids);
  }
  return { byName, slotOf, lists, fill: new Int32Array(lists.length) };
}

/** Fills `lists` in one scan of the verb column. */
function fillVerbLists(verb: Uint16Array, lists: VerbLists): void {
  for (let i = 0; i < verb.length; i++) addToVerbList(lists, verb[i] ?? 0, i);
}

function addToVerbList(lists: VerbLists, v: number, i: number): void {
  const slot = lists.slotOf[v] ?? -1;
  if (slot < 0) return;
  const at = lists.fill[slot] ?? 0;
  (lists.lists[slot] as Int32Array)[at] = i;
  lists.fill[slot] = at + 1;
}

/**
 * The next event on the same connection of every event (−1: none), `conn` being each event's connection index
 * (0..groups−1), from one pass backwards: each write goes to the next slot down, and the latest event seen per
 * connection sits in a small table, where a counting sort by connection wrote a million ids to scattered places
 * (each a cache miss). The same pass fills the id lists of `verbs` (`verb`: the verb id of each event).
 */
export function nextLinks(conn: Int32Array, groups: number, verb: Uint16Array, verbs: VerbLists): Int32Array {
  const n = conn.length;
  const next = new Int32Array(n);
  const latest = new Int32Array(groups).fill(-1);
  const { slotOf, lists, fill } = verbs;
  // Lists are filled from their end, as the pass goes backwards: `fill` counts down from each list's length.
  for (let slot = 0; slot < lists.length; slot++) fill[slot] = (lists[slot] as Int32Array).length;
  for (let i = n - 1; i >= 0; i--) {
    const c = conn[i] ?? 0;
    next[i] = latest[c] ?? -1;
    latest[c] = i;
    const slot = slotOf[verb[i] ?? 0] ?? -1;
    if (slot >= 0) {
      const at = (fill[slot] ?? 0) - 1;
      (lists[slot] as Int32Array)[at] = i;
      fill[slot] = at;
    }
  }
  return next;
}

/** The previous event on the same connection of every event (−1: none), from one pass forwards (see nextLinks). */
export function prevLinks(conn: Int32Array, groups: number): Int32Array {
  const prev = new Int32Array(conn.length);
  const latest = new Int32Array(groups).fill(-1);
  for (let i = 0; i < conn.length; i++) {
    const c = conn[i] ?? 0;
    prev[i] = latest[c] ?? -1;
    latest[c] = i;
  }
  return prev;
}
