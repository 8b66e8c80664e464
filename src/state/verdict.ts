/**
 * The one-line verdict of a result, cached by result identity. A load from the worker arrives with it already
 * derived there (`primeVerdict`): building it reads every error event, and on the page each of those events is
 * cut from the log's bytes one by one (hundreds of milliseconds in one task on a large log). A result from
 * anywhere else (tests, a report link) has it built on first request.
 */
import { buildVerdict } from '../msnp/findings/verdict';
import type { ParseResult } from '../msnp/types';

const cache = new WeakMap<ParseResult, string>();

export function getVerdict(result: ParseResult): string {
  let v = cache.get(result);
  if (v === undefined) {
    v = buildVerdict(result.findings, result.events);
    cache.set(result, v);
  }
  return v;
}

export function primeVerdict(result: ParseResult, verdict: string): void {
  cache.set(result, verdict);
}
