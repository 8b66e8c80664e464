/**
 * Whose connection it is, on a log that holds several accounts (a server's log): a rate-limit burst then names the
 * account that was throttled, as login findings do, so the panel can roll the bursts up by account, and each
 * connection carries its account (`conn:alice@…` filters to everything she did).
 */
import { DIR_CLIENT } from '../event-store';
import type { Connection } from '../types';
import { normalizeHandle, type EventIndex } from './event-index';
import { severalAccounts } from './login-account';
import type { AttemptFacts } from './login-attempt';

/** A switchboard's USR/ANS is its first client line; a log that starts mid-way may show a few lines before it. */
const SB_AUTH_LOOKAHEAD = 4;

/** The account on each connection, by connection index; a switchboard's is read when first asked for. */
export class ConnectionOwners {
  private readonly owners: (string | undefined)[];
  /** Per connection: its first lines were already searched for a switchboard USR/ANS. */
  private readonly searched: Uint8Array;
  /**
   * Handles read so far, by the hash of their bytes, with an event that carries each: a log of a few accounts
   * opens tens of thousands of switchboards with the same few handles, and decoding each one again was most of
   * the cost of naming every switchboard.
   */
  private readonly handles = new Map<number, { readonly id: number; readonly handle: string | undefined }>();

  constructor(
    private readonly index: EventIndex,
    private readonly connections: readonly Connection[],
  ) {
    this.owners = new Array<string | undefined>(connections.length).fill(undefined);
    this.searched = new Uint8Array(connections.length);
  }

  /** Every attempt's lines are on its connections (dispatch and notification server); a later attempt wins. */
  addAttempt(a: AttemptFacts, account: string): void {
    const { store } = this.index;
    for (const id of a.evidence) this.owners[store.connIndex(id)] = account;
  }

  /** The account on connection k (an index), if the log says. */
  of(k: number): string | undefined {
    const known = this.owners[k];
    if (known !== undefined || this.searched[k] === 1) return known;
    this.searched[k] = 1;
    const handle = this.switchboardHandle(k);
    this.owners[k] = handle;
    return handle;
  }

  /** The account of the connection event `at` is on. */
  ofEvent(at: number): string | undefined {
    return at >= 0 && at < this.index.store.length ? this.of(this.index.store.connIndex(at)) : undefined;
  }

  /** Each connection's account, in the connections' order. */
  all(): (string | undefined)[] {
    return this.connections.map((_, k) => this.of(k));
  }

  /** The accounts of the sign-in connections only: no switchboard is searched (nor listed when one was). */
  signIns(): (string | undefined)[] {
    return this.owners.map((a, k) => (this.searched[k] === 1 ? undefined : a));
  }

  /** `USR 1 alice@… cookie` / `ANS 1 alice@… cookie id` among the connection's first lines; the NS's `USR 3 SSO I …` has no `@` first. */
  private switchboardHandle(k: number): string | undefined {
    const { store, nextOnConn } = this.index;
    const c = this.connections[k];
    if (c === undefined || c.kind !== 'SB') return undefined;
    let id: number = c.firstEvent;
    for (let n = 0; n < SB_AUTH_LOOKAHEAD && id >= 0 && id < store.length; n++, id = nextOnConn[id] ?? -1) {
      if (store.dirCode(id) !== DIR_CLIENT) continue;
      const verb = store.commandOf(id);
      if (verb !== 'USR' && verb !== 'ANS') continue;
      return this.handleOf(id);
    }
    return undefined;
  }

  /** The account a switchboard USR/ANS names as its first param (undefined when that is no address). */
  private handleOf(id: number): string | undefined {
    const { params, store } = this.index;
    const h = params.hash(id, 0);
    const seen = this.handles.get(h);
    if (seen !== undefined && params.equals(id, 0, seen.id, 0)) return seen.handle;
    const text = store.paramAt(id, 0);
    const handle = text !== undefined && text.includes('@') ? normalizeHandle(text) : undefined;
    this.handles.set(h, { id, handle });
    return handle;
  }
}

/** The owners of a log that names two accounts or more; null for a client's own log, which needs no names. */
export function connectionOwners(index: EventIndex, connections: readonly Connection[], attempts: readonly AttemptFacts[], accounts: readonly (string | null)[]): ConnectionOwners | null {
  return severalAccounts(accounts) ? anyOwners(index, connections, attempts, accounts) : null;
}

/**
 * The owners whatever the number of accounts named: a server's log that names one (or none) still interleaves
 * connections of other users, which the rate-limit rule must tell apart even where it names nobody.
 */
export function anyOwners(index: EventIndex, connections: readonly Connection[], attempts: readonly AttemptFacts[], accounts: readonly (string | null)[]): ConnectionOwners {
  const owners = new ConnectionOwners(index, connections);
  attempts.forEach((a, k) => {
    const account = accounts[k];
    if (account !== null && account !== undefined) owners.addAttempt(a, account);
  });
  return owners;
}
