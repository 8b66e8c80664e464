/**
 * Whose connection it is, on a log that holds several accounts (a server's log): a rate-limit burst then names the
 * account that was throttled, as login findings do, so the panel can roll the bursts up by account.
 */
import { DIR_CLIENT } from '../event-store';
import type { ConnectionId, Finding } from '../types';
import { normalizeHandle, type EventIndex } from './event-index';
import { severalAccounts } from './login-account';
import type { AttemptFacts } from './login-attempt';

/**
 * The account on each connection: the one a login attempt on it signed in with, else (a switchboard) the handle
 * of its client `USR`/`ANS`. Null when the log names fewer than two accounts: a client's own log needs no names.
 */
export function connectionAccounts(index: EventIndex, attempts: readonly AttemptFacts[], accounts: readonly (string | null)[]): Map<ConnectionId, string> | null {
  if (!severalAccounts(accounts)) return null;
  const owners = new Map<ConnectionId, string>();
  attempts.forEach((a, k) => {
    const account = accounts[k];
    if (account === null || account === undefined) return;
    for (const c of a.attempt.connections) owners.set(c, account);
  });
  const { store } = index;
  for (const verb of ['USR', 'ANS']) {
    for (const id of index.verbIds.get(verb) ?? []) {
      if (store.dirCode(id) !== DIR_CLIENT) continue;
      const conn = store.connectionOf(id);
      if (owners.has(conn)) continue;
      // A switchboard's `USR 1 alice@… cookie` / `ANS 1 alice@… cookie id`; the NS's `USR 3 SSO I …` has no `@` first.
      const handle = store.paramAt(id, 0);
      if (handle !== undefined && handle.includes('@')) owners.set(conn, normalizeHandle(handle));
    }
  }
  return owners;
}

/** The finding with the account of the connection its key event is on, when that is known. */
export function withConnectionSubject(index: EventIndex, owners: ReadonlyMap<ConnectionId, string>, f: Finding): Finding {
  const at = f.detail.kind === 'rate-limit' ? f.detail.burst.refusedAt : f.evidence[0];
  if (at === undefined || at >= index.store.length) return f;
  const account = owners.get(index.store.connectionOf(at));
  return account === undefined ? f : { ...f, subject: account, title: `${account}: ${f.title}` };
}
