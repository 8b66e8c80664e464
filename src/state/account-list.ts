/**
 * The Accounts tab's list: which accounts (a search, `aq=` in the URL) in which order (`asort=`). `trouble` is
 * the summary's own order; any other column sorts by its value and breaks ties by that order, so the accounts in
 * trouble still lead within a tie.
 */
import type { AccountSummary } from '../msnp/findings/accounts';
import { assertNever } from '../msnp/assert';
import { formatCount, plural } from '../msnp/format-count';
import { csvCell } from './share/csv';
import type { AccountSortColumn, AccountSortSpec } from './url/url-state';

type Key = number | string | null;

/** Addresses in natural order: user2 before user10, as a person reads them. */
export const NATURAL_ORDER = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function keyOf(a: AccountSummary, column: Exclude<AccountSortColumn, 'trouble'>): Key {
  switch (column) {
    // NATURAL_ORDER compares without regard to case.
    case 'account': return a.account;
    case 'signIns': return a.signIns;
    case 'failed': return a.failed;
    // How the last sign-in ended, as the column reads: one outcome's accounts come together.
    case 'lastSignIn': return a.lastSignIn;
    case 'errors': return a.errorCount;
    case 'bursts': return a.bursts;
    case 'connections': return a.connections.length;
    default: return assertNever(column, 'account sort column');
  }
}

/** The accounts in the asked order (the same array when that is the summary's own order). */
export function sortAccounts(accounts: readonly AccountSummary[], spec: AccountSortSpec): readonly AccountSummary[] {
  if (spec.column === 'trouble') return spec.desc ? [...accounts].reverse() : accounts;
  const column = spec.column;
  const keys = accounts.map((a) => keyOf(a, column));
  const dir = spec.desc ? -1 : 1;
  const order = accounts.map((_, k) => k);
  order.sort((x, y) => {
    const a = keys[x] ?? null;
    const b = keys[y] ?? null;
    // An account with no value (no sign-in in the log) goes last either way: it has nothing to rank by.
    if (a === null || b === null) return a === b ? x - y : a === null ? 1 : -1;
    const d = typeof a === 'string' && typeof b === 'string' ? NATURAL_ORDER.compare(a, b) : a < b ? -1 : a > b ? 1 : 0;
    return d !== 0 ? d * dir : x - y;
  });
  return order.map((k) => accounts[k] as AccountSummary);
}

/** The accounts whose address contains `query` (any case; surrounding spaces ignored); all of them for ''. */
export function searchAccounts(accounts: readonly AccountSummary[], query: string): readonly AccountSummary[] {
  const q = query.trim().toLowerCase();
  return q === '' ? accounts : accounts.filter((a) => a.account.toLowerCase().includes(q));
}

/** The direction a column takes on its first click: counts most first, names and outcomes A to Z. */
export function firstClickDesc(column: AccountSortColumn): boolean {
  return column !== 'account' && column !== 'lastSignIn' && column !== 'trouble';
}

const COLUMN_WORDS: Readonly<Record<Exclude<AccountSortColumn, 'trouble'>, string>> = {
  account: 'account',
  signIns: 'sign-ins',
  failed: 'failed sign-ins',
  lastSignIn: 'how the last sign-in ended',
  errors: 'error replies',
  bursts: 'rate-limit bursts',
  connections: 'connections',
};

/** The order in words, for the table's caption ("sorted by failed sign-ins, most first"). */
export function describeAccountSort(spec: AccountSortSpec): string {
  if (spec.column === 'trouble') return spec.desc ? 'accounts in trouble come last' : 'accounts in trouble come first';
  const text = spec.column === 'account' || spec.column === 'lastSignIn';
  const way = text ? (spec.desc ? 'Z to A' : 'A to Z') : spec.desc ? 'most first' : 'fewest first';
  return `sorted by ${COLUMN_WORDS[spec.column]}, ${way}`;
}

const CSV_COLUMNS = ['account', 'signIns', 'signedIn', 'failed', 'lastSignIn', 'errorReplies', 'errorsByCode', 'rateLimitBursts', 'connections'] as const;

/**
 * The accounts as CSV, in the order and with the search the tab shows (a `#` line says which): one row per
 * account, error replies by code as `911:2 800:1`, connections as their ids.
 */
export function accountsToCsv(accounts: readonly AccountSummary[], total: number, query: string, sort: AccountSortSpec): string {
  const what = query.trim() === '' ? plural(accounts.length, 'account') : `${formatCount(accounts.length)} of ${plural(total, 'account')} matching "${query.trim()}"`;
  const head = `# ${what}, ${describeAccountSort(sort)}`;
  const rows = accounts.map((a) => [
    a.account, a.signIns, a.signedIn, a.failed, a.lastSignIn ?? '', a.errorCount,
    a.errors.map((e) => `${e.code}:${e.count}`).join(' '), a.bursts, a.connections.join(' '),
  ].map(csvCell).join(','));
  return [head, CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}
