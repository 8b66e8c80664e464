import { describe, expect, it } from 'vitest';
import { findingBannerWords } from './finding-banner';

describe('the finding filter banner', () => {
  it('with the finding alone, counts its evidence and offers the whole log back', () => {
    expect(findingBannerWords(20, 119, false)).toEqual({
      lead: 'The timeline shows only the evidence of',
      tail: ' (20 of 119 messages).',
      clear: 'Clear the finding filter: show all 119 messages',
    });
    expect(findingBannerWords(1, 1, false).clear).toBe('Clear the finding filter: show the 1 message');
  });

  it('with other filters on, says the rows pass them too and does not promise the whole log', () => {
    const words = findingBannerWords(10, 119, true);
    expect(words.lead).not.toContain('only');
    expect(words.tail).toBe(' that the other filters also let through (10 of 119 messages).');
    expect(words.clear).toBe('Clear the finding filter (the other filters stay)');
    expect(words.clear).not.toContain('119');
  });
});
