import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { parseLog } from '../msnp/parse-log';
import { toConnectionId, toEventId, type LogEvent } from '../msnp/types';
import { buildRows } from './rows';
import {
  connectionFacets,
  countRows,
  wholeCounts,
  describeStatus,
  findNextError,
  rowAt,
  selectBaseRows,
  selectCounts,
  selectEmptyCause,
  selectFilterActive,
  selectFiltersBesideFinding,
  selectFilteredRows,
  selectNonProtocolCount,
  selectParsedQuery,
  selectTranscriptRows,
  timeSincePrevious,
  transactionOf,
} from './selectors';
import { createTestStore, sampleById } from './test-support';
import type { AppStore } from './store';

let store: AppStore;
const s = () => store.getState();
const events = (rows: Int32Array): LogEvent[] =>
  Array.from(rows, (c) => rowAt(s().result!, c)).flatMap((r) => (r?.kind === 'event' ? [r.event] : []));

async function load(id: Parameters<typeof sampleById>[0]): Promise<void> {
  store = createTestStore();
  await s().logActions.loadSample(sampleById(id));
}

describe('row model', () => {
  beforeEach(() => load('login-ok'));

  test('events only by default; non-protocol lines merged in line order when shown, blank lines never', () => {
    const result = s().result!;
    expect(selectBaseRows(s()).length).toBe(result.events.length);
    const hidden = selectNonProtocolCount(s());
    expect(hidden).toBe(result.nonProtocol.filter((l) => l.reason !== 'blank').length);
    expect(hidden).toBeGreaterThan(0);
    s().viewActions.setNonProtocol(true);
    const rows = selectBaseRows(s());
    expect(rows.length).toBe(result.events.length + hidden);
    const lines = Array.from(rows, (c) => (c >= 0 ? result.events[c]!.line : result.nonProtocol[~c]!.line));
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(rowAt(result, rows[0]!)).toMatchObject({ kind: 'line' }); // the log opens with account/proxy lines
  });

  test('selectors keep their identity while inputs are unchanged', () => {
    const a = selectFilteredRows(s());
    s().uiActions.setHover(toEventId(1));
    expect(selectFilteredRows(s())).toBe(a);
    s().viewActions.setQuery('cmd:CAL');
    expect(selectFilteredRows(s())).not.toBe(a);
  });
});

