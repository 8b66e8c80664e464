/**
 * Every findings fixture (and corpus copy): readable snapshot of its findings, plus invariants that hold for any
 * log — evidence points at real events, ids are unique, the order is login problems, rate limits, the rest.
 */
import { describe, expect, it } from 'vitest';
import { listFindingsFixtures, parseFindingsFixture } from '../../test-utils/findings-fixtures';
import { findingsToText } from './findings-text';

const ALL = [...listFindingsFixtures(), ...listFindingsFixtures('corpus')];

function orderRank(f: { group: string; severity: string }): number {
  if (f.group === 'login' && f.severity !== 'note') return 0;
  if (f.group === 'rate-limit') return 1;
  return 2;
}

describe.each(ALL)('%s', (name) => {
  const r = parseFindingsFixture(name);

  it('matches its readable findings snapshot', async () => {
    await expect(findingsToText(r.findings, r.events)).toMatchFileSnapshot(`__snapshots__/${name.replace('/', '__')}.txt`);
  });

  it('has valid, non-empty evidence and unique ids', () => {
    for (const f of r.findings) {
      expect(f.evidence.length, f.id).toBeGreaterThan(0);
      expect(f.evidence.every((id) => r.events[id]?.id === id), f.id).toBe(true);
    }
    expect(new Set(r.findings.map((f) => f.id)).size).toBe(r.findings.length);
  });

  it('orders login problems, then rate limits, then the rest', () => {
    const ranks = r.findings.map(orderRank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('does not depend on the file name', () => {
    const again = parseFindingsFixture(name, false);
    expect(again.findings).toEqual(r.findings);
  });
});
