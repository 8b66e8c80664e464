import { describe, expect, test } from 'vitest';
import { FILTER_HELP, FILTER_PRESETS } from './filter-help';
import { parseFilter, suggest } from './filter-parse';

describe('parseFilter: terms', () => {
  test('the example query reads as five terms', () => {
    const q = 'cmd:CAL code:>=700 -dir:client conn:SB2 "blocking_you"';
    const { terms, problems } = parseFilter(q);
    expect(problems).toEqual([]);
    expect(terms.map((t) => [t.body, t.negated, t.source])).toEqual([
      [{ kind: 'cmd', commands: ['CAL'] }, false, 'cmd:CAL'],
      [{ kind: 'code', ranges: [{ min: 700, max: 999 }] }, false, 'code:>=700'],
      [{ kind: 'dir', dir: 'client' }, true, '-dir:client'],
      [{ kind: 'conn', connections: ['SB2'] }, false, 'conn:SB2'],
      [{ kind: 'text', text: 'blocking_you' }, false, '"blocking_you"'],
    ]);
    expect(terms.map((t) => q.slice(t.start, t.end))).toEqual(terms.map((t) => t.source));
  });

  test.each([
    ['code:800', [{ min: 800, max: 800 }]],
    ['code:7xx', [{ min: 700, max: 799 }]],
    ['code:<=299', [{ min: 0, max: 299 }]],
    ['code:<300', [{ min: 0, max: 299 }]],
    ['code:>800', [{ min: 801, max: 999 }]],
    ['code:713,800', [{ min: 713, max: 713 }, { min: 800, max: 800 }]],
    ['code:910-919', [{ min: 910, max: 919 }]],
  ])('%s', (q, ranges) => {
    expect(parseFilter(q)).toEqual({ terms: [expect.objectContaining({ body: { kind: 'code', ranges } })], problems: [] });
  });

  test('lower-case commands and lists, class, trid, is, finding', () => {
    const { terms, problems } = parseFilter('cmd:usr,xfr class:8 trid:5,6 is:unanswered finding:rate-limit-1');
    expect(problems).toEqual([]);
    expect(terms.map((t) => t.body)).toEqual([
      { kind: 'cmd', commands: ['USR', 'XFR'] },
      { kind: 'class', classes: ['8xx'] },
      { kind: 'trid', trIds: [5, 6] },
      { kind: 'is', what: 'unanswered' },
      { kind: 'finding', finding: 'rate-limit-1' },
    ]);
  });

  test('free text is lower-cased; quoted text keeps its spaces and colons', () => {
    const { terms } = parseFilter('Hotmail "Content-Type: text/plain"');
    expect(terms.map((t) => t.body)).toEqual([
      { kind: 'text', text: 'hotmail' },
      { kind: 'text', text: 'content-type: text/plain' },
    ]);
  });

  test('a quoted field value', () => {
    expect(parseFilter('conn:"SB2"').terms[0]?.body).toEqual({ kind: 'conn', connections: ['SB2'] });
  });

  test('empty and blank queries have no terms and no problems', () => {
    expect(parseFilter('')).toEqual({ terms: [], problems: [] });
    expect(parseFilter('   ')).toEqual({ terms: [], problems: [] });
  });
});

describe('parseFilter: problems name the exact fault and where it is', () => {
  test('unknown field with a suggestion', () => {
    const { terms, problems } = parseFilter('cmd:CAL cmd2:USR');
    expect(terms).toHaveLength(1);
    expect(problems).toEqual([{ start: 8, end: 13, message: 'unknown field `cmd2:` — did you mean `cmd:`? (at column 9)' }]);
  });

  test('unknown field with nothing close suggests quoting', () => {
    expect(parseFilter('http://x').problems[0]?.message).toContain('put it in quotes');
  });

  test('code must be 3 digits', () => {
    const { problems } = parseFilter('code:80');
    expect(problems).toEqual([{ start: 5, end: 7, message: expect.stringContaining('code must be 3 digits, got `80`') }]);
    expect(parseFilter('code:>=7').problems[0]?.message).toContain('code must be 3 digits after `>=`');
  });

  test.each([
    ['dir:up', 'dir must be `client` or `server`'],
    ['is:eror', 'did you mean `is:error`?'],
    ['class:1xx', 'class must be an error range'],
    ['trid:x', 'trid must be a number'],
    ['cmd:C@L', 'is not a command'],
    ['cmd:', '`cmd:` needs a value'],
    ['"open quote', 'missing closing quote'],
    ['USR -', 'nothing after `-`'],
  ])('%s', (q, text) => {
    const { problems } = parseFilter(q);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain(text);
    expect(problems[0]?.message).toMatch(/\(at column \d+\)$/);
  });

  test('several values joined with | or / get the comma form suggested', () => {
    expect(parseFilter('cmd:XFR|CHG').problems[0]?.message).toBe('`XFR|CHG` is not a command: for several commands use commas, `cmd:XFR,CHG` (at column 5)');
    expect(parseFilter('code:800|911').problems[0]?.message).toBe('`800|911` is not a code: for several codes use commas, `code:800,911` (at column 6)');
    expect(parseFilter('conn:SB1|SB2').problems[0]?.message).toContain('for several connections use commas, `conn:SB1,SB2`');
  });

  test('a bare OR is named: terms are all required, and a field takes several values with commas', () => {
    const { terms, problems } = parseFilter('cmd:REA OR cmd:CHG');
    expect(terms.map((t) => t.body.kind)).toEqual(['cmd', 'cmd']);
    expect(problems).toEqual([
      { start: 8, end: 10, message: 'there is no `OR`: every term must match; for any of several values use commas, such as `cmd:REA,CHG` (at column 9)' },
    ]);
    // Lower case is text to search for, as before.
    expect(parseFilter('this or that').problems).toEqual([]);
  });

  test('a broken term is left out but the others still count', () => {
    const { terms, problems } = parseFilter('is:error dir:up cmd:CAL');
    expect(terms.map((t) => t.body.kind)).toEqual(['is', 'cmd']);
    expect(problems).toHaveLength(1);
  });

  test('suggest finds near misses and prefixes only', () => {
    expect(suggest('comd', ['cmd', 'code'])).toBe('cmd');
    expect(suggest('connection', ['conn', 'code'])).toBe('conn');
    expect(suggest('zzzzzz', ['cmd', 'code'])).toBeNull();
  });
});

describe('help and presets', () => {
  test('every example in the help parses cleanly', () => {
    const all = [...FILTER_HELP.fields.flatMap((f) => f.examples), ...FILTER_HELP.examples.map((e) => e.query)];
    for (const q of all) expect(parseFilter(q).problems, q).toEqual([]);
  });

  test('the help documents every field', () => {
    const documented = FILTER_HELP.fields.map((f) => f.field);
    for (const f of ['cmd', 'code', 'class', 'dir', 'conn', 'trid', 'is', 'finding', 'text']) expect(documented).toContain(f);
  });

  test('presets: the four named ones, each a clean query', () => {
    expect(FILTER_PRESETS.map((p) => p.label)).toEqual(['Errors', 'Login', 'Rate limits', 'Switchboards']);
    for (const p of FILTER_PRESETS) expect(parseFilter(p.query).problems, p.query).toEqual([]);
  });
});