describe('filtering through the store', () => {
  beforeEach(() => load('rate-limits'));

  test('the 8xx chip shows exactly the 800 replies', () => {
    s().viewActions.toggleErrorClass('8xx');
    const shown = events(selectFilteredRows(s()));
    expect(shown.map((e) => e.command)).toEqual(['800', '800', '800', '800']);
  });

  test('query terms and chips combine with AND; a broken term is reported and ignored', () => {
    s().viewActions.setQuery('cmd:XFR dir:sideways');
    expect(selectParsedQuery(s()).problems).toHaveLength(1);
    s().viewActions.toggleErrorClass('8xx');
    expect(events(selectFilteredRows(s())).map((e) => e.raw)).toEqual(['800 24', '800 25']);
  });

  test('counts: whole-log counts for chips, filtered counts flagged as such', () => {
    const before = selectCounts(s())!;
    expect(before.reflectsFilter).toBe(false);
    expect(before.whole.byClass['8xx']).toBe(4);
    expect(before.whole.byCode.get(800)).toBe(4);
    expect(before.whole.events).toBe(s().result!.events.length);
    s().viewActions.setQuery('cmd:REA');
    const after = selectCounts(s())!;
    expect(after.reflectsFilter).toBe(true);
    expect(after.whole).toBe(before.whole);
    expect(after.filtered.byClass['8xx']).toBe(2);
    expect(after.filtered.byCommand.get('REA')).toBe(6 + 4); // six renames, four accepted with an REA reply
    expect(selectFilterActive(s())).toBe(true);
  });

  test('whole-log counts from the worker-built tallies equal counting every row', () => {
    const result = s().result!;
    expect(wholeCounts(result)).toEqual(countRows(result, buildRows(result, false)));
  });

  test('an empty result names the filter that emptied it', () => {
    s().viewActions.setErrorsOnly(true);
    s().viewActions.toggleConnection(toConnectionId('SB1'));
    expect(selectFilteredRows(s()).length).toBe(0);
    // Errors exist, and SB1 has rows, but no error is on SB1: the connection chip comes first in chip order.
    expect(selectEmptyCause(s())).toMatchObject({ origin: 'view', id: 'conn', label: 'connection SB1' });
    s().viewActions.setConnections([]);
    s().viewActions.setQuery('cmd:CAL');
    // Every CAL here rang through: "only errors" and cmd:CAL each leave rows; the query term is named first.
    expect(selectFilteredRows(s()).length).toBe(0);
    expect(selectEmptyCause(s())).toMatchObject({ origin: 'query', id: 'q0', label: 'cmd:CAL' });
    s().viewActions.clearFilters();
    expect(selectFilteredRows(s()).length).toBeGreaterThan(0);
    expect(selectEmptyCause(s())).toBeNull();
  });

  test('e / E walk the errors in order and wrap around', () => {
    const errs = s().result!.events.filter((e) => e.error).map((e) => e.id);
    const seen: number[] = [];
    for (let k = 0; k < errs.length + 1; k++) {
      const next = findNextError(s(), 1);
      seen.push(next ?? -1);
      s().viewActions.select(next);
    }
    expect(seen).toEqual([...errs, errs[0]]);
    s().viewActions.select(errs[0] ?? null);
    expect(findNextError(s(), -1)).toBe(errs.at(-1));
  });

  test('sorting by command keeps the filtered set and orders it', () => {
    s().viewActions.setQuery('conn:NS1');
    const n = selectFilteredRows(s()).length;
    s().viewActions.setSort({ column: 'command', desc: false });
    const sorted = events(selectFilteredRows(s())).map((e) => e.command);
    expect(sorted.length).toBe(n);
    expect(sorted).toEqual([...sorted].sort());
  });

  test('sorting by account groups the rows of each account in line order, rows of no account last', async () => {
    await load('server-log');
    const r = s().result!;
    const accountOf = new Map(r.connections.map((c) => [c.id as string, c.account?.toLowerCase() ?? null]));
    const named = new Set([...accountOf.values()].filter((a) => a !== null));
    expect(named.size).toBeGreaterThan(1);
    s().viewActions.setSort({ column: 'account', desc: false });
    const rows = events(selectFilteredRows(s()));
    expect(rows.length).toBe(r.events.length);
    const keys = rows.map((e) => accountOf.get(e.connection) ?? null);
    // Accounts ascending, null (no account) after every named one.
    const order = keys.map((a) => (a === null ? '\uffff' : a));
    expect(order).toEqual([...order].sort());
    // Within one account, line order: its sign-in and its switchboards are not split by connection.
    for (const a of named) {
      const lines = rows.filter((e) => accountOf.get(e.connection) === a).map((e) => e.line);
      expect(lines).toEqual([...lines].sort((x, y) => x - y));
    }
    s().viewActions.setSort({ column: 'account', desc: true });
    const desc = events(selectFilteredRows(s())).map((e) => accountOf.get(e.connection) ?? '\uffff');
    expect(desc).toEqual([...desc].sort().reverse());
  });
});

describe('filters beside the open finding', () => {
  test('only the finding: none; a query, a chip or a toggle as well: some', async () => {
    await load('rate-limits');
    expect(selectFiltersBesideFinding(s())).toBe(false);
    s().viewActions.setFinding('rate-limit-1');
    expect(selectFilterActive(s())).toBe(true);
    expect(selectFiltersBesideFinding(s())).toBe(false);
    s().viewActions.setQuery('dir:server');
    expect(selectFiltersBesideFinding(s())).toBe(true);
    s().viewActions.setQuery('');
    s().viewActions.setErrorsOnly(true);
    expect(selectFiltersBesideFinding(s())).toBe(true);
  });
});

