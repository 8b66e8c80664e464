import { describe, expect, test } from 'vitest';
import type { LogEvent, ParseResult } from '../../msnp/types';
import { parseSample } from '../test-support';
import { syntheticResult } from '../synthetic-result';
import { buildRows } from '../rows';
import { filterRows, findEmptyingClause, type FilterClause } from './filter-eval';
import { parseFilter } from './filter-parse';

function clauses(q: string): FilterClause[] {
  const parsed = parseFilter(q);
  expect(parsed.problems).toEqual([]);
  return parsed.terms.map((t, i) => ({ id: `q${i}`, label: t.source, origin: 'query', body: t.body, negated: t.negated }));
}

function run(result: ParseResult, q: string, withNonProtocol = false): LogEvent[] {
  const rows = filterRows(result, buildRows(result, withNonProtocol), clauses(q));
  return Array.from(rows, (c) => result.events[c]).filter((e): e is LogEvent => e !== undefined);
}

const cal = parseSample('offline-contact');
const rate = parseSample('rate-limits');
const chat = parseSample('login-ok');

describe('filters over the samples', () => {
  test('cmd:CAL code:>=700 finds the 713 refusal only', () => {
    expect(run(cal, 'cmd:CAL code:>=700').map((e) => e.raw)).toEqual(['713 7']);
  });

  test('cmd:CAL also matches the replies to CAL', () => {
    const rows = run(cal, 'cmd:CAL');
    expect(rows.filter((e) => e.command === 'CAL')).toHaveLength(6);
    expect(rows.filter((e) => e.error !== null).map((e) => e.error?.code)).toEqual([217, 217, 217, 217, 217, 713]);
  });

  test('negation: -dir:client keeps the server side', () => {
    const rows = run(cal, 'cmd:CAL -dir:client');
    expect(rows.length).toBe(6);
    expect(rows.every((e) => e.direction === 'server')).toBe(true);
  });

  test('code ranges and classes agree with the error counts', () => {
    expect(run(rate, 'code:8xx').length).toBe(rate.stats.errorsByCode['800']);
    expect(run(rate, 'class:8xx').length).toBe(rate.stats.errorsByClass['8xx']);
    expect(run(cal, 'code:217').length).toBe(5);
    expect(run(cal, 'code:<700').length).toBe(5);
  });

  test('conn: by id and by kind', () => {
    const sbIds = new Set(rate.connections.filter((c) => c.kind === 'SB').map((c) => c.id));
    const bySb = run(rate, 'conn:SB');
    expect(bySb.length).toBe(rate.events.filter((e) => sbIds.has(e.connection)).length);
    const first = rate.connections.find((c) => c.kind === 'SB');
    expect(run(rate, `conn:${first?.id.toLowerCase() ?? ''}`).every((e) => e.connection === first?.id)).toBe(true);
  });

  test("conn: by account on a server's log: every connection of that account, case-insensitive", () => {
    const server = parseSample('server-log');
    const alices = new Set(server.connections.filter((c) => c.account === 'alice@example.invalid').map((c) => c.id));
    expect(alices.size).toBeGreaterThan(0);
    const rows = run(server, 'conn:Alice@Example.invalid');
    expect(rows.length).toBe(server.events.filter((e) => alices.has(e.connection)).length);
    expect(rows.every((e) => alices.has(e.connection))).toBe(true);
    // Her status changes, the burst among them, and nobody else's.
    expect(run(server, 'conn:alice@example.invalid code:800').length).toBeGreaterThan(0);
    expect(run(server, 'conn:bob@example.invalid code:800')).toEqual([]);
  });

  test('trid, is:error, free text', () => {
    expect(run(cal, 'trid:7 conn:SB').map((e) => e.raw)).toEqual(['CAL 7 frank.t@hotmail.com', '713 7']);
    expect(run(rate, 'is:error').every((e) => e.error?.code === 800)).toBe(true);
    expect(run(chat, '"RINGING"').map((e) => e.command)).toEqual(['CAL']);
  });

  test('finding: by kind selects the evidence of those findings', () => {
    const evidence = new Set(rate.findings.filter((f) => f.kind === 'rate-limit').flatMap((f) => f.evidence));
    expect(evidence.size).toBeGreaterThan(0);
    expect(run(rate, 'finding:rate-limit').map((e) => e.id)).toEqual([...evidence].sort((a, b) => a - b));
  });

  test('non-protocol lines: only free text can match them', () => {
    const noisy = run(chat, 'proxy', true);
    expect(noisy.length).toBe(0); // no event mentions "proxy"
    const rows = filterRows(chat, buildRows(chat, true), clauses('proxy'));
    expect(rows.length).toBeGreaterThan(0);
    expect(Array.from(rows).every((c) => c < 0 && chat.nonProtocol[~c]?.text.includes('proxy'))).toBe(true);
    expect(filterRows(chat, buildRows(chat, true), clauses('cmd:CAL')).every((c) => c >= 0)).toBe(true);
  });

  test('no clauses: the same rows object comes back', () => {
    const rows = buildRows(cal, false);
    expect(filterRows(cal, rows, [])).toBe(rows);
  });
});

