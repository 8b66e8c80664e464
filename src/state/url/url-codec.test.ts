import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { toConnectionId, toEventId, type ErrorClass } from '../../msnp/types';
import { isDefaultUrlState, parseUrlState, serializeUrlState } from './url-codec';
import { ACCOUNT_SORT_COLUMNS, DEFAULT_URL_STATE, ERROR_CLASSES, SORT_COLUMNS, TABS, type UrlState } from './url-state';

const roundTrip = (s: UrlState): UrlState => parseUrlState(serializeUrlState(s)).state;

describe('serializeUrlState', () => {
  test('the default view is an empty hash, and parses back to the defaults without notices', () => {
    expect(serializeUrlState(DEFAULT_URL_STATE)).toBe('');
    expect(isDefaultUrlState(DEFAULT_URL_STATE)).toBe(true);
    expect(parseUrlState('')).toEqual({ state: DEFAULT_URL_STATE, notices: [], extra: {} });
    expect(parseUrlState('#').state).toEqual(DEFAULT_URL_STATE);
  });

  test('leaves defaults out and writes keys in a fixed order', () => {
    const s: UrlState = { ...DEFAULT_URL_STATE, sel: toEventId(42), q: 'cmd:CAL', log: '0badf00d', err: ['8xx', '2xx'] };
    expect(serializeUrlState(s)).toBe('#/timeline?v=1&log=0badf00d&q=cmd:CAL&err=2xx,8xx&sel=42');
  });

  test('equal views give equal strings whatever order lists were built in', () => {
    const a: UrlState = { ...DEFAULT_URL_STATE, cmds: ['XFR', 'CAL'], codes: [800, 713] };
    const b: UrlState = { ...DEFAULT_URL_STATE, cmds: ['CAL', 'XFR'], codes: [713, 800] };
    expect(serializeUrlState(a)).toBe(serializeUrlState(b));
  });

  test('a non-default tab alone is written', () => {
    expect(serializeUrlState({ ...DEFAULT_URL_STATE, tab: 'findings' })).toBe('#/findings?v=1');
  });

  test('extra keys of other features are kept after ours, sorted', () => {
    const hash = serializeUrlState({ ...DEFAULT_URL_STATE, q: 'x' }, { z: '1', d: 'abc' });
    expect(hash).toBe('#/timeline?v=1&q=x&d=abc&z=1');
    expect(parseUrlState(hash).extra).toEqual({ d: 'abc', z: '1' });
  });
});

describe('the forced format (fmt=)', () => {
  test('is written after the log, only when forced', () => {
    expect(serializeUrlState({ ...DEFAULT_URL_STATE, log: '0badf00d', fmt: 'escargot', q: 'x' })).toBe(
      '#/timeline?v=1&log=0badf00d&fmt=escargot&q=x',
    );
    expect(serializeUrlState({ ...DEFAULT_URL_STATE, log: '0badf00d' })).not.toContain('fmt');
  });

  test('an unknown format is a plain notice that names it, and the log is detected', () => {
    const parsed = parseUrlState('#/timeline?v=1&log=0badf00d&fmt=msnp99');
    expect(parsed.state.fmt).toBeNull();
    expect(parsed.state.log).toBe('0badf00d');
    expect(parsed.notices.map((n) => n.message)).toEqual([
      'The link asks to read the log as “msnp99”, a format this version does not know; the format is detected instead.',
    ]);
    expect(parsed.extra).toEqual({});
  });

  test('an old link without it still opens, detected and without notices', () => {
    expect(parseUrlState('#/timeline?v=1&log=0badf00d&q=cmd:USR')).toEqual({
      state: { ...DEFAULT_URL_STATE, log: '0badf00d', q: 'cmd:USR' },
      notices: [],
      extra: {},
    });
  });
});

