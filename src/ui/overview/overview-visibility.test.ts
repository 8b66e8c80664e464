import { describe, expect, test } from 'vitest';
import { parseSample } from '../../state/test-support';
import { MIN_OVERVIEW_MESSAGES, shouldShowOverview } from './overview-visibility';

describe('the overview strip is shown only on logs long enough for it', () => {
  test('a tiny sample (the 911 sign-in, 15 messages) has none; the rate-limit sample (119) has one', () => {
    const tiny = parseSample('login-failed');
    expect(tiny.events.length).toBeLessThan(MIN_OVERVIEW_MESSAGES);
    expect(shouldShowOverview(tiny.events.length)).toBe(false);
    const rate = parseSample('rate-limits');
    expect(rate.events.length).toBeGreaterThanOrEqual(MIN_OVERVIEW_MESSAGES);
    expect(shouldShowOverview(rate.events.length)).toBe(true);
  });

  test('the threshold itself shows it', () => {
    expect(shouldShowOverview(MIN_OVERVIEW_MESSAGES)).toBe(true);
    expect(shouldShowOverview(MIN_OVERVIEW_MESSAGES - 1)).toBe(false);
  });
});
