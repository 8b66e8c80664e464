import { describe, expect, it } from 'vitest';
import { parseFindingsFixture } from '../../test-utils/findings-fixtures';
import { burstBands, findingsNamed, keyEventOf, rowMarks } from './finding-marks';

describe('finding marks', () => {
  const flood = parseFindingsFixture('xfr-sb-flood-timed.log');
  const burst = flood.findings.find((f) => f.kind === 'rate-limit');

  it('one band per burst, from its first attempt to its last retry', () => {
    const bands = burstBands(flood);
    expect(bands).toHaveLength(1);
    expect(bands.map((b) => [flood.events[b.first]?.line, flood.events[b.last]?.line])).toEqual([[1, 24]]);
  });

  it('brackets every row of the burst and marks evidence only for the open finding', () => {
    const closed = rowMarks(flood, null);
    expect([...closed.values()].some((m) => m.evidence)).toBe(false);
    const parts = [...closed.values()].map((m) => m.bracket?.part);
    expect(parts[0]).toBe('start');
    expect(parts.at(-1)).toBe('end');
    const open = rowMarks(flood, burst?.id ?? null);
    expect([...open].filter(([, m]) => m.evidence).map(([id]) => id)).toEqual(burst?.evidence);
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
