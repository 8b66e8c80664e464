/**
 * Picks one connection. A short list is a `<select>`; a log with thousands of switchboards gets a text box that
 * accepts an id (`SB1234`) instead, because a select with 40 000 options costs seconds on every re-render. On a
 * server's log the box also takes an account: every connection of that account.
 */
import { useState } from 'react';
import type { ConnectionId } from '../../msnp/types';
import { plural } from './format';

export const MAX_SELECT_CONNECTIONS = 200;

export interface ConnectionOption {
  readonly id: ConnectionId;
  readonly label: string;
  /** The account on it (a server's log), null or absent when not known. */
  readonly account?: string | null;
}

interface Props {
  readonly options: readonly ConnectionOption[];
  readonly value: string;
  /** Label of the "no connection chosen" choice; null when one must always be chosen. */
  readonly anyLabel: string | null;
  readonly testId: string;
  readonly onChange: (id: ConnectionId | null) => void;
  /** The choice may be an account, meaning all of its connections (the filter; not the transcript's one connection). */
  readonly accountChoices?: boolean;
}

export function ConnectionChooser({ options, value, anyLabel, testId, onChange, accountChoices = false }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  if (options.length <= MAX_SELECT_CONNECTIONS) {
    const accounts = accountChoices ? [...new Set(options.flatMap((o) => (o.account == null ? [] : [o.account])))] : [];
    const listed = (v: string): boolean => options.some((o) => o.id === v) || accounts.includes(v);
    const connectionOptions = options.map((o) => (
      <option key={o.id} value={o.id}>
        {o.label}
      </option>
    ));
    return (
      <select data-testid={testId} value={value} onChange={(e) => onChange(e.currentTarget.value === '' ? null : (e.currentTarget.value as ConnectionId))}>
        {anyLabel !== null ? <option value="">{anyLabel}</option> : null}
        {value !== '' && !listed(value) ? <option value={value}>{value}</option> : null}
        {accounts.length === 0 ? (
          connectionOptions
        ) : (
          <>
            <optgroup label="Accounts (all of their connections)">
              {accounts.map((a) => (
                <option key={`account:${a}`} value={a}>
                  {a}
                </option>
              ))}
            </optgroup>
            <optgroup label="Connections">{connectionOptions}</optgroup>
          </>
        )}
      </select>
    );
  }
  const text = draft ?? value;
  const lower = text.toLowerCase();
  const known = text === '' || options.some((o) => o.id === text || o.account === lower);
  const byAccount = options.some((o) => o.account != null);
  return (
    <input
      data-testid={testId}
      className="mono"
      size={byAccount ? 24 : 10}
      value={text}
      placeholder={anyLabel ?? 'NS1'}
      aria-invalid={!known}
      title={`${plural(options.length, 'connection')}: type an id such as ${options[0]?.id ?? 'NS1'} or SB12${byAccount ? ', or an account' : ''}, then Enter`}
      onChange={(e) => setDraft(e.currentTarget.value.trim())}
      onKeyDown={(e) => {
        if (e.key !== 'Enter') return;
        setDraft(null);
        if (text === '') onChange(null);
        else if (known) onChange((options.some((o) => o.id === text) ? text : lower) as ConnectionId);
      }}
      onBlur={() => setDraft(null)}
    />
  );
}
