/**
 * Durations as the timeline, the detail pane and the exports say them, in one place so a latency reads the same
 * everywhere ("1.0 s" in the detail pane was "1000 ms" in the Status column).
 *
 * Most client logs stamp whole seconds (Pidgin's `(21:14:02)`, papyon's, aMSN's). Two lines in the same second
 * are then "0 ms" apart only on paper: the real gap is anything under a second, and "1000 ms" is anything from
 * a few ms to two seconds. Printing milliseconds there invents a precision the log does not have, and a reader
 * hunting a slow server takes "0 ms" and "1000 ms" at their word. So a log whose every time is a whole second
 * gets durations in whole seconds, and "<1 s" for the same second.
 */
import type { ParseResult } from '../msnp/types';
import { getEventIndex } from './filter/event-index';

/** How finely the log's clock counts: milliseconds (or finer), or whole seconds only. */
export type ClockStep = 'ms' | 'second';

const stepCache = new WeakMap<ParseResult, ClockStep>();

/**
 * 'second' when every time in the log is a whole second (and there is at least one), else 'ms'. One pass over
 * the index's time column, once per result.
 */
export function clockStepOf(result: ParseResult): ClockStep {
  const known = stepCache.get(result);
  if (known !== undefined) return known;
  const { time } = getEventIndex(result);
  let step: ClockStep = 'ms';
  for (let i = 0; i < time.length; i++) {
    const t = time[i] ?? Number.NaN;
    if (Number.isNaN(t)) continue;
    // A whole ms count that fits 32 bits (a log under 24 days) is checked with an integer remainder: `%` on a
    // double is a library call, and this pass over 1.6M times took 36 ms of the task that first draws the table.
    const i32 = t | 0;
    if (i32 === t ? i32 % 1000 !== 0 : t % 1000 !== 0) {
      step = 'ms';
      break;
    }
    step = 'second';
  }
  stepCache.set(result, step);
  return step;
}

function minutes(ms: number): string {
  const abs = Math.abs(ms);
  const min = Math.floor(abs / 60_000);
  const sec = Math.round((abs % 60_000) / 1000);
  return `${ms < 0 ? '-' : ''}${min} min${sec > 0 ? ` ${sec} s` : ''}`;
}

/**
 * A duration for humans. With a millisecond clock: `0 ms`, `120 ms`, `4.2 s`, `3 min 5 s`. With a whole-second
 * clock: `<1 s` (the same second), `1 s`, `22 s`, `3 min 5 s`.
 */
export function formatDuration(ms: number | null, step: ClockStep = 'ms'): string {
  if (ms === null) return '';
  const abs = Math.abs(ms);
  if (step === 'second') {
    if (abs < 1000) return '<1 s';
    if (abs < 60_000) return `${Math.round(ms / 1000)} s`;
    return minutes(ms);
  }
  if (abs < 1000) return `${Math.round(ms)} ms`;
  if (abs < 60_000) return `${(ms / 1000).toFixed(abs < 10_000 ? 1 : 0)} s`;
  return minutes(ms);
}

/** `+1.2 s` style delta since the previous message (`<1 s` within one clock second); empty without both times. */
export function formatDelta(prev: number | null, cur: number | null, step: ClockStep = 'ms'): string {
  if (prev === null || cur === null) return '';
  const d = formatDuration(cur - prev, step);
  return d.startsWith('<') ? d : `+${d}`;
}
