import { describe, expect, test } from 'vitest';
import { selectCounts } from '../../state/selectors';
import { createTestStore, sampleById } from '../../state/test-support';
import { toCommandFacets } from './command-facets';

describe('the Commands picker lists commands only', () => {
  test('error codes of the log (800, 911) are left to the error filters', async () => {
    const store = createTestStore();
    await store.getState().logActions.loadSample(sampleById('server-log'));
    const whole = selectCounts(store.getState())?.whole.byCommand ?? new Map<string, number>();
    expect([...whole.keys()]).toEqual(expect.arrayContaining(['800', '911', 'USR', 'CHG']));
    const listed = toCommandFacets(whole).map((f) => f.command);
    expect(listed).toEqual(expect.arrayContaining(['USR', 'CHG']));
    expect(listed.filter((c) => /^\d+$/.test(c))).toEqual([]);
  });

  test('most used first, then by name', () => {
    const facets = toCommandFacets(new Map([['CHG', 2], ['USR', 5], ['217', 9], ['CAL', 2]]));
    expect(facets).toEqual([
      { command: 'USR', count: 5 },
      { command: 'CAL', count: 2 },
      { command: 'CHG', count: 2 },
    ]);
  });
});
