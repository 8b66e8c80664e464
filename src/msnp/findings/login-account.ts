/**
 * The account a login attempt signs in: the handle in its client `USR t SSO I handle` (any package), normalised.
 * A client's log holds one account (or none it shows); a server's log, or a client signed in to several accounts,
 * holds many — and then attempts are told apart by account: retry loops are one account's, titles name it, and
 * the verdict does not add strangers' failures up as one user's.
 */
import { DIR_CLIENT, type EventStore } from '../event-store';
import type { LoginAttempt } from '../types';
import { normalizeHandle } from './event-index';

/** The account of an attempt, read on the columns; null when its `USR … I` line is not in the log. */
export function accountOf(store: EventStore, attempt: LoginAttempt): string | null {
  const step = attempt.steps.find((s) => s.name === 'USR I');
  for (const id of step?.events ?? []) {
    if (id >= store.length || store.dirCode(id) !== DIR_CLIENT || store.commandOf(id) !== 'USR' || !store.paramIs(id, 1, 'I')) continue;
    const handle = store.paramAt(id, 2);
    if (handle !== undefined && handle !== '') return normalizeHandle(handle);
  }
  return null;
}

/** Whether the accounts given (null: not shown) name more than one account. */
export function severalAccounts(accounts: Iterable<string | null>): boolean {
  let first: string | null = null;
  for (const a of accounts) {
    if (a === null) continue;
    if (first === null) first = a;
    else if (a !== first) return true;
  }
  return false;
}
