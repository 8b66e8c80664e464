/**
 * The Accounts tab of a server's log: one row per account (findings/accounts.ts), those in trouble first. Each
 * account opens the timeline on its connections alone (the connection filter takes an account), so "which
 * accounts cannot sign in, and why" is one look and one click.
 */
import { useMemo, useState, type ReactNode } from 'react';
import type { AccountSummary } from '../../msnp/findings/accounts';
import { accountsToCsv, describeAccountSort, firstClickDesc, searchAccounts, sortAccounts } from '../../state/account-list';
import { downloadBase, downloadText } from '../share/browser-io';
import { DEFAULT_ACCOUNT_SORT, MAX_ACCOUNT_QUERY_LENGTH, type AccountSortColumn, type AccountSortSpec } from '../../state/url/url-state';
import { describeError } from '../../msnp/error-codes';
import { formatCount, formatTime, plural } from '../shared/format';
import { ShowMore } from '../shared/ShowMore';
import './accounts.css';

interface Props {
  readonly accounts: readonly AccountSummary[];
  readonly onShow: (account: string) => void;
  /** The order (view state, in the URL as `asort=`). */
  readonly sort: AccountSortSpec;
  readonly onSort: (sort: AccountSortSpec) => void;
  /** The search (view state, in the URL as `aq=`): accounts whose address contains it. */
  readonly query: string;
  readonly onQuery: (query: string) => void;
  /** The log's file name, for the name of a downloaded table. */
  readonly fileName: string | null;
}

/** Rows drawn at first, then per click: a server's log can name tens of thousands of accounts. */
const FIRST_ROWS = 100;
const MORE_ROWS = 500;

