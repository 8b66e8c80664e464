/**
 * The Accounts tab of a server's log: one row per account (findings/accounts.ts), those in trouble first. Each
 * account opens the timeline on its connections alone (the connection filter takes an account), so "which
 * accounts cannot sign in, and why" is one look and one click.
 */
import { useState } from 'react';
import type { AccountSummary } from '../../msnp/findings/accounts';
import { describeError } from '../../msnp/error-codes';
import { formatCount } from '../shared/format';
import { ShowMore } from '../shared/ShowMore';
import './accounts.css';

interface Props {
  readonly accounts: readonly AccountSummary[];
  readonly onShow: (account: string) => void;
}

/** Rows drawn at first, then per click: a server's log can name tens of thousands of accounts. */
const FIRST_ROWS = 100;
const MORE_ROWS = 500;

export function AccountsView({ accounts, onShow }: Props) {
  const [limit, setLimit] = useState(FIRST_ROWS);
  if (accounts.length === 0) {
    return (
      <p className="accounts-none" data-testid="accounts-none">
        This log names one account or none, so there is nothing to compare: the Findings tab tells its sign-in.
      </p>
    );
  }
  const failing = accounts.filter((a) => a.failed > 0).length;
  const throttled = accounts.filter((a) => a.bursts > 0).length;
  const shown = accounts.slice(0, limit);
  const hidden = accounts.length - shown.length;
  return (
    <div className="accounts-view" data-testid="accounts-view">
      <table className="accounts">
        <caption>
          {formatCount(accounts.length)} accounts: {formatCount(failing)} with a failed sign-in, {formatCount(throttled)} rate-limited. Those in trouble come first;
          an account opens the timeline on its connections.
        </caption>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col" className="num">Sign-ins</th>
            <th scope="col" className="num">Failed</th>
            <th scope="col">Last sign-in</th>
            <th scope="col">Error replies</th>
            <th scope="col" className="num">Rate-limit bursts</th>
            <th scope="col" className="num">Connections</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((a) => (
            <AccountRow key={a.account} account={a} onShow={onShow} />
          ))}
        </tbody>
      </table>
      <ShowMore hidden={hidden} total={accounts.length} step={MORE_ROWS} testId="accounts-more" onMore={() => setLimit((n) => n + MORE_ROWS)} />
    </div>
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
