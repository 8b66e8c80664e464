import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildEventIndex } from './findings/event-index';
import { unansweredGroups } from './findings/protocol';
import { plural } from './format-count';
import { DETAIL_LIMIT } from './diagnostic-list';
import { NonProtocolStore } from './event-store';
import { parseLog } from './parse-log';
import type { Diagnostic, DiagnosticKind, ParseResult } from './types';

/** A log of `n` lines made from one line pattern (`{k}`: the 1-based line number). */
function repeated(n: number, pattern: string): Uint8Array {
  const lines = Array.from({ length: n }, (_, k) => pattern.replaceAll('{k}', String(k + 1)));
  return new TextEncoder().encode(lines.join('\n'));
}

const ofKind = (r: ParseResult, kind: DiagnosticKind): Diagnostic[] => r.diagnostics.filter((d) => d.kind === kind);

describe('diagnostics past the per-kind limit', () => {
  it('a flood of unanswered commands: the first ones one by one, the rest in one diagnostic that lists every event', () => {
    const extra = 5;
    const r = parseLog(repeated(DETAIL_LIMIT + extra, '>>> CAL {k} someone@example.invalid'), {});
    const unanswered = ofKind(r, 'unanswered');
    expect(unanswered).toHaveLength(DETAIL_LIMIT + 1);
    expect(unanswered[0]?.message).toBe('CAL 1 (line 1) on SB1 got no reply.');
    const rest = unanswered[DETAIL_LIMIT];
    expect(rest?.severity).toBe('warning');
    expect(rest?.events).toEqual([10_000, 10_001, 10_002, 10_003, 10_004]);
    expect(rest?.message).toBe('5 more commands got no reply (lines 10,001–10,005), after the first 10,000 listed one by one: this diagnostic lists their events.');
    // Nothing is lost on the way: the count, and the finding's evidence, cover every command.
    expect(r.stats.unanswered).toBe(DETAIL_LIMIT + extra);
    const finding = r.findings.find((f) => f.kind === 'unanswered-commands');
    expect(finding?.evidence).toHaveLength(DETAIL_LIMIT + extra);
    expect(finding?.title).toBe('10,005 CAL commands got no reply');
  });

  it('a flood of orphan replies: every one counted, and flagged on its event', () => {
    const r = parseLog(repeated(DETAIL_LIMIT + 2, '<<< QNG {k}'), {});
    expect(ofKind(r, 'orphan-reply')).toHaveLength(DETAIL_LIMIT + 1);
    expect(r.stats.orphans).toBe(DETAIL_LIMIT + 2);
    const ids = ofKind(r, 'orphan-reply').flatMap((d) => d.events);
    expect(new Set(ids).size).toBe(DETAIL_LIMIT + 2);
  });

  it('a flood of unreadable lines: one diagnostic for the rest, and every line stays flagged with its reason', () => {
    const r = parseLog(repeated(DETAIL_LIMIT + 3, '>>>'), {});
    const lines = ofKind(r, 'unreadable-line');
    expect(lines).toHaveLength(DETAIL_LIMIT + 1);
    expect(lines[DETAIL_LIMIT]).toMatchObject({ line: DETAIL_LIMIT + 1, events: [], severity: 'note' });
    expect(lines[DETAIL_LIMIT]?.message).toContain('3 more lines could not be read (lines 10,001–10,003)');
    expect(r.nonProtocol).toHaveLength(DETAIL_LIMIT + 3);
    const last = r.nonProtocol[DETAIL_LIMIT + 2];
    expect(last).toMatchObject({ line: DETAIL_LIMIT + 3, reason: 'unreadable', note: 'empty message: the prefix is followed by nothing' });
  });

  it('a log under the limit is listed one by one, with no summary', () => {
    const r = parseLog(repeated(50, '>>> CAL {k} someone@example.invalid'), {});
    expect(ofKind(r, 'unanswered')).toHaveLength(50);
    expect(r.diagnostics.some((d) => d.message.includes('listed one by one'))).toBe(false);
  });
});