export function AccountsView({ accounts, onShow, sort, onSort, query, onQuery, fileName }: Props) {
  const [limit, setLimit] = useState(FIRST_ROWS);
  const sorted = useMemo(() => sortAccounts(searchAccounts(accounts, query), sort), [accounts, query, sort]);
  if (accounts.length === 0) {
    return (
      <p className="accounts-none" data-testid="accounts-none">
        This log names one account or none, so there is nothing to compare: the Findings tab tells its sign-in.
      </p>
    );
  }
  const failing = accounts.filter((a) => a.failed > 0).length;
  const throttled = accounts.filter((a) => a.bursts > 0).length;
  const shown = sorted.slice(0, limit);
  const hidden = sorted.length - shown.length;
  const searching = query.trim() !== '';
  return (
    <div className="accounts-view" data-testid="accounts-view">
      <div className="accounts-search">
        <input
          type="search"
          value={query}
          onChange={(e) => onQuery(e.target.value)}
          aria-label="Find accounts by address"
          placeholder="Find an account: any part of its address"
          data-testid="accounts-search"
          maxLength={MAX_ACCOUNT_QUERY_LENGTH}
          spellCheck={false}
        />
        <span role="status" data-testid="accounts-search-count">
          {searching ? `${formatCount(sorted.length)} of ${plural(accounts.length, 'account')} ${sorted.length === 1 ? 'matches' : 'match'}` : ''}
        </span>
        <button
          type="button"
          data-testid="accounts-csv"
          disabled={sorted.length === 0}
          title="Every account the table lists (all pages), in its order, as a CSV file"
          onClick={() => downloadText(`${downloadBase(fileName)}-accounts.csv`, accountsToCsv(sorted, accounts.length, query, sort), 'text/csv')}
        >
          Download as CSV
        </button>
      </div>
      {searching && sorted.length === 0 ? (
        <p className="accounts-none" data-testid="accounts-no-match">
          No account's address contains “{query.trim()}”.{' '}
          <button type="button" className="link" onClick={() => onQuery('')}>Show every account</button>
        </p>
      ) : (
        <table className="accounts">
          <caption>
            {plural(accounts.length, 'account')}: {formatCount(failing)} with a failed sign-in, {formatCount(throttled)} rate-limited.{' '}
            <span data-testid="accounts-order">{capitalize(describeAccountSort(sort))}</span>
            {sort.column === 'trouble' && !sort.desc ? null : (
              <>
                {' '}(
                <button type="button" className="link" data-testid="accounts-order-reset" onClick={() => onSort(DEFAULT_ACCOUNT_SORT)}>
                  put the accounts in trouble first
                </button>
                )
              </>
            )}
            . Choose an account to see all its connections in the timeline (other filters are cleared).
          </caption>
          <thead>
            <tr>
              <SortableHeader column="account" sort={sort} onSort={onSort}>Account</SortableHeader>
              <SortableHeader column="signIns" sort={sort} onSort={onSort} numeric>Sign-ins</SortableHeader>
              <SortableHeader column="failed" sort={sort} onSort={onSort} numeric>Failed</SortableHeader>
              <SortableHeader column="lastSignIn" sort={sort} onSort={onSort}>Last sign-in</SortableHeader>
              <SortableHeader column="errors" sort={sort} onSort={onSort}>Error replies</SortableHeader>
              <SortableHeader column="bursts" sort={sort} onSort={onSort} numeric>Rate-limit bursts</SortableHeader>
              <SortableHeader column="connections" sort={sort} onSort={onSort} numeric>Connections</SortableHeader>
            </tr>
          </thead>
          <tbody>
            {shown.map((a) => (
              <AccountRow key={a.account} account={a} onShow={onShow} />
            ))}
          </tbody>
        </table>
      )}
      <ShowMore hidden={hidden} total={sorted.length} step={MORE_ROWS} testId="accounts-more" onMore={() => setLimit((n) => n + MORE_ROWS)} />
    </div>
  );
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

interface HeaderProps {
  readonly column: Exclude<AccountSortColumn, 'trouble'>;
  readonly sort: AccountSortSpec;
  readonly onSort: (sort: AccountSortSpec) => void;
  readonly numeric?: boolean;
  readonly children: ReactNode;
}

/** A column header that sorts the table: the first click takes the column's natural way, the next one reverses it. */
function SortableHeader({ column, sort, onSort, numeric = false, children }: HeaderProps) {
  const active = sort.column === column;
  return (
    <th scope="col" className={numeric ? 'num' : undefined} aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button
        type="button"
        className="sort-button"
        data-testid={`accounts-sort-${column}`}
        onClick={() => onSort({ column, desc: active ? !sort.desc : firstClickDesc(column) })}
      >
        {children}
        <span aria-hidden="true">{active ? (sort.desc ? ' ▾' : ' ▴') : ''}</span>
      </button>
    </th>
  );
}

function AccountRow({ account: a, onShow }: { readonly account: AccountSummary; readonly onShow: (account: string) => void }) {
  const trouble = a.failed > 0 ? 'is-error' : a.bursts > 0 || a.errorCount > 0 ? 'is-warning' : 'is-ok';
  return (
    <tr className={trouble} data-testid="account-row" data-account={a.account}>
      <th scope="row">
        <button type="button" className="link mono" title={`Show ${a.account}'s connections in the timeline`} onClick={() => onShow(a.account)}>
          {a.account}
        </button>
      </th>
      <td className="num">{formatCount(a.signIns)}</td>
      <td className="num">
        {a.failed > 0 ? (
          <>
            <span className="account-icon" aria-hidden="true">✗</span> {formatCount(a.failed)}
          </>
        ) : (
          '0'
        )}
      </td>
      <td>
        {a.lastSignIn === null ? (
          <span className="muted">not in the log</span>
        ) : (
          <>
            <span className="account-icon" aria-hidden="true">{a.lastSignedIn ? '✓' : '✗'}</span> {a.lastSignIn}
            {a.lastSignInTime === null ? null : <span className="muted"> · {formatTime(a.lastSignInTime)}</span>}
          </>
        )}
      </td>
      <td>
        {a.errors.length === 0
          ? <span className="muted">none</span>
          : a.errors.slice(0, 4).map((e, k) => (
            <span key={e.code} title={describeError(e.code).title}>
              {k > 0 ? ', ' : ''}
              {e.code} ×{formatCount(e.count)}
            </span>
          ))}
        {a.errors.length > 4 ? ', …' : null}
      </td>
      <td className="num">{a.bursts > 0 ? <><span className="account-icon" aria-hidden="true">!</span> {formatCount(a.bursts)}</> : '0'}</td>
      <td className="num">{formatCount(a.connections.length)}</td>
    </tr>
  );
}
