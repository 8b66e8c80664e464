/**
 * The rate-limit texts already built, per rule: apart from the times, a burst's title and sentences are a function
 * of its rule and a few counts, so ten thousand bursts repeat a few hundred of them (rate-limit-text.ts builds them).
 */
import type { BurstFacts, ThrottleRule } from './rate-limit';
import { isTidy } from './text-tidy';

/**
 * Texts already built for a rule, by a numeric key that holds everything else they depend on: kept per rule
 * object (the five seed rules live as long as the module; an inferred rule's texts go with its bursts).
 */
export interface RuleTexts {
  readonly title: Map<number, string>;
  readonly head: Map<number, string>;
  readonly verdict: Map<number, string>;
  readonly tail: Map<number, string>;
  readonly retry: Map<number, string>;
  readonly advice: Map<number, string>;
  /** `isTidy(rule.label)`. */
  readonly tidyLabel: boolean;
}

const TEXTS = new WeakMap<ThrottleRule, RuleTexts>();
/** Counts in a key stay below this (a larger count is built, not cached): keys stay exact small integers. */
export const KEY_LIMIT = 4096;
/** Entries per table before it is emptied (odd logs with many distinct counts). */
const TEXTS_LIMIT = 1024;
export const NO_HANDLES: readonly string[] = [];

export function textsOf(rule: ThrottleRule): RuleTexts {
  let t = TEXTS.get(rule);
  if (t === undefined) {
    t = { title: new Map(), head: new Map(), verdict: new Map(), tail: new Map(), retry: new Map(), advice: new Map(), tidyLabel: isTidy(rule.label) };
    TEXTS.set(rule, t);
  }
  return t;
}

/** `build(f, handles)` from `table` under `key` (−1: not cacheable), built and kept on first use. */
export function cachedText(table: Map<number, string>, key: number, f: BurstFacts, handles: readonly string[], build: (f: BurstFacts, handles: readonly string[]) => string): string {
  return cached(table, key, () => build(f, handles));
}

/** `make()` from `table` under `key` (−1: not cacheable), made and kept on first use. */
export function cached(table: Map<number, string>, key: number, make: () => string): string {
  if (key < 0) return make();
  let text = table.get(key);
  if (text === undefined) {
    if (table.size >= TEXTS_LIMIT) table.clear();
    text = make();
    table.set(key, text);
  }
  return text;
}