describe('which filter emptied it', () => {
  test('names the first clause whose removal brings rows back', () => {
    const rows = buildRows(cal, false);
    // CAL rows exist and so do NS rows, but no CAL was refused with 217 on the NS.
    const cs = clauses('cmd:CAL conn:NS code:217');
    expect(filterRows(cal, rows, cs).length).toBe(0);
    expect(findEmptyingClause(cal, rows, cs)?.label).toBe('conn:NS');
    // The log has no 800 at all: dropping cmd:CAL does not help, dropping code:800 does.
    expect(findEmptyingClause(cal, rows, clauses('cmd:CAL code:800'))?.label).toBe('code:800');
  });

  test('null when rows remain, or when no single clause is to blame', () => {
    const rows = buildRows(cal, false);
    expect(findEmptyingClause(cal, rows, clauses('cmd:CAL'))).toBeNull();
    expect(findEmptyingClause(cal, rows, clauses('code:999 code:998'))).toBeNull();
  });
});

describe('many rows', () => {
  // Speed is measured in the benchmark (bench/ui-bench.ts, `npm run bench`), not here: this checks the typed-array
  // evaluation against a plain walk over the events on a log big enough to cross every chunk boundary.
  const big = syntheticResult(60_000);
  const rows = buildRows(big, false);
  const cases: readonly [string, (e: LogEvent) => boolean][] = [
    ['cmd:CAL', (e) => e.command === 'CAL'],
    ['code:>=700 -dir:client', (e) => (e.error?.code ?? -1) >= 700 && e.direction !== 'client'],
    ['is:error conn:NS1', (e) => e.error !== null],
    ['user4242@', (e) => e.raw.includes('user4242@')],
    ['cmd:MSG,XFR trid:5', (e) => (e.command === 'MSG' || e.command === 'XFR') && e.trId === 5],
  ];
  test.each(cases)('%s keeps exactly the events a plain walk keeps', (q, keep) => {
    const got = Array.from(filterRows(big, rows, clauses(q)));
    const expected = big.events.filter(keep).map((e) => e.id as number);
    expect(expected.length).toBeGreaterThan(0);
    expect(got).toEqual(expected);
  });
});

describe("a finding's evidence includes the client lines its ladder cites", () => {
  test('finding:login-failed with the non-protocol lines shown: its messages and the Passport lines 20, 21, no other line', () => {
    const login = parseSample('login-failed');
    const rows = filterRows(login, buildRows(login, true), clauses('finding:login-failed'));
    const clientLines = Array.from(rows).filter((c) => c < 0).map((c) => login.nonProtocol[~c]?.line);
    expect(clientLines).toEqual([20, 21]);
    expect(Array.from(rows).filter((c) => c >= 0).length).toBe(login.findings.find((f) => f.kind === 'login-failed')?.evidence.length);
    // Negated, the cited lines go with the evidence.
    const rest = filterRows(login, buildRows(login, true), clauses('-finding:login-failed'));
    expect(Array.from(rest).filter((c) => c < 0).map((c) => login.nonProtocol[~c]?.line)).not.toContain(20);
  });
});
