import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLog } from '../msnp/parse-log';
import { readingNotes } from './reading-notes';

const parse = (path: string) => parseLog(new Uint8Array(readFileSync(path)), {});

describe('readingNotes', () => {
  it('a Pidgin log with an aMSN log pasted below: one note naming the block\'s lines and both formats', () => {
    const notes = readingNotes(parse('fixtures/msnp/libpurple/then-amsn-later.log'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ kind: 'dialect-block', severity: 'note', line: 559 });
    expect(notes[0]?.message).toMatch(/^Lines 559–601 were read as an aMSN .*the rest of the file as a libpurple/);
  });

  it('a log in one format (even quoted in a reply) has none', () => {
    for (const path of ['fixtures/msnp/libpurple/bar-quoted.log', 'fixtures/msnp/transcript/quoted-msg-payload.log']) {
      const notes = readingNotes(parse(path));
      expect(notes).toEqual([]);
    }
  });

  it('keeps only the reading diagnostics, in line order', () => {
    const notes = readingNotes({
      diagnostics: [
        { kind: 'dialect-block', severity: 'note', message: 'second', events: [], line: 90 },
        { kind: 'unanswered', severity: 'warning', message: 'not a reading note', events: [] },
        { kind: 'other-dialect-lines', severity: 'warning', message: 'first', events: [], line: 3 },
        { kind: 'dialect-block', severity: 'note', message: 'third', events: [], line: 200 },
      ],
    });
    expect(notes.map((n) => n.message)).toEqual(['first', 'second', 'third']);
  });
});
