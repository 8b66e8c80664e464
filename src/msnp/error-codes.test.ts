import { describe, expect, it } from 'vitest';
import { ERROR_CATALOG, ERROR_CODES, classOfCode, describeError, lookupError } from './error-codes';

/** Every code of the seed error list (its headings, plus 226 from its RMG example). */
const SEED_CODES = [
  200, 201, 205, 206, 207, 208, 209, 210, 213, 215, 216, 217, 218, 219, 223, 224, 225, 226, 227, 228, 229, 230, 231,
  240, 280, 281, 282, 300, 302, 402, 403, 420, 500, 501, 502, 510, 511, 520, 540, 600, 601, 602, 603, 604, 605, 700,
  710, 711, 712, 713, 714, 715, 717, 731, 800, 910, 911, 912, 913, 914, 915, 916, 917, 918, 919, 920, 921, 922, 923,
  924, 928, 931,
];
/** The seed marks these as never encountered. */
const NEVER_SEEN = [200, 231, 280, 281, 300, 302, 501, 510, 520, 600, 602, 604, 605, 700, 711, 712, 714, 717, 912, 914, 915, 916, 917, 918, 919, 920, 922];
/** Codes msnp-protocol.md §9 adds. */
const EXTRA_CODES = [203, 204, 212, 220, 232, 233, 234, 241, 283, 285, 290, 413, 419, 504, 508, 509, 606, 707, 718, 719, 726, 733, 734, 926, 927, 933, 935];

describe('error catalog', () => {
  it('has every seed code, marked as from the seed, with a meaning and a class matching its hundreds', () => {
    for (const code of SEED_CODES) {
      const info = ERROR_CATALOG.get(code);
      expect(info, `code ${code}`).toBeDefined();
      expect(info?.inSeed).toBe(true);
      expect(info?.meaning.length).toBeGreaterThan(20);
      expect(info?.class).toBe(`${String(code)[0]}xx`);
      expect(info?.name).toMatch(/^ERR_[A-Z0-9_]+$/);
    }
  });

  it('marks exactly the seed\'s never-encountered codes as never seen', () => {
    const marked = ERROR_CODES.filter((e) => e.neverSeen).map((e) => e.code);
    expect(marked).toEqual(NEVER_SEEN);
  });

  it('adds the reference codes the seed lacks, marked as not from the seed', () => {
    for (const code of EXTRA_CODES) expect(ERROR_CATALOG.get(code)?.inSeed, `code ${code}`).toBe(false);
    expect(ERROR_CATALOG.get(204)?.mayCarryPayload).toBe(true);
    expect(ERROR_CATALOG.get(241)?.mayCarryPayload).toBe(true);
    expect(ERROR_CATALOG.get(509)?.mayCarryPayload).toBe(true);
  });

  it('knows which codes close the connection', () => {
    expect(describeError(540).closesConnection).toBe('always');
    expect(describeError(731).closesConnection).toBe('always');
    expect(describeError(217).closesConnection).toBe('no');
  });

  it('lists codes in order, each once', () => {
    const codes = ERROR_CODES.map((e) => e.code);
    expect(codes).toEqual([...new Set(codes)].sort((a, b) => a - b));
  });

  it('turns an unknown code into an ErrorRef marked unknown, never dropping it', () => {
    expect(lookupError(299)).toEqual({ code: 299, name: 'unknown error', class: '2xx', known: false });
    expect(lookupError(911)).toEqual({ code: 911, name: 'ERR_AUTHENTICATION_FAILED', class: '9xx', known: true });
    expect(lookupError(911)).toBe(lookupError(911));
    expect(classOfCode(1234)).toBe('9xx');
    expect(describeError(299).title).toBe('Unknown error 299');
  });

  // Audit s13: facts checked against the seed entry by entry.
  it('228 is a rename (REG) refusal only: the seed says a new group (ADG) with a used name is accepted', () => {
    expect(describeError(228).triggers).toEqual(['REG']);
  });

  it('800: only for switchboard requests does the seed say that refused attempts count', () => {
    expect(describeError(800).meaning).toMatch(/For switchboard requests, refused attempts count/);
  });

  it('never-seen codes the sources give no trigger for do not name one', () => {
    expect(describeError(714).triggers).toEqual(['any command']);
    expect(describeError(717).triggers).toEqual(['any command']);
  });

  it('240 carries the seed\'s "disconnected" in its note', () => {
    expect(describeError(240).versionNote).toMatch(/disconnected/);
  });
});