describe('unanswered-command findings', () => {
  it('one per verb up to twenty; the smallest groups past that share one', () => {
    // 25 made-up verbs, verb v sent v+1 times: the 19 largest keep their own finding.
    const lines: string[] = [];
    let trId = 1;
    for (let v = 0; v < 25; v++) {
      const verb = `Q${String.fromCharCode(65 + Math.floor(v / 26))}${String.fromCharCode(65 + (v % 26))}`;
      for (let k = 0; k <= v; k++) lines.push(`>>> ${verb} ${trId++} x`);
    }
    const r = parseLog(new TextEncoder().encode(lines.join('\n')), {});
    const found = r.findings.filter((f) => f.kind === 'unanswered-commands');
    expect(found).toHaveLength(20);
    expect(found[0]?.title).toBe('7 QAG commands got no reply');
    expect(found[19]?.title).toBe('21 commands of 6 other verbs got no reply');
    expect(found[19]?.evidence).toHaveLength(1 + 2 + 3 + 4 + 5 + 6);
    const all = found.flatMap((f) => f.evidence);
    expect(new Set(all).size).toBe(r.events.length);
  });
});

describe('unansweredGroups', () => {
  /** What the grouping was before it counted first: a list per key pushed in order, the rest merged and sorted. */
  function reference(keyOf: (id: number) => string, ids: readonly number[], skip: (id: number) => boolean): { what: string; ids: number[] }[] {
    const byKey = new Map<string, number[]>();
    for (const id of ids) {
      if (skip(id)) continue;
      const key = keyOf(id);
      const list = byKey.get(key);
      if (list === undefined) byKey.set(key, [id]);
      else list.push(id);
    }
    const all = [...byKey];
    if (all.length <= 20) return all.map(([k, l]) => ({ what: plural(l.length, `${k} command`), ids: l }));
    const kept = new Set(all.map((g, at) => ({ size: g[1].length, at })).sort((a, b) => b.size - a.size || a.at - b.at).slice(0, 19).map((g) => g.at));
    const rest = all.filter((_, at) => !kept.has(at)).flatMap(([, l]) => l).sort((a, b) => a - b);
    return [...all.filter((_, at) => kept.has(at)).map(([k, l]) => ({ what: plural(l.length, `${k} command`), ids: l })), { what: `${plural(rest.length, 'command')} of ${all.length - 19} other verbs`, ids: rest }];
  }

  it('groups like a list per command merged and sorted past twenty groups, XFR by its kind (property)', () => {
    const verb = fc.oneof(fc.constantFrom('CAL', 'XFR SB', 'XFR NS', 'XFR', 'CHG NLN'), fc.integer({ min: 0, max: 40 }).map((v) => `Q${String.fromCharCode(65 + (v % 26))}${v < 26 ? 'A' : 'B'} x`));
    fc.assert(
      fc.property(fc.array(verb, { minLength: 1, maxLength: 120 }), fc.array(fc.boolean(), { maxLength: 120 }), (verbs, said) => {
        const lines = verbs.map((v, k) => {
          const [command = '', ...rest] = v.split(' ');
          return `>>> ${[command, String(k + 1), ...rest].join(' ')}`;
        });
        const r = parseLog(new TextEncoder().encode(lines.join('\n')), {});
        const store = r.tables?.events;
        if (store === undefined) throw new Error('no tables');
        const index = buildEventIndex(store, r.hasTimes);
        const ids = Array.from({ length: store.length }, (_, i) => i);
        const saidElsewhere = Uint8Array.from(ids, (i) => (said[i] === true ? 1 : 0));
        const keyOf = (id: number): string => {
          const c = store.commandOf(id);
          return c === 'XFR' ? `XFR ${store.paramAt(id, 0) ?? ''}`.trim() : c;
        };
        const got = unansweredGroups(index, ids, saidElsewhere).map((g) => ({ what: g.what, ids: [...g.ids] }));
        expect(got).toEqual(reference(keyOf, ids, (id) => saidElsewhere[id] === 1));
      }),
      { numRuns: 60 },
    );
  });
});

describe('NonProtocolStore notes', () => {
  it('keeps each line its note through the data the worker hands the page', () => {
    const r = parseLog(repeated(4, '>>>'), {});
    const np = r.tables?.nonProtocol;
    if (np === undefined) throw new Error('no tables');
    const back = NonProtocolStore.fromData(np.toData(), np.source);
    for (let k = 0; k < np.length; k++) expect(back.noteOf(k)).toBe(np.noteOf(k));
    expect(back.noteOf(0)).toBe('empty message: the prefix is followed by nothing');
  });
});
