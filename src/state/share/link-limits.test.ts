import { describe, expect, it } from 'vitest';
import { BROWSER_URL_LIMIT, judgeLinkLength, LINK_FITS_EVERYWHERE, LINK_WARN_LIMIT } from './link-limits';

describe('judgeLinkLength', () => {
  it('puts each boundary on the side the dialog promises', () => {
    expect(judgeLinkLength(1_175)).toBe('fits-everywhere');
    expect(judgeLinkLength(LINK_FITS_EVERYWHERE)).toBe('fits-everywhere');
    expect(judgeLinkLength(LINK_FITS_EVERYWHERE + 1)).toBe('fits-most');
    expect(judgeLinkLength(LINK_WARN_LIMIT)).toBe('fits-most');
    expect(judgeLinkLength(LINK_WARN_LIMIT + 1)).toBe('too-long-for-chat');
    expect(judgeLinkLength(BROWSER_URL_LIMIT)).toBe('too-long-for-chat');
    expect(judgeLinkLength(BROWSER_URL_LIMIT + 1)).toBe('too-long-for-browser');
  });

  it('keeps a margin under Chromium’s 2 MiB cap, where opening a link failed under load', () => {
    expect(BROWSER_URL_LIMIT).toBeLessThan(2 * 1024 * 1024 - 1024);
    expect(judgeLinkLength(2 * 1024 * 1024 - 1024)).toBe('too-long-for-browser');
  });
});
