/**
 * What the `?` popover next to the search box shows, and the preset filters. Data only: the UI renders it,
 * tests check every example in it parses cleanly.
 */
import type { FieldName } from './filter-terms';

export interface FilterFieldHelp {
  readonly field: FieldName | 'text';
  /** How to write it, e.g. `cmd:CAL` or `"quoted text"`. */
  readonly syntax: string;
  readonly description: string;
  readonly examples: readonly string[];
}

export interface FilterHelp {
  readonly summary: string;
  readonly fields: readonly FilterFieldHelp[];
  readonly rules: readonly string[];
  readonly examples: readonly { readonly query: string; readonly meaning: string }[];
}

export const FILTER_HELP: FilterHelp = {
  summary: 'Type terms separated by spaces; a row is shown when it matches all of them.',
  fields: [
    { field: 'cmd', syntax: 'cmd:CAL', description: 'Command (verb). Matches the command and the replies to it. Commas mean "any of".', examples: ['cmd:USR', 'cmd:CAL,XFR'] },
    { field: 'code', syntax: 'code:800', description: 'Error code: exact, a range of a hundred, a span or a comparison.', examples: ['code:911', 'code:7xx', 'code:>=700', 'code:713,800'] },
    { field: 'class', syntax: 'class:8xx', description: 'Error range, like the chips above the table.', examples: ['class:2xx', 'class:9xx'] },
    { field: 'dir', syntax: 'dir:client', description: 'Who sent it: client or server.', examples: ['dir:server', '-dir:client'] },
    { field: 'conn', syntax: 'conn:SB2', description: "Connection id, a kind (NS, SB, DS) for all of that kind, or on a server's log an account for all of its connections.", examples: ['conn:NS1', 'conn:SB', 'conn:alice@example.com'] },
    { field: 'trid', syntax: 'trid:12', description: 'Transaction id (TrId).', examples: ['trid:5'] },
    { field: 'is', syntax: 'is:error', description: 'error (an error reply), unanswered (a command that got no reply), orphan (a reply with no command in the log), inferred (read from a log message rather than a wire line).', examples: ['is:error', 'is:unanswered'] },
    { field: 'finding', syntax: 'finding:rate-limit', description: 'Evidence of a finding, by kind or by id.', examples: ['finding:login-failed', 'finding:rate-limit-1'] },
    { field: 'text', syntax: '"some text"', description: 'Free text anywhere in the line or its payload, case-insensitive. Quote it when it has spaces or a colon.', examples: ['blocking_you', '"Content-Type: text/plain"'] },
  ],
  rules: [
    'Put - before a term to exclude what it matches, e.g. -dir:client.',
    'Free text also searches the non-protocol lines when they are shown.',
    'A term with a mistake is named under the search box, with the part that is wrong, and left out; the rest still filters.',
  ],
  examples: [
    { query: 'cmd:CAL code:>=700', meaning: 'CAL calls refused with a 7xx, 8xx or 9xx error' },
    { query: 'conn:SB2 -dir:client', meaning: 'what the server said on switchboard 2' },
    { query: 'is:unanswered', meaning: 'commands that never got a reply' },
    { query: 'cmd:CAL code:>=700 -dir:client conn:SB2 "blocking_you"', meaning: 'all of the above at once' },
  ],
};

export interface FilterPreset {
  readonly id: 'errors' | 'login' | 'rate-limits' | 'switchboards';
  readonly label: string;
  readonly query: string;
  readonly description: string;
}

export const FILTER_PRESETS: readonly FilterPreset[] = [
  { id: 'errors', label: 'Errors', query: 'is:error', description: 'Every error reply.' },
  {
    id: 'login',
    label: 'Login',
    query: 'cmd:VER,CVR,USR,XFR,GCF,CHL,QRY,SBS,OUT conn:DS,NS',
    description: 'The sign-in handshake on the dispatch and notification servers, with its replies.',
  },
  { id: 'rate-limits', label: 'Rate limits', query: 'code:713,800', description: 'Refusals for doing something too often.' },
  { id: 'switchboards', label: 'Switchboards', query: 'conn:SB', description: 'Everything on the chat (switchboard) connections.' },
];
