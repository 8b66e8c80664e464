import { describe, expect, test } from 'vitest';
import { DEFAULT_SORT } from '../../state/url/url-state';
import { ariaSort, headerMode, NO_LATENCY_REASON } from './SortHeader';

describe('the Status header on a log without times', () => {
  test('does not offer a sort by latency, and says why', () => {
    expect(headerMode('status', false)).toEqual({ kind: 'unavailable', reason: NO_LATENCY_REASON });
    expect(NO_LATENCY_REASON).toContain('no times');
    // A link's sort=latency claims no order on such a log.
    expect(ariaSort('status', { column: 'latency', desc: false }, false)).toBe('none');
  });

  test('with times it sorts by latency, as the other columns sort by themselves', () => {
    expect(headerMode('status', true)).toEqual({ kind: 'sort', key: 'latency', label: 'Status (by latency)' });
    expect(ariaSort('status', { column: 'latency', desc: true }, true)).toBe('descending');
    expect(headerMode('cmd', false)).toEqual({ kind: 'sort', key: 'command', label: 'Command' });
    expect(ariaSort('line', DEFAULT_SORT, false)).toBe('ascending');
    expect(headerMode('params', true)).toEqual({ kind: 'plain' });
  });
});
