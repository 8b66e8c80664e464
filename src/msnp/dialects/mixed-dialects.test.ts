/**
 * A file that holds two dialects (two logs pasted one after the other, or far apart in one forum thread): the
 * blocks of the other dialect are read with it, wherever they are in the file, and a note says which lines were.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLineCoverage } from '../coverage';
import { parseLog } from '../parse-log';
import type { ParseProgress, ParseResult } from '../types';

const ROOT = join(__dirname, '../../../fixtures/msnp');
const FILE = join(ROOT, 'papyon/mixed-libpurple-first.log');
const parseText = (text: string): ParseResult => parseLog(new TextEncoder().encode(text), {});

describe('a libpurple log followed by a papyon log', () => {
  const r = parseLog(new Uint8Array(readFileSync(FILE)), {});

  it('is read as papyon', () => {
    expect(r.detection.dialect).toBe('papyon');
  });

  it('reads the libpurple lines as libpurple and says which lines were read so', () => {
    expect(r.events.filter((e) => e.line <= 16).map((e) => `${e.line} ${e.direction ?? '-'} ${e.command}`)).toEqual([
      '11 client VER', '12 server VER', '13 client CVR', '14 server CVR', '15 client USR', '16 server XFR',
    ]);
    expect(r.diagnostics.filter((x) => x.kind === 'dialect-block').map((x) => [x.severity, x.line, x.message])).toEqual([
      [
        'note',
        1,
        'Lines 1–17 were read as a libpurple (Pidgin) debug log (6 of its protocol lines there); the rest of the file as a papyon / emesene debug log, the format detected for it.',
      ],
    ]);
    expect(r.diagnostics.filter((x) => x.kind === 'other-dialect-lines')).toEqual([]);
    expect(checkLineCoverage(r)).toEqual({ missing: [], duplicated: [] });
  });

  it('starts the connections of a log pasted below afresh: a transcript excerpt does not join the papyon NS', () => {
    const papyon = readFileSync(FILE, 'utf8').split('\n').slice(17, 29);
    const excerpt = ['', 'Then a doc example:', '', '>>> CHG 9 NLN 0', '<<< CHG 9 NLN 0', '>>> REA 10 a@b.com X', '<<< REA 10 5 a@b.com X', '>>> PNG', '<<< QNG 40'];
    const two = parseText([...papyon, ...excerpt].join('\n'));
    expect(two.diagnostics.filter((x) => x.kind === 'dialect-block').map((x) => x.line)).toEqual([16]);
    const before = new Set(two.events.filter((e) => e.line < 16).map((e) => e.connection));
    const after = two.events.filter((e) => e.line >= 16).map((e) => e.connection);
    expect(after).toHaveLength(6);
    expect(after.filter((c) => before.has(c))).toEqual([]);
    // The excerpt starts with CHG, with no sign-in before it in its own log.
    expect(two.diagnostics.filter((x) => x.kind === 'mid-session-start').map((x) => x.events.map((id) => two.events[id]?.line))).toEqual([[16]]);
  });

  it('does not carry the libpurple sign-in, redirected at line 16, on into the papyon log', () => {
    const attempts = r.findings.filter((f) => f.group === 'login' && f.detail.kind === 'login');
    for (const f of attempts) {
      const lines = f.evidence.map((id) => r.events[id]?.line ?? -1);
      expect(lines.every((l) => l <= 17) || lines.every((l) => l > 17)).toBe(true);
    }
  });
});

describe('a Pidgin log and, 500 lines further down, an aMSN log', () => {
  const text = readFileSync(join(ROOT, 'libpurple/then-amsn-later.log'), 'utf8');
  const r = parseText(text);

  it('reads the file as libpurple and the aMSN block as aMSN', () => {
    expect(r.detection.dialect).toBe('libpurple');
    const amsn = r.events.filter((e) => e.line >= 559);
    expect(amsn.map((e) => `${e.line} ${e.direction ?? '-'} ${e.command} ${e.trId ?? '-'}`)).toEqual([
      '561 client OUT -', '566 client VER 1', '569 client CVR 2', '572 client USR 3', '575 server VER 1', '576 server CVR 2', '577 server XFR 3',
      '579 client VER 4', '582 client CVR 5', '585 client USR 6', '588 server VER 4', '589 server CVR 5', '590 server USR 6', '591 client OUT -', '596 client OUT -',
    ]);
    expect(amsn.find((e) => e.line === 575)?.replyTo).toBe(amsn.find((e) => e.line === 566)?.id);
    expect(r.diagnostics.filter((x) => x.kind === 'dialect-block').map((x) => x.message)).toEqual([
      'Lines 559–601 were read as an aMSN protocol debug window (15 of its protocol lines there); the rest of the file as a libpurple (Pidgin) debug log, the format detected for it.',
    ]);
    expect(checkLineCoverage(r)).toEqual({ missing: [], duplicated: [] });
  });

  it('reads no block of another dialect when the user forced the format', () => {
    const forced = parseLog(new TextEncoder().encode(text), { dialect: 'libpurple' });
    expect(forced.detection.forced).toBe(true);
    expect(forced.events.filter((e) => e.line >= 559)).toEqual([]);
    expect(forced.diagnostics.filter((x) => x.kind === 'dialect-block')).toEqual([]);
    expect(checkLineCoverage(forced)).toEqual({ missing: [], duplicated: [] });
  });

  it('reads the libpurple part as it reads it alone', () => {
    const alone = parseText(text.split('\n').slice(0, 555).join('\n'));
    const sig = (x: ParseResult, upTo: number): string[] => x.events.filter((e) => e.line <= upTo).map((e) => `${e.line} ${e.command} ${e.trId ?? '-'} ${e.replyTo ?? '-'} ${e.connection}`);
    expect(sig(r, 555)).toEqual(sig(alone, 555));
  });

  it('finds an aMSN block that starts after the head detection reads', () => {
    const filler = Array.from({ length: 2500 }, (_, k) => `(10:${String(10 + Math.floor(k / 60) % 50).padStart(2, '0')}:${String(k % 60).padStart(2, '0')}) util: Writing file blist.xml`);
    const lines = text.split('\n');
    const late = parseText([...lines.slice(0, 555), ...filler, ...lines.slice(555)].join('\n'));
    expect(late.detection.candidates.find((c) => c.dialect === 'amsn')?.matched).toBe(0);
    expect(late.events.filter((e) => e.line > 555 + 2500).length).toBe(15);
    expect(late.diagnostics.find((x) => x.kind === 'dialect-block')?.line).toBe(559 + 2500);
  });

  it('finds it in a large log too, where only a sample of the unread lines is tried first', () => {
    const filler = Array.from({ length: 30_000 }, (_, k) => `(11:${String(Math.floor(k / 60) % 60).padStart(2, '0')}:${String(k % 60).padStart(2, '0')}) util: Writing file blist.xml`);
    const lines = text.split('\n');
    const large = parseText([...lines.slice(0, 555), ...filler, ...lines.slice(555)].join('\n'));
    expect(large.events.filter((e) => e.line > 555 + 30_000).length).toBe(15);
    expect(checkLineCoverage(large)).toEqual({ missing: [], duplicated: [] });
  });

  it('treats the aMSN log as a session of its own: no sign-in, retry loop or account crosses into it', () => {
    // Before, the aMSN log's first line (the proxy retry's OUT, line 561) ended alice's third Pidgin attempt, so its
    // connection was credited to her and her retry loop ran 'from 10:02:37 to 20:33:34', the aMSN OUT's time.
    const login = r.findings.filter((f) => f.group === 'login');
    expect(login.length).toBeGreaterThan(0);
    for (const f of login) {
      const lines = f.evidence.map((id) => r.events[id]?.line ?? -1);
      expect(lines.every((l) => l < 559) || lines.every((l) => l >= 559)).toBe(true);
    }
    expect(r.connections.filter((c) => (r.events[c.firstEvent]?.line ?? 0) >= 559).map((c) => c.account ?? null)).not.toContain('alice@example.invalid');
    const loop = login.find((f) => f.kind === 'login-retry-loop');
    expect(loop?.narrative).not.toMatch(/20:33/);
    // The aMSN proxy retry that sent only OUT is an attempt of its own, like the one at line 596.
    expect(login.filter((f) => f.kind === 'login-no-reply' && /before VER/.test(f.title)).flatMap((f) => f.evidence.map((id) => r.events[id]?.line))).toEqual([561, 596]);
  });

  it('leaves a single line of another dialect unread, noted', () => {
    const lines = text.split('\n');
    const one = parseText([...lines.slice(0, 555), '[20:33:47] ->ns-sock7 VER 1 MSNP12 CVR0', ...lines.slice(555, 557)].join('\n'));
    expect(one.diagnostics.filter((x) => x.kind === 'dialect-block')).toEqual([]);
    expect(one.events.filter((e) => e.line > 555)).toEqual([]);
  });
});

describe('a Pidgin log of one account, then a transcript of another account renaming himself', () => {
  const r = parseLog(new Uint8Array(readFileSync(join(ROOT, 'transcript/libpurple-first-rea.log'))), {});

  it('reads each log as its own session: the REA burst is bob renaming himself, not a contact of alice', () => {
    expect(r.diagnostics.filter((x) => x.kind === 'dialect-block').map((x) => x.line)).toEqual([1]);
    const [burst] = r.findings.filter((f) => f.kind === 'rate-limit');
    // The own handle is each session's: alice's (line 5) held for bob's REA of bob@example.invalid before.
    expect(burst?.title).toMatch(/^bob@example\.invalid: Renaming yourself throttled \(800\)/);
    expect(burst?.narrative).toMatch(/renames of your own display name/);
    expect(r.connections.map((c) => c.account)).toEqual(['alice@example.invalid', 'bob@example.invalid']);
  });
});

describe('progress while a file of two formats is read twice', () => {
  const input = new Uint8Array(readFileSync(join(ROOT, 'libpurple/then-amsn-later.log')));
  // A step of 2 KB and 16 lines: the 35 KB fixture then reports many times in each read.
  const step = { bytes: 2048, lines: 16 };
  const seen: ParseProgress[] = [];
  const r = parseLog(input, { progressStep: step }, (p) => seen.push(p));

  it('reports the first read, then the second read from the start, saying it is the second', () => {
    expect(r.diagnostics.some((x) => x.kind === 'dialect-block')).toBe(true);
    const first = seen.filter((p) => p.pass === 'first');
    const again = seen.filter((p) => p.pass === 'again');
    // All of the first read's reports come before the second read's; the second read says where it starts.
    expect(seen).toEqual([...first, ...again]);
    expect(first.length).toBeGreaterThan(5);
    expect(again.length).toBeGreaterThan(5);
    expect(again[0]).toMatchObject({ bytesDone: 0, events: 0 });
  });

  it('never goes back within a read, and ends at the total', () => {
    for (const pass of ['first', 'again'] as const) {
      const done = seen.filter((p) => p.pass === pass).map((p) => p.bytesDone);
      expect([...done].sort((a, b) => a - b), pass).toEqual(done);
    }
    expect(seen.every((p) => p.bytesTotal === input.length && p.bytesDone <= input.length)).toBe(true);
    // The second read reaches the aMSN block at the end of the file: its reports cover the whole file.
    expect(seen.filter((p) => p.pass === 'again').some((p) => p.bytesDone > input.length * 0.9)).toBe(true);
    expect(seen.at(-1)).toEqual({ bytesDone: input.length, bytesTotal: input.length, events: r.events.length, pass: 'again', stage: 'analysing' });
  });

  it('says analysis has started once the second read ends, not after the first', () => {
    const stages = seen.map((p) => `${p.pass} ${p.stage}`);
    const reads = seen.length - 2;
    expect(stages.slice(0, reads).every((s) => s.endsWith(' reading'))).toBe(true);
    expect(stages.slice(reads)).toEqual(['again analysing', 'again analysing']);
  });

  it('gives the same result whatever the step', () => {
    const plain = parseLog(input, {});
    expect(r.events.map((e) => `${e.line} ${e.command}`)).toEqual(plain.events.map((e) => `${e.line} ${e.command}`));
  });

  it('reads a file of one format once: every report says so', () => {
    const alone = new TextEncoder().encode(new TextDecoder().decode(input).split('\n').slice(0, 555).join('\n'));
    const reports: ParseProgress[] = [];
    parseLog(alone, { progressStep: step }, (p) => reports.push(p));
    expect(reports.length).toBeGreaterThan(5);
    expect(reports.every((p) => p.pass === 'first')).toBe(true);
    expect(reports.at(-1)?.bytesDone).toBe(alone.length);
  });
});

describe('a short log of another format pasted below a long one', () => {
  // The Pidgin part of the fixture 1,500 times over (48 MB, 785,000 unread lines), then its 46-line aMSN log: a
  // sample of every 79th unread line stepped over the whole aMSN log, which was left unread.
  const lines = readFileSync(join(ROOT, 'libpurple/then-amsn-later.log'), 'utf8').split('\n');
  const pidgin = lines.slice(0, 555).join('\n');
  const amsn = lines.slice(555).join('\n');
  const copies = 1500;
  const big = new TextEncoder().encode(`${Array.from({ length: copies }, () => pidgin).join('\n')}\n${amsn}`);
  const r = parseLog(big, {});

  it('finds it at the end of the file and reads it as its own format', () => {
    // Where the block starts in the fixture itself, moved down by the extra copies.
    const single = parseLog(new TextEncoder().encode(lines.join('\n')), {});
    const once = single.diagnostics.filter((x) => x.kind === 'dialect-block');
    expect(once).toHaveLength(1);
    const first = once[0]?.line ?? 0;
    const at = (copies - 1) * 555 + first;
    const blocks = r.diagnostics.filter((x) => x.kind === 'dialect-block');
    expect(blocks.map((x) => x.line)).toEqual([at]);
    // The same aMSN messages as in the fixture, read the same way.
    const tail = (p: ParseResult, from: number): string[] => p.events.filter((e) => e.line >= from).map((e) => `${e.line - from} ${e.direction ?? ''} ${e.command}`);
    expect(tail(r, at)).toEqual(tail(single, first));
    expect(tail(r, at).length).toBeGreaterThan(10);
  });
});
