/** Exports: every row is written (or the file says which were left out); the summary quotes redacted lines only. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLog } from '../../msnp/parse-log';
import { decodeBytes } from '../../msnp/decode';
import { redactLog } from '../../msnp/redact';
import { describeManifest } from '../../msnp/redact/describe';
import { buildRows } from '../rows';
import { parseSample, sampleBytes, sampleById } from '../test-support';
import { buildMarkdownSummary, MAX_EXPORT_ROWS, redactFindingTexts, rowsToCsv, rowsToJson } from './exports';

const ADDRESS = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

describe('row exports', () => {
  const result = parseSample('offline-contact');
  const rows = buildRows(result, true);

  it('CSV has one line per row, in order, plus a comment and a header', () => {
    const lines = rowsToCsv(result, rows, '').trimEnd().split('\r\n');
    expect(lines.length).toBe(rows.length + 2);
    expect(lines[0]).toBe(`# ${rows.length} rows (no filter)`);
    const firstEvent = result.events[0];
    expect(lines[2]?.startsWith(`${firstEvent?.line},`)).toBe(true);
  });

  it('CSV of one row says "1 row"', () => {
    expect(rowsToCsv(result, rows.subarray(0, 1), 'code:217').split('\r\n', 1)[0]).toBe('# 1 row matching: code:217');
  });

  it('JSON carries the totals and every row', () => {
    const parsed = JSON.parse(rowsToJson(result, rows, 'code:217')) as { total: number; exported: number; limited: boolean; rows: unknown[]; filter: string };
    expect(parsed).toMatchObject({ total: rows.length, exported: rows.length, limited: false, filter: 'code:217' });
    expect(parsed.rows.length).toBe(rows.length);
  });

  it('a limited export says so', () => {
    const many = new Int32Array(MAX_EXPORT_ROWS + 5);
    const csv = rowsToCsv(result, many, '');
    expect(csv.split('\r\n', 1)[0]).toBe(`# limited: ${MAX_EXPORT_ROWS} of ${MAX_EXPORT_ROWS + 5} rows exported (the rest were left out)`);
    const json = JSON.parse(rowsToJson(result, many, '')) as { limited: boolean; exported: number };
    expect(json).toMatchObject({ limited: true, exported: MAX_EXPORT_ROWS });
  }, 60_000);

  it('CSV cells that a spreadsheet would run as formulas are quoted', () => {
    const csv = rowsToCsv(result, rows, '');
    expect(csv).not.toMatch(/,=[^"]/);
  });

  it('a client log has no account column', () => {
    expect(rowsToCsv(result, rows, '').split('\r\n')[1]).toBe('line,time,connection,direction,command,trId,params,status,errorCode');
    const parsed = JSON.parse(rowsToJson(result, rows, '')) as { rows: Record<string, unknown>[] };
    expect(parsed.rows.some((r) => 'account' in r)).toBe(false);
  });

  it("a server log's rows carry their connection's account, as the timeline's Account column does", () => {
    const bytes = new Uint8Array(readFileSync(join(__dirname, '../../../fixtures/msnp/findings/server-interleaved.log')));
    const server = parseLog(bytes, {});
    const all = buildRows(server, true);
    const accountOf = new Map(server.connections.map((c) => [c.id as string, c.account ?? '']));
    const lines = rowsToCsv(server, all, '').trimEnd().split('\r\n');
    expect(lines[1]).toBe('line,time,connection,account,direction,command,trId,params,status,errorCode');
    const body = lines.slice(2).map((l) => l.split(','));
    expect(body).toHaveLength(all.length);
    const byLine = new Map(server.events.map((e) => [e.line, accountOf.get(e.connection) ?? '']));
    for (const cells of body) expect(cells[3]).toBe(byLine.get(Number(cells[0])) ?? ''); // a non-protocol line: ''
    expect(new Set(body.map((c) => c[3]))).toEqual(new Set(['alice@example.invalid', 'bob@example.invalid', '']));
    const json = JSON.parse(rowsToJson(server, all, '')) as { rows: { line: number; account?: string }[] };
    expect(json.rows.map((r) => r.account)).toEqual(body.map((c) => c[3]));
  });
});

describe('Markdown summary', () => {
  it('quotes evidence from the redacted log and never an original address', () => {
    const sample = sampleById('offline-contact');
    const text = decodeBytes(sampleBytes(sample.file)).text;
    const result = parseSample('offline-contact');
    expect(result.findings.length).toBeGreaterThan(0);
    const red = redactLog(text, result);
    const md = buildMarkdownSummary({
      title: 'CAL trouble',
      note: 'line one\nline two',
      verdict: 'Calls refused',
      findings: result.findings.map((f) => ({ ...f, narrative: 'n', title: 't', advice: '' })),
      events: result.events,
      redactedLog: red.text,
      manifestText: describeManifest(red.manifest),
      reportLink: 'http://x/#/timeline?report=1.x',
      reportLinkNote: null,
    });
    expect(md).toContain('# CAL trouble');
    expect(md).toContain('> line one\n> line two');
    expect(md).toContain('**Verdict:** Calls refused');
    expect(md).toContain('[Open the full report](http://x/#/timeline?report=1.x)');
    const evidence = result.findings[0]?.evidence[0];
    const line = evidence === undefined ? undefined : result.events[evidence]?.line;
    expect(line).toBeDefined();
    expect(md).toContain(red.text.split(/\r\n|\n/)[(line ?? 1) - 1]);
    for (const a of new Set(text.match(ADDRESS) ?? [])) expect(md).not.toContain(a);
  });

  it("a server log: findings alike are one section that names the accounts under their pseudonyms", () => {
    const bytes = new Uint8Array(readFileSync(join(__dirname, '../../../fixtures/msnp/findings/server-many-accounts.log')));
    const text = decodeBytes(bytes).text;
    const result = parseLog(bytes, {});
    const red = redactLog(text, result);
    const findings = redactFindingTexts(result.findings, red.replacements);
    const md = buildMarkdownSummary({
      title: 'Sign-ins', note: '', verdict: 'v', findings, events: result.events, redactedLog: red.text,
      manifestText: describeManifest(red.manifest), reportLink: null, reportLinkNote: null,
    });
    expect(md).toContain('## Findings (9)');
    expect(md.match(/^### /gm)).toHaveLength(2);
    expect(md).toContain('### ERROR: Login failed at the ticket step (911) (MSNP15, SSO) (6 times, 5 accounts)');
    expect(md).toContain('### NOTE: Signed in (MSNP15, SSO) (3 accounts)');
    // Five pseudonyms, the twice-refused one counted twice; no original address anywhere.
    const whose = md.split('\n').find((l) => l.startsWith('Whose: ') && l.includes('×2'));
    expect(whose?.split('; ')).toHaveLength(5);
    for (const a of new Set(text.match(ADDRESS) ?? [])) expect(md).not.toContain(a);
  });
});
