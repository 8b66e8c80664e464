import { describe, expect, it } from 'vitest';
import { verbCode } from './verb-code';
import {
  ASYNC_SERVER_VERBS, NS_ONLY_VERBS, SB_ONLY_VERBS, SYN_BURST_VERBS, isErrorVerb, isContinuation, VERB_ASYNC_SERVER,
  VERB_ERROR, VERB_HAS_CONTINUATIONS, VERB_NS_ONLY, VERB_SB_ONLY, VERB_SYN_BURST, verbTraits,
} from './verb-roles';

/** Every verb any table names, error codes, and strings that are not verbs at all (no verb code). */
const VERBS = [
  ...SB_ONLY_VERBS, ...NS_ONLY_VERBS, ...ASYNC_SERVER_VERBS, ...SYN_BURST_VERBS, 'MSG', 'USR', 'OUT', 'ZZZ',
  '911', '713', '200', 'msg', 'MS', 'MSGX', '9X1', '',
];

describe('verbTraits', () => {
  it('gives each verb the bits of the tables it is in, the same on every ask (cached by verb code or not)', () => {
    for (const verb of VERBS) {
      const expected =
        (SB_ONLY_VERBS.has(verb) ? VERB_SB_ONLY : 0) |
        (NS_ONLY_VERBS.has(verb) ? VERB_NS_ONLY : 0) |
        (ASYNC_SERVER_VERBS.has(verb) ? VERB_ASYNC_SERVER : 0) |
        // A command has continuations when some reply verb continues it.
        (['ILN', 'LST', 'FQY', 'GTC'].some((r) => isContinuation(verb, r)) ? VERB_HAS_CONTINUATIONS : 0) |
        (SYN_BURST_VERBS.has(verb) ? VERB_SYN_BURST : 0) |
        (isErrorVerb(verb) ? VERB_ERROR : 0);
      const mask = VERB_SB_ONLY | VERB_NS_ONLY | VERB_ASYNC_SERVER | VERB_HAS_CONTINUATIONS | VERB_SYN_BURST | VERB_ERROR;
      expect(verbTraits(verb) & mask, verb).toBe(expected);
      expect(verbTraits(verb, verbCode(verb)) & mask, `${verb} (again, with its code)`).toBe(expected);
    }
  });

  it('marks the continued commands of §3: CHG/ADD/ADC/ADL (ILN), SYN (the list), FQY', () => {
    const continued = VERBS.concat(['CHG', 'ADD', 'ADC', 'ADL', 'SYN', 'FQY']).filter((v) => (verbTraits(v) & VERB_HAS_CONTINUATIONS) !== 0);
    expect([...new Set(continued)].sort()).toEqual(['ADC', 'ADD', 'ADL', 'CHG', 'FQY', 'SYN']);
  });
});
