/**
 * The structured filters beside the chips: exact error code, commands, connection, direction, only errors,
 * only unanswered, non-protocol lines. Each writes to the view slice, so each ends up in the URL.
 */
import { useMemo } from 'react';
import type { ConnectionId, Direction } from '../../msnp/types';
import type { UrlState } from '../../state/url/url-state';
import type { ViewSliceActions } from '../../state/view-slice';
import { describeError } from '../../msnp/error-codes';
import { formatCount } from '../shared/format';
import { CommandPicker } from './CommandPicker';
import { ConnectionChooser, MAX_SELECT_CONNECTIONS } from '../shared/ConnectionChooser';

export interface FilterFacets {
  readonly codes: readonly { readonly code: number; readonly count: number }[];
  readonly commands: readonly { readonly command: string; readonly count: number }[];
  /** `account`: the account on it, on a server's log (null: not known). */
  readonly connections: readonly { readonly id: ConnectionId; readonly count: number; readonly account: string | null }[];
  readonly nonProtocolCount: number;
}

interface Props {
  readonly view: UrlState;
  readonly actions: ViewSliceActions;
  readonly facets: FilterFacets;
}

function toDirection(v: string): Direction | null {
  return v === 'client' || v === 'server' ? v : null;
}

export function MoreFilters({ view, actions, facets }: Props) {
  const code = view.codes.length === 1 ? String(view.codes[0]) : view.codes.length > 1 ? 'many' : '';
  const conn = view.conns.length === 1 ? (view.conns[0] ?? '') : view.conns.length > 1 ? 'many' : '';
  // Once per log, not per filter change: a log can have 40 000 switchboards.
  // Past MAX_SELECT_CONNECTIONS the chooser is a text box and never shows the labels: skip formatting 40 000 counts.
  const connectionOptions = useMemo(
    () =>
      facets.connections.length > MAX_SELECT_CONNECTIONS
        ? facets.connections.map((c) => ({ id: c.id, label: c.id, account: c.account }))
        : facets.connections.map((c) => ({ id: c.id, label: `${c.id}${c.account === null ? '' : ` · ${c.account}`} (${formatCount(c.count)})`, account: c.account })),
    [facets.connections],
  );
  return (
    <div className="filter-row more-filters">
      <label>
        Code
        <select
          data-testid="code-select"
          value={code}
          onChange={(e) => {
            const v = e.currentTarget.value;
            for (const c of view.codes) actions.toggleCode(c);
            if (v !== '') actions.toggleCode(Number(v));
          }}
        >
          <option value="">any</option>
          {view.codes.length > 1 ? <option value="many">{view.codes.join(', ')}</option> : null}
          {facets.codes.map((c) => (
            <option key={c.code} value={c.code}>
              {c.code} {describeError(c.code).title} ({formatCount(c.count)})
            </option>
          ))}
        </select>
      </label>
      <CommandPicker
        counts={facets.commands}
        selected={view.cmds}
        onToggle={actions.toggleCommand}
        onClear={() => actions.setCommands([])}
      />
      <label>
        Connection
        <ConnectionChooser
          testId="connection-select"
          accountChoices
          value={conn}
          anyLabel="all"
          options={connectionOptions}
          onChange={(id) => actions.setConnections(id === null ? [] : [id])}
        />
      </label>
      <label>
        Direction
        <select
          data-testid="direction-select"
          value={view.dir ?? ''}
          onChange={(e) => actions.setDirection(toDirection(e.currentTarget.value))}
        >
          <option value="">both</option>
          <option value="client">client → server</option>
          <option value="server">server → client</option>
        </select>
      </label>
      <label>
        <input
          type="checkbox"
          data-testid="errors-only"
          checked={view.errorsOnly}
          onChange={(e) => actions.setErrorsOnly(e.currentTarget.checked)}
        />
        Only errors
      </label>
      <label>
        <input
          type="checkbox"
          data-testid="unanswered-only"
          checked={view.unansweredOnly}
          onChange={(e) => actions.setUnansweredOnly(e.currentTarget.checked)}
        />
        Only unanswered
      </label>
      {/* "Non-protocol" is the analyzer's word: the title says what those lines are. */}
      <label title="Lines of the log that are not MSNP messages, such as the client's own notes about connecting or Passport (blank lines are never shown)">
        <input
          type="checkbox"
          data-testid="show-nonprotocol"
          checked={view.nonProtocol}
          disabled={facets.nonProtocolCount === 0 && !view.nonProtocol}
          onChange={(e) => actions.setNonProtocol(e.currentTarget.checked)}
        />
        {/* "Show 0 non-protocol lines" beside a disabled box offered nothing in words that read like an offer. */}
        {facets.nonProtocolCount === 0
          ? 'No non-protocol lines in this log'
          : `Show ${formatCount(facets.nonProtocolCount)} non-protocol ${facets.nonProtocolCount === 1 ? 'line' : 'lines'}`}
      </label>
    </div>
  );
}
