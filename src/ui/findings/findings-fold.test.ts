import { describe, expect, it } from 'vitest';
import { findingsStartOpen } from './findings-fold';

describe('findings list opening', () => {
  it('opens on problems unless the window is short and narrow, and never for notes alone', () => {
    expect(findingsStartOpen(true, false)).toBe(true);
    expect(findingsStartOpen(true, true)).toBe(false);
    expect(findingsStartOpen(false, false)).toBe(false);
    expect(findingsStartOpen(false, true)).toBe(false);
  });
});
