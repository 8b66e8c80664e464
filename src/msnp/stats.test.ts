import { describe, expect, it } from 'vitest';
import { messagesFromLines } from '../test-utils/messages-from-lines';
import { buildEvents } from './build-events';
import { computeStats } from './stats';

describe('computeStats', () => {
  it('counts commands, errors by code and class, unanswered commands and orphans', () => {
    const { events, diagnostics } = buildEvents(messagesFromLines(
      '>>> CAL 5 a@b.com', '<<< 216 5', '>>> CAL 5 a@b.com', '<<< 713 5', '>>> CAL 6 c@d.com', '<<< 217 9', '<<< 299 9',
    ));
    const stats = computeStats(events, diagnostics);
    expect(stats.byCommand).toEqual({ 216: 1, 217: 1, 299: 1, 713: 1, CAL: 3 });
    expect(Object.values(stats.byCommand).reduce((a, b) => a + b, 0)).toBe(events.length);
    expect(stats.errorsByCode).toEqual({ 216: 1, 217: 1, 299: 1, 713: 1 });
    expect(stats.errorsByClass).toEqual({ '2xx': 3, '3xx': 0, '4xx': 0, '5xx': 0, '6xx': 0, '7xx': 1, '8xx': 0, '9xx': 0 });
    expect(stats.unanswered).toBe(1);
    expect(stats.orphans).toBe(2);
  });
});
