/**
 * The reading stages' central promise, as a checkable function: every input line is accounted for exactly
 * once — inside an event (its [line, endLine] range, payload included; several inline events may share a line)
 * or as a non-protocol line, never both and never neither.
 */
import type { ParseResult } from './types';

export interface CoverageReport {
  /** 1-based lines covered by nothing. */
  readonly missing: number[];
  /** 1-based lines covered twice (two non-protocol entries, or an event and a non-protocol entry). */
  readonly duplicated: number[];
}

/** Check line coverage of a result. */
export function checkLineCoverage(result: ParseResult): CoverageReport {
  const n = result.input.lines;
  const byEvent = new Uint8Array(n + 2);
  const byNoise = new Uint8Array(n + 2);
  const duplicated: number[] = [];
  for (const e of result.events) {
    for (let l = e.line; l <= e.endLine && l <= n; l++) byEvent[l] = 1;
  }
  for (const np of result.nonProtocol) {
    if (byNoise[np.line] === 1 || byEvent[np.line] === 1) duplicated.push(np.line);
    byNoise[np.line] = 1;
  }
  const missing: number[] = [];
  for (let l = 1; l <= n; l++) if (byEvent[l] === 0 && byNoise[l] === 0) missing.push(l);
  return { missing, duplicated };
}
