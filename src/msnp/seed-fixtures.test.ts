/**
 * Every wire example of the seed's error list, in the seed's inline `\r\n` form and as a one-message-per-line
 * transcript (fixtures/msnp/seed/), run through the whole pipeline: each error reply must be flagged with the
 * right code and paired with the command it answers, the latest one before it with the same verb and TrId.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainEvent } from './explain';
import { parseLog } from './parse-log';
import type { LogEvent, ParseResult } from './types';

const DIR = 'fixtures/msnp/seed';
const EXPECTED = JSON.parse(readFileSync(`${DIR}/expected.json`, 'utf8')) as Record<string, { code: number; answers: string }[]>;
const FORMS = ['inline', 'lines'] as const;

function parse(name: string, form: (typeof FORMS)[number]): ParseResult {
  const bytes = new Uint8Array(readFileSync(`${DIR}/${name}.${form}.log`));
  return parseLog(bytes, {});
}

const label = (e: LogEvent): string => `${e.command} ${e.trId ?? 'TrId'}`;

describe('seed error-list fixtures', () => {
  it('has both forms of every case and nothing else', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.log')).sort();
    const wanted = Object.keys(EXPECTED).flatMap((n) => FORMS.map((f) => `${n}.${f}.log`)).sort();
    expect(files).toEqual(wanted);
    expect(Object.keys(EXPECTED)).toHaveLength(52);
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    for (const form of FORMS) {
      it(`${name} (${form})`, () => {
        const result = parse(name, form);
        // Detected, not forced: the inline form is documentation style even where a line has no literal \r\n.
        if (form === 'inline') expect(result.detection.dialect).toBe('doc');
        const errors = result.events.filter((e) => e.error !== null);
        expect(errors.map((e) => e.error?.code)).toEqual(expected.map((x) => x.code));
        expected.forEach((want, k) => {
          const err = errors[k];
          if (err === undefined) throw new Error('missing error event');
          expect(err.error?.known).toBe(true);
          expect(err.replyTo, `${want.code} pairs`).not.toBeNull();
          const cmd = result.events[err.replyTo ?? -1];
          if (cmd === undefined) throw new Error('replyTo out of range');
          expect(label(cmd)).toBe(want.answers);
          expect(cmd.direction).toBe('client');
          expect(cmd.replies).toContain(err.id);
          // The latest command with that verb and TrId before the error, not an earlier one.
          const later = result.events.slice(cmd.id + 1, err.id).filter((e) => e.direction === 'client' && label(e) === want.answers);
          expect(later).toEqual([]);
          expect(explainEvent(result, err.id)?.answers).toBe(cmd.id);
        });
        expect(result.diagnostics.filter((d) => d.kind === 'orphan-reply')).toEqual([]);
      });
    }
  }
});
