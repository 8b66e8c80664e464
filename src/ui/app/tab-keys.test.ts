import { describe, expect, it } from 'vitest';
import { tabAfterKey } from './tab-keys';

describe('arrow keys in the view tabs', () => {
  const tabs = ['timeline', 'transcript', 'findings'] as const;
  it('Left and Right move and wrap; Home and End jump; other keys do nothing', () => {
    expect(tabAfterKey(tabs, 'timeline', 'ArrowRight')).toBe('transcript');
    expect(tabAfterKey(tabs, 'findings', 'ArrowRight')).toBe('timeline');
    expect(tabAfterKey(tabs, 'timeline', 'ArrowLeft')).toBe('findings');
    expect(tabAfterKey(tabs, 'transcript', 'Home')).toBe('timeline');
    expect(tabAfterKey(tabs, 'transcript', 'End')).toBe('findings');
    expect(tabAfterKey(tabs, 'transcript', 'ArrowDown')).toBeNull();
    expect(tabAfterKey(tabs, 'transcript', 'j')).toBeNull();
  });
});
