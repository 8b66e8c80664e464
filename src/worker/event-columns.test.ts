import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseLog } from '../msnp/parse-log';
import fc from 'fast-check';
import type { LogEvent, ParseResult } from '../msnp/types';
import { parseSample } from '../state/test-support';
import { buildEventColumns, buildTextColumn, DIR_CLIENT, DIR_SERVER, FLAG_ERROR, joinedText, markTextMatches, type EventColumns } from './event-columns';

function fixtureLogs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? fixtureLogs(join(dir, d.name)) : d.name.endsWith('.log') ? [join(dir, d.name)] : []);
}

/** Every column as plain data, text decoded, so two builds compare with one toEqual. */
function plainColumns(c: EventColumns): Record<string, unknown> {
  return Object.fromEntries(Object.entries(c).map(([k, v]) => {
    if (k === 'text' || k === 'npText') return [k, { joined: joinedText(v as EventColumns['text']), starts: [...(v as EventColumns['text']).starts] }];
    return [k, ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v];
  }));
}

describe('buildEventColumns', () => {
  test('every column agrees with the events it was built from', () => {
    const result = parseSample('rate-limits');
    const c = buildEventColumns(result);
    expect(c.count).toBe(result.events.length);
    result.events.forEach((e: LogEvent, i) => {
      expect(c.commandNames[c.command[i] ?? -1]).toBe(e.command.toUpperCase());
      expect(c.code[i]).toBe(e.error ? e.error.code : -1);
      expect(c.connectionIds[c.connection[i] ?? -1]).toBe(e.connection);
      expect(c.direction[i]).toBe(e.direction === 'client' ? DIR_CLIENT : e.direction === 'server' ? DIR_SERVER : 0);
      expect(((c.flags[i] ?? 0) & FLAG_ERROR) !== 0).toBe(e.error !== null);
      expect(c.line[i]).toBe(e.line);
      expect(Number.isNaN(c.time[i]) ? null : c.time[i]).toBe(e.time);
      expect(Number.isNaN(c.latency[i]) ? null : c.latency[i]).toBe(e.latencyMs);
      const text = e.payload ? `${e.raw}\n${e.payload.text}` : e.raw;
      expect(joinedText(c.text).slice(c.text.starts[i], (c.text.starts[i + 1] ?? 0) - 1)).toBe(text.toLowerCase());
    });
    expect(c.npLine.length).toBe(result.nonProtocol.length);
    // the text survives the trip as bytes (what the worker transfers), decoded again on the other side
    const copy = { bytes: c.text.bytes.slice(), starts: c.text.starts };
    expect(joinedText(copy)).toBe(joinedText(c.text));
    expect([...c.commandCount].reduce((a, b) => a + b, 0)).toBe(result.events.length);
    expect(c.codeCount[800]).toBe(result.events.filter((e) => e.error?.code === 800).length);
    result.nonProtocol.forEach((l, k) => expect(c.npShown[k]).toBe(l.reason === 'blank' ? 0 : 1));
  });
});

describe('columns from the tables', () => {
  // Every fixture (all dialects, invalid UTF-8, UTF-16, multi-byte payloads, text kept aside by readers): the
  // columns read from the store and the bytes equal the ones read from the LogEvent objects.
  test.each(fixtureLogs('fixtures/msnp'))('agree with the columns built from the events: %s', (file) => {
    const result = parseLog(new Uint8Array(readFileSync(file)), {});
    expect(result.tables).toBeDefined();
    const objects: ParseResult = { ...result, tables: undefined };
    delete (objects as { tables?: unknown }).tables;
    expect(plainColumns(buildEventColumns(result))).toEqual(plainColumns(buildEventColumns(objects)));
  });
});

describe('a server log of more than 65,535 connections', () => {
  // One sign-in line per connection (70,000 connections, 2 MB of text): built here rather than kept as a
  // 2 MB file. Every row must stay on its own connection: a 16-bit column once wrapped the later ones onto the first.
  const lines: string[] = [];
  for (let k = 0; k < 70_000; k++) lines.push(`NS/${k.toString(16).padStart(5, '0')} >>> VER 1 MSNP15 CVR0`);
  const result = parseLog(new TextEncoder().encode(`${lines.join('\n')}\n`), {});

  test.each([['from the tables', true], ['from the events', false]] as const)('keeps each row on its connection (%s)', (_, tables) => {
    expect(result.connections).toHaveLength(70_000);
    const objects: ParseResult = { ...result };
    delete (objects as { tables?: unknown }).tables;
    const c = buildEventColumns(tables ? result : objects);
    const wrong = result.events.filter((e, i) => c.connectionIds[c.connection[i] ?? -1] !== e.connection);
    expect(wrong).toHaveLength(0);
    expect(c.connectionCount[69_999]).toBe(1);
  });
});

describe('text that starts with U+FEFF', () => {
  // A byte-order mark inside a file (a paste from a web page) is text: the reader keeps it, and so must both
  // column paths, and the decode of the joined text on the page side.
  test('keeps it, in the columns from the tables as in the events', () => {
    const bytes = new TextEncoder().encode('>>> VER 1 MSNP8 CVR0\n\uFEFFnote: pasted from a page\n<<< VER 1 MSNP8\n');
    const result = parseLog(bytes, {});
    const objects: ParseResult = { ...result, tables: undefined };
    delete (objects as { tables?: unknown }).tables;
    const fromTables = buildEventColumns(result);
    expect(joinedText(fromTables.npText).startsWith('\uFEFFnote: pasted')).toBe(true);
    expect(plainColumns(fromTables)).toEqual(plainColumns(buildEventColumns(objects)));
  });
});

describe('markTextMatches', () => {
  const search = (texts: readonly string[], needle: string): number[] => {
    const col = buildTextColumn(texts.length, (i) => texts[i] ?? '');
    const out = new Uint8Array(texts.length);
    markTextMatches(col, needle.toLowerCase(), out);
    return [...out];
  };

  test('finds rows by lower-case substring, never across two rows', () => {
    expect(search(['USR 1 TWN I a@b.c', 'CAL 2 x@y.z', 'OUT'], 'cal')).toEqual([0, 1, 0]);
    expect(search(['abc', 'def'], 'cd')).toEqual([0, 0]);
    expect(search(['abc', 'def'], '')).toEqual([1, 1]);
    expect(search([], 'x')).toEqual([]);
    expect(search(['aaaa', 'a', ''], 'aa')).toEqual([1, 0, 0]);
  });

  test('agrees with String.includes on each row (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 8 }), { maxLength: 30 }), fc.string({ maxLength: 3 }), (texts, needle) => {
        const clean = texts.map((t) => t.replaceAll('\u0000', ''));
        const n = needle.replaceAll('\u0000', '').toLowerCase();
        const expected = clean.map((t) => (t.toLowerCase().includes(n) ? 1 : 0));
        expect(search(clean, n)).toEqual(expected);
      }),
    );
  });
});
