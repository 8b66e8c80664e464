/**
 * Logs pasted into a page that damaged every line: a forum quote (`> `, nested `> > `) in front of each line, or
 * the arrows written as HTML entities (`&gt;&gt;&gt;`). Each fixture is a real fixture log with that damage
 * applied; it must read as the same messages on the same lines as the undamaged log, every other line kept.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLineCoverage } from '../coverage';
import { parseLog } from '../parse-log';
import type { DialectId, ParseResult } from '../types';

const ROOT = join(__dirname, '../../../fixtures/msnp');
const parse = (dir: string, file: string): ParseResult => parseLog(new Uint8Array(readFileSync(join(ROOT, dir, file))), {});

/** Each message as line, direction, command and params: what must survive the damage. */
const messages = (r: ParseResult, shift = 0, upTo = Infinity): string[] =>
  r.events.filter((e) => e.line <= upTo).map((e) => `${e.line + shift} ${e.direction ?? '-'} ${e.command} ${e.params.join(' ')}`);

describe('logs damaged on every line by the page they were pasted into', () => {
  const cases: readonly { dir: DialectId; damaged: string; original: string; shift: number; upTo?: number }[] = [
    { dir: 'transcript', damaged: 'forum-quoted.log', original: 'real-01-pright-blog-msnp8-seed.log', shift: 0 },
    { dir: 'transcript', damaged: 'html-escaped-arrows.log', original: 'real-01-pright-blog-msnp8-seed.log', shift: 0 },
    { dir: 'transcript', damaged: 'html-escaped-fenced.log', original: 'real-01-pright-blog-msnp8-seed.log', shift: 1 },
    { dir: 'libpurple', damaged: 'forum-quoted.log', original: 'real-03-ubuntuforums-pidgin-msnp15-sso-timeout-libpurple.log', shift: 0, upTo: 30 },
    { dir: 'amsn', damaged: 'forum-quoted.log', original: 'real-28-ubuntuforums-amsn-msnp12-reconnect-loop-twn-hang.log', shift: -94 },
  ];
  for (const c of cases) {
    it(`${c.dir}/${c.damaged} reads as ${c.original}`, () => {
      const damaged = parse(c.dir, c.damaged);
      const original = parse(c.dir, c.original);
      expect(damaged.detection.dialect).toBe(c.dir);
      const first = 1 - c.shift;
      const last = c.upTo ?? (c.shift < 0 ? first + damaged.input.lines - 1 : Infinity);
      const expected = messages(original, c.shift, last).filter((m) => Number(m.split(' ')[0]) >= 1);
      expect(expected.length).toBeGreaterThan(3);
      expect(messages(damaged)).toEqual(expected);
      expect(checkLineCoverage(damaged)).toEqual({ missing: [], duplicated: [] });
      const inMessages = damaged.events.reduce((n, e) => n + e.endLine - e.line + 1, 0);
      expect(damaged.nonProtocol.length).toBe(damaged.input.lines - inMessages);
    });
  }

  it('flags a quoted line as having had its markup removed', () => {
    const r = parse('transcript', 'forum-quoted.log');
    expect(r.events[0]?.flags).toContain('markup-removed');
  });
});
