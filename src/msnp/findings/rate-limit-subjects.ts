/**
 * A server's log interleaves many users' connections, and the server throttles each user on their own: the
 * attempts rate-limit.ts gathers per throttle rule are split here into one sequence per account (per connection
 * where the log never says whose it is), so one user's commands never count towards another's refusal nor pass
 * for their retries. A client's log is one user's and is not split.
 */
import type { EventIndex } from './event-index';
import { NO_IDS } from './event-index';
import { addOutcome, OTHER_ERROR, REFUSED, type Group } from './rate-limit-spans';

/** Whose each connection is (ConnectionOwners in subjects.ts): the account on connection index k, if the log says. */
export interface ConnectionAccounts {
  of(k: number): string | undefined;
}

/** Not read yet (ThrottleSubjects.cache): above every account number. */
const UNSET = 0x7fffffff;

/**
 * The subject of each connection as a number, read once per connection: an account's (≥ 0, one per distinct
 * account) or, where the account is unknown, the connection's own (−1 − its index), never the whole log's.
 */
export class ThrottleSubjects {
  private readonly cache: Int32Array;
  private readonly accounts = new Map<string, number>();

  constructor(
    private readonly owners: ConnectionAccounts,
    connections: number,
  ) {
    this.cache = new Int32Array(connections).fill(UNSET);
  }

  of(k: number): number {
    const known = this.cache[k] ?? UNSET;
    if (known !== UNSET) return known;
    const subject = this.read(k);
    if (k < this.cache.length) this.cache[k] = subject;
    return subject;
  }

  private read(k: number): number {
    const account = this.owners.of(k);
    if (account === undefined) return -1 - k;
    let n = this.accounts.get(account);
    if (n === undefined) {
      n = this.accounts.size;
      this.accounts.set(account, n);
    }
    return n;
  }
}

/** Each group's attempts split by subject, keeping only the subjects that were refused on its rule. */
export function splitBySubject(index: EventIndex, groups: readonly Group[], subjects: ThrottleSubjects): Group[] {
  const out: Group[] = [];
  for (const g of groups) splitGroup(index, g, subjects, out);
  return out;
}

/** A rule's refused subjects: each one's group (in order of first refusal) and its place among them. */
interface Slots {
  readonly groups: Group[];
  readonly slotOf: Map<number, number>;
}

function splitGroup(index: EventIndex, g: Group, subjects: ThrottleSubjects, out: Group[]): void {
  const { store, conn } = index;
  const { groups, slotOf } = refusedSubjects(index, g, subjects);
  if (groups.length === 0) return;
  // Per connection index, its subject's slot plus one (0: not read yet; −1: a subject never refused on this rule,
  // whose attempts are no burst's): one read per attempt, the subject looked up once per connection.
  const slotOfConn = new Int32Array(store.connectionIds.length);
  for (let k = 0; k < g.count; k++) {
    const id = g.ids[k] ?? 0;
    const c = conn[id] ?? 0;
    let slot = slotOfConn[c] ?? 0;
    if (slot === 0) {
      slot = (slotOf.get(subjects.of(c)) ?? -2) + 1;
      if (c < slotOfConn.length) slotOfConn[c] = slot;
    }
    if (slot < 0) continue;
    const sub = groups[slot - 1] as Group;
    const reply = g.replies[k] ?? -1;
    const outcome = g.outcomes[k] ?? 0;
    // A subject refused with the rule's other code (713 where the rule's first refusal was an 800) has that code
    // as its refusal: only error replies are read again.
    const again = sub.code !== g.code && (outcome === REFUSED || outcome === OTHER_ERROR);
    addOutcome(sub, g.count, id, reply, again ? (store.codeOf(reply) === sub.code ? REFUSED : OTHER_ERROR) : outcome);
  }
  out.push(...groups); // no second loop after the long one (rate-limit.ts: one loop per function)
}

/**
 * The subjects refused on the group's rule (a 713 or 800 to one of its attempts), each with an empty group of the
 * code of its first refusal.
 */
function refusedSubjects(index: EventIndex, g: Group, subjects: ThrottleSubjects): Slots {
  const { store, conn } = index;
  const slots: Slots = { groups: [], slotOf: new Map() };
  for (let k = 0; k < g.count; k++) {
    const outcome = g.outcomes[k];
    if (outcome !== REFUSED && outcome !== OTHER_ERROR) continue;
    const code = outcome === REFUSED ? g.code : store.codeOf(g.replies[k] ?? -1);
    if (code !== 713 && code !== 800) continue;
    const subject = subjects.of(conn[g.ids[k] ?? 0] ?? 0);
    if (slots.slotOf.has(subject)) continue;
    slots.slotOf.set(subject, slots.groups.length);
    slots.groups.push({ rule: g.rule, code, verb: g.verb, ids: NO_IDS, replies: NO_IDS, outcomes: new Uint8Array(0), count: 0 });
  }
  return slots;
}