describe('round trip of every field', () => {
  const cases: [string, Partial<UrlState>][] = [
    ['tab transcript', { tab: 'transcript' }],
    ['tab findings', { tab: 'findings' }],
    ['log', { log: '3f9a01c2' }],
    ['q with spaces, quotes, colons, & and #', { q: 'cmd:CAL code:>=700 -dir:client conn:SB2 "blocking_you" a&b #x' }],
    ['err', { err: ['2xx', '7xx', '9xx'] }],
    ['codes', { codes: [217, 713, 800] }],
    ['cmds', { cmds: ['CAL', 'USR', 'XFR'] }],
    ['conns', { conns: [toConnectionId('NS1'), toConnectionId('SB2')] }],
    ['conns with an account', { conns: [toConnectionId('SB2'), toConnectionId('a.b+tag@example.com')] }],
    ['dir client', { dir: 'client' }],
    ['dir server', { dir: 'server' }],
    ['errorsOnly', { errorsOnly: true }],
    ['unansweredOnly', { unansweredOnly: true }],
    ['nonProtocol', { nonProtocol: true }],
    ['finding', { finding: 'rate-limit-1' }],
    ['sel 0', { sel: toEventId(0) }],
    ['sel', { sel: toEventId(1532) }],
    ['tconn', { tconn: toConnectionId('SB3') }],
    ['sort desc', { sort: { column: 'latency', desc: true } }],
    ['sort asc', { sort: { column: 'time', desc: false } }],
    ['sort line desc', { sort: { column: 'line', desc: true } }],
    ['forced format', { fmt: 'amsn' }],
  ];
  test.each(cases)('%s', (_name, patch) => {
    const s: UrlState = { ...DEFAULT_URL_STATE, ...patch };
    const hash = serializeUrlState(s);
    expect(hash).not.toBe('');
    const parsed = parseUrlState(hash);
    expect(parsed.notices).toEqual([]);
    expect(parsed.state).toEqual(s);
  });

  test('any valid view survives serialize → parse (property)', () => {
    const word = fc.stringMatching(/^[A-Z]{3}$/);
    const view = fc.record({
      tab: fc.constantFrom(...TABS),
      log: fc.option(fc.stringMatching(/^[0-9a-f]{8}$/), { nil: null }),
      q: fc.string({ maxLength: 60 }),
      err: fc.subarray([...ERROR_CLASSES]),
      codes: fc.uniqueArray(fc.integer({ min: 200, max: 999 }), { maxLength: 4 }).map((xs) => xs.sort((a, b) => a - b)),
      cmds: fc.uniqueArray(word, { maxLength: 4 }).map((xs) => xs.sort()),
      conns: fc.uniqueArray(fc.stringMatching(/^(NS|SB|DS)[1-9]$/), { maxLength: 3 }).map((xs) => xs.sort().map(toConnectionId)),
      dir: fc.constantFrom(null, 'client' as const, 'server' as const),
      errorsOnly: fc.boolean(),
      unansweredOnly: fc.boolean(),
      nonProtocol: fc.boolean(),
      finding: fc.option(fc.stringMatching(/^[a-z]+-[0-9]$/), { nil: null }),
      sel: fc.option(fc.nat(999_999).map(toEventId), { nil: null }),
      tconn: fc.option(fc.constantFrom('NS1', 'SB2').map(toConnectionId), { nil: null }),
      sort: fc.record({ column: fc.constantFrom(...SORT_COLUMNS), desc: fc.boolean() }),
      accountSort: fc.record({ column: fc.constantFrom(...ACCOUNT_SORT_COLUMNS), desc: fc.boolean() }),
      accountQuery: fc.string({ maxLength: 40 }),
      fmt: fc.constantFrom(null, 'transcript' as const, 'amsn' as const, 'escargot' as const),
    });
    fc.assert(
      fc.property(view, (v) => {
        const s: UrlState = { ...DEFAULT_URL_STATE, ...v };
        expect(roundTrip(s)).toEqual(s);
      }),
    );
  });
});

describe('parseUrlState never throws and explains what it dropped', () => {
  test.each([
    ['#/nowhere?v=1', 'tab'],
    ['#/timeline?v=1&sel=abc', 'sel'],
    ['#/timeline?v=1&sel=-4', 'sel'],
    ['#/timeline?v=1&dir=sideways', 'dir'],
    ['#/timeline?v=1&errors=yes', 'errors'],
    ['#/timeline?v=1&log=<script>', 'log'],
    ['#/timeline?v=1&sort=colour', 'sort'],
    ['#/timeline?v=1&asort=-mood', 'asort'],
    [`#/timeline?v=1&aq=${'x'.repeat(201)}`, 'aq'],
    ['#/timeline?v=1&tc=S%20B', 'tc'],
    ['#/timeline?v=1&finding=%3Cimg%3E', 'finding'],
    ['#/timeline?v=oops', 'v'],
    ['#/timeline?v=1&fmt=klingon', 'fmt'],
    ['#/timeline?v=1&fmt=%3Cb%3Eamsn%3C%2Fb%3E', 'fmt'],
  ])('%s → default for %s, with a notice', (hash, key) => {
    const parsed = parseUrlState(hash);
    expect(parsed.notices.map((n) => n.key)).toEqual([key]);
    expect(parsed.state).toEqual(DEFAULT_URL_STATE);
  });

  test('a bad item in a list is dropped, the good ones kept', () => {
    const parsed = parseUrlState('#/timeline?err=8xx,1xx,7XX&code=800,80,713&cmd=CAL,c@l');
    expect(parsed.state.err).toEqual<ErrorClass[]>(['7xx', '8xx']);
    expect(parsed.state.codes).toEqual([713, 800]);
    expect(parsed.state.cmds).toEqual(['CAL']);
    expect(parsed.notices.map((n) => `${n.key}:${n.value}`)).toEqual(['err:1xx', 'code:80', 'cmd:c@l']);
  });

  test('a link from a newer version is read as far as possible, with a notice', () => {
    const parsed = parseUrlState('#/timeline?v=7&q=USR');
    expect(parsed.state.q).toBe('USR');
    expect(parsed.notices[0]?.kind).toBe('url-version');
  });

  test('a missing version is read as the current one, silently', () => {
    expect(parseUrlState('#/timeline?sel=3')).toEqual({
      state: { ...DEFAULT_URL_STATE, sel: toEventId(3) },
      notices: [],
      extra: {},
    });
  });

  test('an overlong query is refused', () => {
    const parsed = parseUrlState(`#/timeline?q=${'a'.repeat(3000)}`);
    expect(parsed.state.q).toBe('');
    expect(parsed.notices).toHaveLength(1);
  });

  test('garbage of every kind never throws (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (junk) => {
        const parsed = parseUrlState(junk);
        expect(parsed.state.v).toBe(1);
      }),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('v', 'sel', 'err', 'q', 'sort', 'tc', 'dir', 'np'), fc.string()), (params) => {
        expect(() => parseUrlState(`#/timeline?${new URLSearchParams(params).toString()}`)).not.toThrow();
      }),
    );
  });
});