describe('status text and transactions', () => {
  test('refused CALs read "→ 217 …", the reply reads "answers CAL n"', async () => {
    await load('offline-contact');
    const r = s().result!;
    const cal = r.events.find((e) => e.command === 'CAL')!;
    expect(describeStatus(r, cal)).toMatchObject({ text: expect.stringMatching(/^→ 217 \S/), tone: 'error' });
    const reply = r.events[cal.replies[0]!]!;
    expect(describeStatus(r, reply)).toEqual({ text: `answers CAL ${cal.trId}`, tone: 'muted', target: cal.id });
    expect(transactionOf(r, reply.id)).toEqual({ command: cal, replies: [reply] });
  });

  test('answered commands read "→ OK in …" when the log has times, in whole seconds on a whole-second clock', async () => {
    await load('login-ok');
    const r = s().result!;
    const qry = r.events.find((e) => e.command === 'QRY' && e.direction === 'client')!;
    const latency = qry.latencyMs ?? -1;
    expect(describeStatus(r, qry).text).toBe(`→ OK in ${latency < 1000 ? '<1 s' : `${Math.round(latency / 1000)} s`}`);
    const next = r.events[qry.id + 1]!;
    expect(timeSincePrevious(r, next.id)).toBe((next.time ?? 0) - (qry.time ?? 0));
  });

  test('a command that never got a reply reads "no reply"', async () => {
    await load('login-ok');
    const r = s().result!;
    const lost = r.events.find((e) => e.status === 'unanswered');
    if (lost) expect(describeStatus(r, lost)).toMatchObject({ text: 'no reply', tone: 'warning' });
    const synthetic: LogEvent = { ...r.events[0]!, status: 'unanswered', replies: [] };
    expect(describeStatus(r, synthetic).text).toBe('no reply');
  });
});

describe('transcript', () => {
  test('on its tab e / E walk the errors of its connection in line order, whatever the timeline shows', async () => {
    // NS2 holds an error (17) before NS1's two (35, 37).
    await load('server-log');
    const errs = (conn: string): number[] =>
      s().result!.events.filter((e) => e.error && e.connection === conn).map((e) => e.id);
    expect(errs('NS2')).toEqual([17]);
    expect(errs('NS1')).toEqual([35, 37]);
    // The timeline shows newest first and only NS2: there e finds 17, and only 17.
    s().viewActions.setSort({ column: 'line', desc: true });
    s().viewActions.setQuery('conn:NS2');
    expect(findNextError(s(), 1)).toBe(17);
    s().viewActions.setTab('transcript');
    s().viewActions.setTranscriptConnection(toConnectionId('NS1'));
    // Selected 17 is not on NS1: e starts from NS1's first message.
    s().viewActions.select(toEventId(17));
    const seen: (number | null)[] = [];
    for (let k = 0; k < 3; k++) {
      const next = findNextError(s(), 1);
      seen.push(next);
      s().viewActions.select(next);
    }
    expect(seen).toEqual([35, 37, 35]);
    expect(findNextError(s(), -1)).toBe(37);
    // Between the two errors, E goes back to the first and e on to the second.
    s().viewActions.select(toEventId(36));
    expect(findNextError(s(), -1)).toBe(35);
    expect(findNextError(s(), 1)).toBe(37);
    expect(s().view.tab).toBe('transcript');
  });


  test('follows one connection, the first by default', async () => {
    await load('login-ok');
    const r = s().result!;
    const first = selectTranscriptRows(s());
    expect(events(first).every((e) => e.connection === r.connections[0]?.id)).toBe(true);
    const sb = r.connections.find((c) => c.kind === 'SB')!;
    s().viewActions.setTranscriptConnection(sb.id);
    const rows = events(selectTranscriptRows(s()));
    expect(rows.length).toBe(sb.eventCount);
    expect(rows.map((e) => e.command).slice(0, 3)).toEqual(['USR', 'USR', 'CAL']);
  });
});

describe('connectionFacets', () => {
  const parse = (path: string) => parseLog(new Uint8Array(readFileSync(join(__dirname, '../../fixtures/msnp', path))), {});

  test("a server's log: every connection with events, in the log's order, with its count and its account", () => {
    const result = parse('findings/server-many-accounts.log');
    const facets = connectionFacets(result);
    const expected = result.connections.filter((c) => c.eventCount > 0).map((c) => ({ id: c.id, count: c.eventCount, account: c.account ?? null }));
    expect(facets).toEqual(expected);
    expect(facets.filter((f) => f.account !== null).length).toBeGreaterThan(1);
    expect(connectionFacets(result)).toBe(facets); // once per result
  });

  test("a client's log: connections with no account", () => {
    const result = parse('libpurple/real-03-ubuntuforums-pidgin-msnp15-sso-timeout-libpurple.log');
    const facets = connectionFacets(result);
    expect(facets.map((f) => f.id)).toEqual(result.connections.map((c) => c.id));
    expect(facets.every((f) => f.account === null && f.count > 0)).toBe(true);
    expect(facets.reduce((n, f) => n + f.count, 0)).toBe(result.events.length);
  });
});
