import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toEventId, type EventId } from '../../msnp/types';
import { parseFindingsFixture } from '../../test-utils/findings-fixtures';
import { burstBands, findingsNamed, keyEventOf, marksOf, rowMarks, type BurstBand, type RowMark, type RowMarks } from './finding-marks';

/** Every marked row of 0..count−1, in order. */
function listMarks(marks: RowMarks, count: number): [EventId, RowMark][] {
  const out: [EventId, RowMark][] = [];
  for (let i = 0; i < count; i++) {
    const m = marks.get(toEventId(i));
    if (m !== undefined) out.push([toEventId(i), m]);
  }
  return out;
}

/** The marks as a map with an entry for every row of every band, later bands over earlier ones: the model. */
function eagerMarks(bands: readonly BurstBand[], evidence: ReadonlySet<EventId>): Map<EventId, RowMark> {
  const marks = new Map<EventId, RowMark>();
  for (const id of evidence) marks.set(id, { evidence: true, bracket: null });
  for (const band of bands) {
    for (let id = band.first; id <= band.last; id++) {
      const part = band.first === band.last ? 'single' : id === band.first ? 'start' : id === band.last ? 'end' : 'middle';
      marks.set(toEventId(id), { evidence: evidence.has(toEventId(id)), bracket: { part, findingId: band.findingId, label: band.label } });
    }
  }
  return marks;
}

describe('finding marks', () => {
  const flood = parseFindingsFixture('xfr-sb-flood-timed.log');
  const burst = flood.findings.find((f) => f.kind === 'rate-limit');

  it('one band per burst, from its first attempt to its last retry', () => {
    const bands = burstBands(flood);
    expect(bands).toHaveLength(1);
    expect(bands.map((b) => [flood.events[b.first]?.line, flood.events[b.last]?.line])).toEqual([[1, 24]]);
  });

  it('brackets every row of the burst and marks evidence only for the open finding', () => {
    const closed = listMarks(rowMarks(flood, null), flood.events.length);
    expect(closed.some(([, m]) => m.evidence)).toBe(false);
    const parts = closed.map(([, m]) => m.bracket?.part);
    expect(parts[0]).toBe('start');
    expect(parts.at(-1)).toBe('end');
    const open = listMarks(rowMarks(flood, burst?.id ?? null), flood.events.length);
    expect(open.filter(([, m]) => m.evidence).map(([id]) => id)).toEqual(burst?.evidence);
  });

  it('answers row by row what a map of every row in every band says, overlapping bands too (property)', () => {
    // Finding ids may repeat across bands: the model and the look-up must still agree on which band wins.
    const band = fc.tuple(fc.nat(60), fc.nat(15), fc.string({ maxLength: 3 })).map(([first, span, label]): BurstBand => ({
      findingId: `f-${label}`, first: toEventId(first), last: toEventId(first + span), label: `${label}@${first}+${span}`,
    }));
    fc.assert(fc.property(fc.array(band, { maxLength: 12 }), fc.uniqueArray(fc.nat(80), { maxLength: 10 }), (bands, ids) => {
      const evidence = new Set(ids.map(toEventId));
      const lazy = marksOf(bands, evidence);
      expect(listMarks(lazy, 90)).toEqual([...eagerMarks(bands, evidence)].sort(([a], [b]) => a - b));
      const some = bands[0]?.first;
      if (some !== undefined) expect(lazy.get(some)).toBe(lazy.get(some)); // one object per row: rows memoize on it
    }), { numRuns: 500 });
  });

  it('a kind names every finding of that kind, an id just one', () => {
    expect(findingsNamed(flood.findings, 'rate-limit')).toEqual([burst]);
    expect(findingsNamed(flood.findings, burst?.id ?? '')).toEqual([burst]);
    expect(findingsNamed(flood.findings, 'no-such-thing')).toEqual([]);
  });

  it('the key event is the refusal for a burst and the failing line for a login', () => {
    expect(burst !== undefined && flood.events[keyEventOf(burst) ?? -1]?.line).toBe(17); // the refused XFR SB
    const login = parseFindingsFixture('twn-911-ticket.log');
    const failed = login.findings.find((f) => f.kind === 'login-failed');
    expect(failed !== undefined && login.events[keyEventOf(failed) ?? -1]?.command).toBe('911');
  });
});
